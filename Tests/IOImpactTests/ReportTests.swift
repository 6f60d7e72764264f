import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest
@testable import IOImpact

/// Golden files: every reference case's report and charts, as committed in Reports/, must be what
/// the renderer produces now. Re-record with `make run` (or `swift run ioimpact reports`).
final class GoldenReportTests: XCTestCase {
    func testEveryReferenceCaseMatchesItsGoldenFiles() throws {
        var results: [RunResult] = []
        for id in try CaseLoader.shippedIDs() {
            let r = try Scenario.resolve(try CaseLoader.load(id)).run()
            results.append(r)
            for (name, contents) in ReportWriter.render(r).files {
                try compare(name: name, contents: contents)
            }
        }
        try compare(name: "README.md", contents: SummaryRenderer.render(results))
    }

    func compare(name: String, contents: String) throws {
        let path = projectRoot + "/Reports/static/" + name
        guard let golden = try? String(contentsOfFile: path, encoding: .utf8) else {
            return XCTFail("Reports/static/\(name) is missing: record it with `make run` (or `swift run ioimpact reports`)")
        }
        if golden != contents {
            let a = golden.split(separator: "\n", omittingEmptySubsequences: false)
            let b = contents.split(separator: "\n", omittingEmptySubsequences: false)
            let k = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, b.count)
            let was = k < a.count ? String(a[k]) : "<end of file>"
            let now = k < b.count ? String(b[k]) : "<end of file>"
            XCTFail("Reports/static/\(name) differs from the renderer at line \(k + 1):\n- committed: \(was)\n+ rendered:  \(now)\nRe-record with `make run` (or `swift run ioimpact reports`) if the change is intended.")
        }
    }

    func testRenderingIsDeterministic() throws {
        let a = ReportWriter.render(try Scenario.resolve(try CaseLoader.load("jp-re-1y-dir")).run())
        let b = ReportWriter.render(try Scenario.resolve(try CaseLoader.load("jp-re-1y-dir")).run())
        XCTAssertEqual(a.files.map(\.contents), b.files.map(\.contents))
    }
}

/// The pure renderer on a small fixture: the three-sector textbook table with a magnet cut.
final class RendererTests: XCTestCase {
    func fixtureResult(name: String = "Manufacturing") throws -> RunResult {
        let dir = temporaryDirectory()
        try writeMillerBlairTable(to: dir + "/t", overrides: [
            "sectors.csv": "code,name,name_local,gross_output\n1,Agriculture,,1000\n2,\(name),,2000\n3,Services,,1000\n",
        ])
        let dep = "material,sector,dependence,basis\nre_magnet,2,0.5,test\n"
        var text = caseText(table: "./t", kappa: 1)
        text += "\n[[published]]\nsource = \"A | study\"\nquantity = \"gdp_loss_percent\"\nvalue = 5.0\nunit = \"%\"\n"
        return try scenario(tableDir: dir + "/t", dependence: dep, caseBody: text).run()
    }

    func testReportHasEverySection() throws {
        let r = try fixtureResult()
        let md = ReportRenderer.render(r, charts: ("s.svg", "m.svg"))
        for heading in ["## Headline", "## Model against published estimates", "## Charts", "## How the shortage spreads",
                        "## Sectors hit hardest", "## Assumptions", "## Method notes", "## Provenance", "## Appendix: every sector"] {
            XCTAssertTrue(md.contains(heading), "missing \(heading)")
        }
        XCTAssertTrue(md.contains("![GDP loss by method](m.svg)"))
        XCTAssertTrue(md.contains("Oosterhaven"), "the Ghosh caveat")
        // The headline figure is the model's own: manufacturing capped at 0.5 × 0.6 = 30%.
        XCTAssertTrue(md.contains("| 2 | Manufacturing | 30.00% |"), md)
        XCTAssertFalse(md.contains(String(Calendar.current.component(.year, from: Date()))), "no run date in a report")
    }

    func testMarkdownEscaping() throws {
        let r = try fixtureResult(name: "Pipes | and *stars* _under_ [link](x)")
        let md = ReportRenderer.render(r, charts: nil)
        XCTAssertTrue(md.contains("Pipes \\| and \\*stars\\* \\_under\\_ \\[link\\](x)"), md)
        XCTAssertTrue(md.contains("A \\| study"))
        XCTAssertEqual(Markdown.escapeCell("a|b\nc"), "a\\|b c")
        let svg = Charts.sectorLosses(r)
        XCTAssertTrue(svg.contains("Pipes | and *stars*"))
        XCTAssertFalse(svg.contains("<link"))
        XCTAssertEqual(Charts.esc("<a & \"b\">"), "&lt;a &amp; &quot;b&quot;&gt;")
    }

    func testChartsAreWellFormedSVG() throws {
        let r = try fixtureResult()
        for svg in [Charts.sectorLosses(r), Charts.methodBracket(r)] {
            XCTAssertTrue(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
            XCTAssertTrue(svg.hasSuffix("</svg>\n"))
            let parser = XMLParser(data: Data(svg.utf8))
            XCTAssertTrue(parser.parse(), "SVG does not parse: \(parser.parserError.map { "\($0)" } ?? "")")
        }
        XCTAssertTrue(Charts.methodBracket(r).contains("published 5.00%"))
    }
}

final class AtomicWriteTests: XCTestCase {
    func testFailedWriteLeavesThePreviousFileIntact() throws {
        let dir = temporaryDirectory()
        let path = dir + "/report.md"
        try writeFileAtomically("previous", to: path)
        // A directory in the way of the temporary file's rename target makes the write fail.
        let blocked = dir + "/blocked"
        try FileManager.default.createDirectory(atPath: blocked + "/report.md", withIntermediateDirectories: true)
        try "x".write(toFile: blocked + "/report.md/keep", atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try writeFileAtomically("new", to: blocked + "/report.md"))
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "previous")
        try writeFileAtomically("new", to: path)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "new")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.contains(".tmp-") }
        XCTAssertEqual(leftovers, [], "no temporary files left behind")
    }

    func testBadCaseWritesNothing() throws {
        // The command renders everything before writing: a case that fails to resolve never reaches the writer.
        let dir = temporaryDirectory()
        let bad = dir + "/bad.toml"
        try "format = \"ioimpact-case/1\"\nid = \"bad\"\nmisspelt = 1\n".write(toFile: bad, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try Scenario.resolve(try CaseLoader.load(path: bad)))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), ["bad.toml"])
    }
}
