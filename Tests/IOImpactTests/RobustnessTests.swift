import Foundation
import XCTest
@testable import IOImpact

/// Issue 11 at the library level: parameter domains, misleading messages, impossible output,
/// report sets written together, no reference report replaced, fuzz crashes replayed.
final class RobustnessTests: XCTestCase {
    let repro = fixturesDir + "/repro"

    func message(_ body: () throws -> Void, file: StaticString = #filePath, line: UInt = #line) -> String {
        do { try body(); XCTFail("expected an error", file: file, line: line); return "" } catch { return "\(error)" }
    }

    func write(_ text: String, _ name: String, in dir: String) throws -> String {
        let p = dir + "/" + name
        try text.write(toFile: p, atomically: true, encoding: .utf8)
        return p
    }

    // MARK: Parameter files and calibration specs are range-checked

    func testParameterFilesAreRangeChecked() throws {
        let dir = temporaryDirectory()
        for (k, v, want) in [("all.origin_share", "-1", "must be in [0, 1], found -1.0"), ("all.replacement_share", "2", "must be in [0, 1], found 2.0"),
                             ("critical_mineral.scale", "-1", "must be non-negative, found -1.0"), ("theta", "nan", "must be a finite number, found nan"),
                             ("kappa", "-0.5", "must be non-negative, found -0.5")] {
            let key = k.contains(".") ? "\"\(k)\"" : k
            let p = try write("format = \"ioimpact-parameters/1\"\nprofile = \"x\"\n\n[parameters]\n\(key) = \(v)\n", "p.toml", in: dir)
            let e = message { _ = try ParameterFile.load(path: p) }
            XCTAssertTrue(e.contains("p.toml line 5, key 'parameters.\(k)': \(want)"), e)
        }
    }

    func specText(_ parameter: String, uncertainty: String = "") -> String {
        """
        format = "ioimpact-calibration/1"
        profile = "x"
        title = "x"
        targets = "targets.csv"
        output = "out.toml"

        \(parameter)

        [[fit]]
        target = "dir-re-1y-gdp"
        case = "jp-re-1y-dir"
        \(uncertainty)
        """
    }

    func testSpecCountsAndRangesAreChecked() throws {
        // The shipped spec with one setting moved out of its range.
        let dir = temporaryDirectory()
        let shipped = try String(contentsOfFile: projectRoot + "/Tables/calibration/shared.toml", encoding: .utf8)
        let cases: [(String, String, String)] = [
            ("chains = 4", "chains = 1", "key 'sampler.chains': must be 2 to 1000000, found 1"),
            ("draws = 3000", "draws = 9223372036854775807", "key 'sampler.draws': must be 4 to 1000000"),
            ("dependent_high = 0.9", "dependent_high = 1.5",
             "key 'predictive.dependent_high': need 0 ≤ dependent_low ≤ dependent_high ≤ 1"),
            ("tonnage_spread = 0.2", "tonnage_spread = inf", "key 'predictive.tonnage_spread'"),
            ("industries = [", "industries = [] #", "key 'evidence.industries': names no IIP industry"),
        ]
        for (from, to, want) in cases {
            XCTAssertTrue(shipped.contains(from), from)
            let p = try write(shipped.replacingOccurrences(of: from, with: to), "spec.toml", in: dir)
            let e = message { _ = try CalibrationSpec.load(path: p) }
            XCTAssertTrue(e.contains("spec.toml line") && e.contains(want), e)
        }
    }

    // MARK: Messages that mislead

    func testUnclosedQuoteBlamesItsOwnFile() throws {
        let dir = temporaryDirectory()
        let src = projectRoot + "/Tables/jp-2015-37"
        for f in try FileManager.default.contentsOfDirectory(atPath: src) { try FileManager.default.copyItem(atPath: src + "/" + f, toPath: dir + "/" + f) }
        var lines = try String(contentsOfFile: dir + "/sectors.csv", encoding: .utf8).components(separatedBy: "\n")
        lines[3] = "\"" + lines[3]
        try lines.joined(separator: "\n").write(toFile: dir + "/sectors.csv", atomically: true, encoding: .utf8)
        let e = message { _ = try TableLoader.load(directory: dir) }
        XCTAssertTrue(e.hasSuffix("sectors.csv line 4: a quoted field runs past the end of the line (an unclosed quote?)"), e)
    }

    func testControlCharactersAreEscaped() throws {
        let dir = temporaryDirectory()
        let src = fixturesDir + "/pymrio_test"
        try FileManager.default.copyItem(atPath: src, toPath: dir + "/p")
        var z = try String(contentsOfFile: dir + "/p/Z.txt", encoding: .utf8).components(separatedBy: "\n")
        var cells = z[3].components(separatedBy: "\t")
        cells[3] = "1666.3\r06"
        z[3] = cells.joined(separator: "\t")
        try z.joined(separator: "\n").write(toFile: dir + "/p/Z.txt", atomically: true, encoding: .utf8)
        let e = message { _ = try PymrioLoader.load(directory: dir + "/p") }
        XCTAssertTrue(e.contains("'1666.3\\r06' is not a number"), e)
        XCTAssertFalse(e.contains("\r"), e)
    }

    func testHouseholdsAreNotASector() throws {
        // All final demand is household consumption and all value added compensation: the closed model has
        // no leakage, Type II is undefined and left out; no error calls households a sector.
        let dir = temporaryDirectory()
        try writeMillerBlairTable(to: dir, overrides: ["final_demand.csv": "code,hh,ex\n1,300,0\n2,1300,0\n3,150,0\n"])
        let m = try LeontiefModel(table: try TableLoader.load(directory: dir))
        let mult = try m.multipliers(propensity: .init(value: 1, basis: "test"))
        XCTAssertNil(mult.outputTypeII)
        XCTAssertTrue(mult.typeIIBasis.contains("singular"), mult.typeIIBasis)
        XCTAssertFalse(LinearAlgebraError.singular(index: 3, label: "(household row of the Type II closure)").description.contains("sector households"))
    }

    func testTypeIIUsesAStatedPropensity() throws {
        // Japan 2015: closed with MIC's convention (0.738), not consumption/compensation (1.15), which
        // made medical services' output multiplier 3.30 against 1.56 in Type I.
        let m = try LeontiefModel(table: try shippedTable("jp-2015-37"))
        let mult = try m.multipliers()
        XCTAssertTrue(mult.typeIIBasis.contains("0.738"), mult.typeIIBasis)
        let j = m.table.sectors.firstIndex { $0.name.lowercased().contains("medical") }!
        XCTAssertGreaterThan(mult.outputTypeII![j], mult.output[j])
        XCTAssertLessThan(mult.outputTypeII![j], mult.output[j] * 1.8, "Type II \(mult.outputTypeII![j]) against Type I \(mult.output[j])")
        // No stated propensity (US): Type I only, and the basis says why.
        let us = try LeontiefModel(table: try shippedTable("us-2022-71")).multipliers()
        XCTAssertNil(us.outputTypeII)
        XCTAssertTrue(us.typeIIBasis.contains("no stated propensity to consume for USA"), us.typeIIBasis)
        // No compensation row (pymrio): income is not available, not zero.
        let p = try LeontiefModel(table: try PymrioLoader.load(directory: fixturesDir + "/pymrio_test"))
        let pm = try p.multipliers()
        XCTAssertFalse(pm.incomeAvailable)
        XCTAssertTrue(TableViews.multipliers(p, pm, format: .csv).contains("not available"))
    }

    func testCorruptExtensionParametersAreAnError() throws {
        let dir = temporaryDirectory()
        try FileManager.default.copyItem(atPath: fixturesDir + "/pymrio_test", toPath: dir + "/p")
        let ext = try FileManager.default.contentsOfDirectory(atPath: dir + "/p").sorted().first { FileManager.default.fileExists(atPath: dir + "/p/\($0)/file_parameters.json") }!
        try "{not json".write(toFile: dir + "/p/\(ext)/file_parameters.json", atomically: true, encoding: .utf8)
        let e = message { _ = try PymrioLoader.load(directory: dir + "/p") }
        XCTAssertTrue(e.contains("\(ext)/file_parameters.json: is not pymrio's file_parameters.json"), e)
    }

    func testPymrioUnitIsRead() throws {
        let t = try PymrioLoader.load(directory: fixturesDir + "/pymrio_test")
        XCTAssertEqual(t.metadata.unit, "Mill USD")
    }

    // MARK: Impossible output

    func testNoStaticMethodLosesMoreThanTheWholeOutputOn185Sectors() throws {
        let c = try CaseLoader.load(path: repro + "/case-table-185.toml")
        let s = try Scenario.resolve(c)
        let caps = s.shock().caps
        for method in [PropagationMethod.mixed, .industryFirst, .strict, .proportional, .ghosh] {
            let r = try s.propagate(method, caps: caps)
            for (j, x) in r.output.enumerated() {
                XCTAssertGreaterThanOrEqual(x, -1e-9 * s.table.grossOutput[j], "\(method) sector \(s.table.codes[j]): negative output")
                XCTAssertLessThanOrEqual(x, s.table.grossOutput[j] * (1 + 1e-9), "\(method) sector \(s.table.codes[j])")
            }
        }
    }

    func testProportionalRoundsStopWhenSettled() throws {
        var c = try CaseLoader.load(path: repro + "/case-base.toml")
        c.method = .proportional
        c.rounds = CaseLoader.maxRounds
        let s = try Scenario.resolve(c)
        let start = Date()
        let many = try s.propagate(.proportional, caps: s.shock().caps)
        XCTAssertLessThan(Date().timeIntervalSince(start), 10)
        var few = c
        few.rounds = s.table.count + 1
        let settled = try Scenario.resolve(few).propagate(.proportional, caps: s.shock().caps)
        assertClose(many.output, settled.output, relative: 1e-12)
    }

    // MARK: Report sets

    func testReportSetIsReplacedTogetherOrNotAtAll() throws {
        let dir = temporaryDirectory()
        try ReportWriter.writeSet([(dir + "/a.md", "old a"), (dir + "/a.svg", "old svg")])
        // A folder in the way of the chart: nothing is replaced, the report included.
        try FileManager.default.createDirectory(atPath: dir + "/b.svg", withIntermediateDirectories: true)
        let e = message { try ReportWriter.writeSet([(dir + "/a.md", "new a"), (dir + "/a.svg", "new svg"), (dir + "/b.svg", "x")]) }
        XCTAssertTrue(e.contains("b.svg: cannot be written: a folder is in the way (nothing was written)"), e)
        XCTAssertEqual(try String(contentsOfFile: dir + "/a.md", encoding: .utf8), "old a")
        XCTAssertEqual(try String(contentsOfFile: dir + "/a.svg", encoding: .utf8), "old svg")
        try ReportWriter.writeSet([(dir + "/a.md", "new a"), (dir + "/a.svg", "new svg")])
        XCTAssertEqual(try String(contentsOfFile: dir + "/a.md", encoding: .utf8), "new a")
        XCTAssertEqual(try String(contentsOfFile: dir + "/a.svg", encoding: .utf8), "new svg")
        // Temporaries of a process that died (SIGKILL) are cleaned by the next write; none of ours remain.
        try "stale".write(toFile: dir + "/.a.md.tmp-999999", atomically: false, encoding: .utf8)
        try ReportWriter.writeSet([(dir + "/a.md", "newer a")])
        let hidden = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix(".") }
        XCTAssertEqual(hidden, [], "temporaries left behind")
    }

    func testUserCaseCannotReplaceAReferenceReport() throws {
        let reports = temporaryDirectory() + "/Reports"
        let refs = projectRoot + "/Tables/cases"
        let user = temporaryDirectory() + "/jp-re-1y-dir.toml"
        try FileManager.default.copyItem(atPath: refs + "/jp-re-1y-dir.toml", toPath: user)
        let e = message {
            try ReportWriter.checkNotReplacingReference(caseID: "jp-re-1y-dir", caseFile: user, directory: reports, references: refs, reportsFolder: reports)
        }
        XCTAssertTrue(e.contains("key 'id': 'jp-re-1y-dir' is a reference case's id, and this file is not that case"), e)
        // The reference case itself, another folder, or another id: allowed.
        try ReportWriter.checkNotReplacingReference(caseID: "jp-re-1y-dir", caseFile: refs + "/jp-re-1y-dir.toml", directory: reports, references: refs, reportsFolder: reports)
        try ReportWriter.checkNotReplacingReference(caseID: "jp-re-1y-dir", caseFile: user, directory: reports + "/mine", references: refs, reportsFolder: reports)
        try ReportWriter.checkNotReplacingReference(caseID: "my-case", caseFile: user, directory: reports, references: refs, reportsFolder: reports)
    }

    // MARK: Machine-readable output

    func testJSONTablesCarryNumbersAsNumbers() throws {
        let t = TextTable(header: ["case", "job-years lost", "bracket %", "first stop (week)"],
                          rows: [["jp-re-1y-dir", "583,655", "0.92–2.81", "–"]], rightAligned: [1, 2, 3])
        let obj = try JSONSerialization.jsonObject(with: Data(t.render(.json).utf8)) as! [[String: Any]]
        XCTAssertEqual(obj[0]["job-years lost"] as? Double, 583655)
        XCTAssertEqual(obj[0]["bracket %"] as? String, "0.92–2.81")
        XCTAssertTrue(obj[0]["first stop (week)"] is NSNull)
        XCTAssertEqual(obj[0]["case"] as? String, "jp-re-1y-dir")
    }

    // MARK: Readable everywhere

    func testWideCharactersAlignAndTruncate() throws {
        let t = TextTable(header: ["code", "name"], rows: [["3511", "乗用車"], ["9999", "abcdef"]]).text()
        let lines = t.split(separator: "\n").map(String.init)
        // "乗用車" takes six columns, as wide as "abcdef": the separator row is six dashes under "name".
        XCTAssertEqual(lines[1], "----  ------")
        XCTAssertEqual(TextTable.displayWidth("自動車部品・同附属品 (3531)"), 27)
        let cut = Charts.truncated(String(repeating: "部", count: 30), columns: 42)
        XCTAssertEqual(cut, String(repeating: "部", count: 20) + "…")
        XCTAssertEqual(Charts.truncated("short", columns: 42), "short")
        // Axes end near the largest bar: 5.1 on an axis to 6 (it was 10), 1.05 to 1.2, 0.43 to 0.5.
        XCTAssertEqual(Charts.niceMax(5.1), 6)
        XCTAssertEqual(Charts.niceMax(1.05), 1.2, accuracy: 1e-12)
        XCTAssertEqual(Charts.niceMax(0.43), 0.5, accuracy: 1e-12)
    }

    // MARK: Fuzz crashes

    /// toml++ aborts on a '}' where an array expects a value (make fuzz, 2026-11-29); the reader refuses it first,
    /// with its line, wherever the array sits; valid arrays and braces inside strings still pass.
    func testBraceWhereAnArrayExpectsAValueIsRefused() throws {
        for (text, line) in [("a = [}\n", 1), ("a = [1, }\n", 1), ("x = 1\na = [ # note\n}]\n", 3), ("a = {b = [}]}\n", 1), ("a = [[0, 1], [}]]\n", 1)] {
            XCTAssertThrowsError(try TOMLReader(path: "c.toml", text: text), text) { e in
                XCTAssertEqual((e as? InputError)?.line, line, "\(e)")
                XCTAssertTrue("\(e)".contains("an array needs a value or ']' here, saw '}'"), "\(e)")
            }
        }
        for text in ["a = [ ]\n", "a = [{}, {b = 1}]\n", "a = { }\n", "a = [\"}\", '}']\n", "a = [1, 2, ]\n"] {
            XCTAssertNoThrow(try TOMLReader(path: "c.toml", text: text), text)
        }
    }

    /// Every input the fuzz target (make fuzz) found crashing is replayed: it must now be refused or accepted, not crash.
    func testFuzzCrashesReplay() throws {
        let dir = fixturesDir + "/fuzz-crashes"
        let files = (try? FileManager.default.contentsOfDirectory(atPath: dir))?.filter { !$0.hasPrefix(".") }.sorted() ?? []
        for f in files {
            let data = FileManager.default.contents(atPath: dir + "/" + f) ?? Data()
            _ = ParserHarness.run(Array(data), scratch: temporaryDirectory() + "/scratch")
        }
        // The seed layout itself parses: a shipped case through the harness is accepted.
        let text = try String(contentsOfFile: projectRoot + "/Tables/cases/jp-re-1y-dir.toml", encoding: .utf8)
        XCTAssertNil(ParserHarness.run(ParserHarness.input(.dynamicCase, [text]), scratch: temporaryDirectory() + "/scratch"))
    }
}
