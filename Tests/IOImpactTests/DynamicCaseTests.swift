import Foundation
import XCTest
@testable import IOImpact

/// `ioimpact-case/2` files: strict reading, errors naming the file, the line and the key; the
/// reference cases resolve; reports are golden files and deterministic.
final class DynamicCaseTests: XCTestCase {
    let good = """
    format = "ioimpact-case/2"
    id = "t"
    title = "t"
    table = "jp-2015-185"
    start = "2026-01-01"
    horizon_months = 12
    [[cut]]
    material = "re_dytb"
    origin = "CHN"
    flow = [[0, 1], [0, 0], [90, 0], [90, 1]]
    flow_basis = "test"
    """

    func resolve(_ text: String) throws -> DynamicModel {
        try DynamicModel.resolve(try DynamicCaseLoader.parse(path: "case.toml", text: text))
    }

    func assertRefused(_ text: String, _ expected: String, line: Int? = nil, file: StaticString = #filePath, fline: UInt = #line) {
        XCTAssertThrowsError(try resolve(text), file: file, line: fline) { e in
            guard let e = e as? InputError else { return XCTFail("not an InputError: \(e)", file: file, line: fline) }
            XCTAssertTrue(e.description.contains(expected), "message: \(e.description)", file: file, line: fline)
            if let line { XCTAssertEqual(e.line, line, e.description, file: file, line: fline) }
            XCTAssertFalse(e.description.contains("\n"), "one line", file: file, line: fline)
        }
    }

    func testGoodCaseResolves() throws {
        let m = try resolve(good)
        XCTAssertEqual(m.timeline.periods, 53)
        XCTAssertEqual(m.materials.map(\.id).contains("re_dytb"), true)
    }

    func testScheduleNotIncreasingInTime() {
        assertRefused(good.replacingOccurrences(of: "[[0, 1], [0, 0], [90, 0], [90, 1]]", with: "[[0, 1], [60, 0], [30, 0], [90, 1]]"),
                      "key 'cut.flow': days must not decrease", line: 10)
    }

    func testSharesOutsideTheirDomain() {
        assertRefused(good.replacingOccurrences(of: "[90, 0], [90, 1]]", with: "[90, -0.2], [90, 1]]"), "flow share -0.2 on day 90 is outside [0, 3]")
        assertRefused(good + "\norigin_share = 1.5\norigin_share_basis = \"x\"\n", "key 'cut.origin_share': 1.5 is not a share in [0, 1]")
        assertRefused(good + "\n[substitution]\nceiling = 2\nbasis = \"x\"\n", "key 'substitution.ceiling': 2.0 is not a share in [0, 1]")
    }

    func testNaNAndInfinityAreRefused() {
        assertRefused(good + "\n[stocks]\ndays = nan\nbasis = \"x\"\n", "key 'stocks.days': must be a finite number")
        assertRefused(good.replacingOccurrences(of: "[90, 0], [90, 1]]", with: "[90, inf], [90, 1]]"), "numbers must be finite")
    }

    func testNegativeTonnesOfAUserMaterial() {
        let m = good + """

        [[material]]
        id = "x_metal"
        name = "X"
        group = "critical_mineral"
        basis = "test"
        origins = { CHN = 1.0 }
        origins_basis = "test"
        [[material.use]]
        sector = "3511"
        tonnes_per_year = -5
        essentiality = 0.5
        reason = "test"
        """
        assertRefused(m, "key 'material.use.tonnes_per_year': must be non-negative, found -5.0")
    }

    func testUnknownMaterialAndSector() {
        assertRefused(good.replacingOccurrences(of: "re_dytb", with: "unobtainium"), "unknown material 'unobtainium'", line: 8)
        assertRefused(good + "\n[allocation]\nrule = \"priority\"\npriority_sectors = [\"9999\"]\n", "unknown sector '9999'", line: 14)
    }

    /// `start` may be a TOML local date without quotes; it reads as the same day.
    func testStartAsAnUnquotedTOMLDate() throws {
        let quoted = try DynamicCaseLoader.parse(path: "case.toml", text: good)
        let bare = try DynamicCaseLoader.parse(path: "case.toml", text: good.replacingOccurrences(of: "start = \"2026-01-01\"", with: "start = 2026-01-01"))
        XCTAssertEqual(bare.start, quoted.start)
        assertRefused(good.replacingOccurrences(of: "start = \"2026-01-01\"", with: "start = 2026-01-01T00:00:00"), "key 'start': must be a date YYYY-MM-DD", line: 5)
    }

    /// Errors found only once the table and catalogue are known name the line of their own block and key.
    func testErrorsFoundAfterParsingNameTheirLineAndKey() {
        let second = good + "\n[[cut]]\nmaterial = \"re_ndpx\"\norigin = \"CHN\"\nflow = [[0, 1], [0, 0], [90, 0], [90, 1]]\nflow_basis = \"test\"\n"
        assertRefused(second, "line 13, key 'cut.material': unknown material 're_ndpx'", line: 13)
        assertRefused(good.replacingOccurrences(of: "origin = \"CHN\"", with: "origin = \"XXX\""), "key 'cut.origin': no origin share of re_dytb from 'XXX'", line: 9)
        assertRefused(good.replacingOccurrences(of: "table = ", with: "destination = \"JPX\"\ntable = "), "key 'destination': no origin shares of re_dytb to 'JPX'", line: 4)
        assertRefused(good + "\n[stocks]\ndays = 10\nbasis = \"test\"\n[stocks.by_material]\nre_dytx = 5\n", "key 'stocks.by_material.re_dytx': unknown material", line: 16)
        assertRefused(good + "\n[[stockpile]]\nmaterial = \"re_dytb\"\ntonnes = 10\nmax_tonnes_per_week = 1\nusers = [\"0000\"]\nbasis = \"test\"\n",
                      "key 'stockpile.users': unknown sector '0000'", line: 16)
        assertRefused(good.replacingOccurrences(of: "jp-2015-185", with: "jp-2015-999"), "key 'table': unknown table", line: 4)
    }

    func testHorizonShorterThanTheCut() {
        assertRefused(good.replacingOccurrences(of: "horizon_months = 12", with: "horizon_months = 2"),
                      "the cut lasts to day 90, beyond the horizon (59 days)")
        assertRefused(good.replacingOccurrences(of: "[[0, 1], [0, 0], [90, 0], [90, 1]]", with: "[[0, 0]]"), "never returns to 1")
        assertRefused(good.replacingOccurrences(of: "horizon_months = 12", with: "horizon_months = 61"), "must be 1 to 60 months")
    }

    func testUnknownKeyAndWrongFormat() {
        assertRefused(good + "\n[stocks]\nday = 3\n", "unknown key (did you mean 'days'?)")
        assertRefused(good.replacingOccurrences(of: "ioimpact-case/2", with: "ioimpact-case/3"), "unsupported case format 'ioimpact-case/3'")
        assertRefused(good.replacingOccurrences(of: "2026-01-01", with: "2026-02-30"), "'2026-02-30' is not a date")
    }

    func testVersionOneFilesStillLoadAsStaticCases() throws {
        guard case .staticCase(let c) = try AnyCase.load(projectRoot + "/Tables/cases/static/jp-re-1y-dir.toml") else {
            return XCTFail("a format-1 file loads as a static case")
        }
        XCTAssertEqual(c.id, "jp-re-1y-dir")
    }

    func testEveryReferenceCaseMatchesItsGoldenReportAndIsDeterministic() throws {
        var runs: [DynamicRun] = []
        for id in try DynamicCaseLoader.shippedIDs() {
            let r = try DynamicRun.run(try DynamicCaseLoader.load(path: try DynamicCaseLoader.casesDirectory() + "/\(id).toml"))
            runs.append(r)
            for (name, contents) in DynamicReport.files(r).files { try compareGolden(name, contents) }
        }
        let statics = try CaseLoader.shippedIDs().map { try Scenario.resolve(try CaseLoader.load($0)).run() }
        let bridge = try ConsistencyBridge.run()
        try compareGolden("README.md", DynamicSummary.render(runs, statics: statics, consistency: bridge))
        let again = try DynamicRun.run(runs[0].model.dynamicCase)
        XCTAssertEqual(DynamicReport.files(again).files.map(\.contents), DynamicReport.files(runs[0]).files.map(\.contents))
    }

    func compareGolden(_ name: String, _ contents: String) throws {
        let path = projectRoot + "/Reports/" + name
        guard let golden = try? String(contentsOfFile: path, encoding: .utf8) else {
            return XCTFail("Reports/\(name) is missing: record it with `make run`")
        }
        if golden != contents {
            let a = golden.split(separator: "\n", omittingEmptySubsequences: false)
            let b = contents.split(separator: "\n", omittingEmptySubsequences: false)
            let k = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, b.count)
            XCTFail("Reports/\(name) differs from the renderer at line \(k + 1):\n- committed: \(k < a.count ? String(a[k]) : "<end>")\n+ rendered:  \(k < b.count ? String(b[k]) : "<end>")\nRe-record with `make run` if intended.")
        }
    }
}
