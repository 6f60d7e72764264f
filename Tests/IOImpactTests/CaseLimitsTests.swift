import Foundation
import XCTest
@testable import IOImpact

/// Issue 21, items 1 and 2: a case id is a file name and stays one; reports stay in their folder;
/// `--output` is never empty; every number of a case has a limit named in its message; ambiguous
/// input (a second stockpile, a doubly-cut material, 'ALL' on a national table, a multi-line title)
/// is refused. The inputs quoted in the issue are the fixtures.
final class CaseLimitsTests: XCTestCase {
    /// A small valid time-stepped case on the 37-sector table (as Fixtures/repro/case2-base.toml).
    static let base = """
    format = "ioimpact-case/2"
    id = "limits"
    title = "limits"
    table = "jp-2015-37"
    start = "2026-01-01"
    horizon_months = 12
    step_days = 7

    [[cut]]
    material = "re_ndpr"
    origin = "CHN"
    flow = [[0, 1], [0, 0], [180, 0], [180, 1]]
    flow_basis = "test"

    """

    static let staticBase = """
    format = "ioimpact-case/1"
    id = "limits"
    title = "limits"
    table = "jp-2015-37"
    duration_days = 365

    [model]
    method = "industry-first"
    kappa = 0.5
    kappa_basis = "test"

    [[material]]
    id = "re_magnet"
    origin_share = 0.6
    origin_basis = "test"

    """

    /// The error of parsing and resolving `text`: one line, naming the file, the line and the key.
    func refused(_ text: String, _ expected: String..., line: Int? = nil, staticCase: Bool = false,
                 file: StaticString = #filePath, fline: UInt = #line) {
        do {
            if staticCase {
                _ = try Scenario.resolve(try CaseLoader.parse(path: "case.toml", text: text))
            } else {
                _ = try DynamicModel.resolve(try DynamicCaseLoader.parse(path: "case.toml", text: text))
            }
            XCTFail("accepted; expected: \(expected)", file: file, line: fline)
        } catch let e as InputError {
            for x in expected {
                XCTAssertTrue(e.description.contains(x), "'\(x)' not in: \(e.description)", file: file, line: fline)
            }
            if let line { XCTAssertEqual(e.line, line, e.description, file: file, line: fline) }
            XCTAssertTrue(e.description.hasPrefix("case.toml"), e.description, file: file, line: fline)
            XCTAssertFalse(e.description.contains("\n"), "one line: \(e.description)", file: file, line: fline)
        } catch {
            XCTFail("not an InputError: \(error)", file: file, line: fline)
        }
    }

    func withID(_ id: String, _ text: String = base) -> String {
        text.replacingOccurrences(of: "id = \"limits\"", with: "id = \(id)")
    }

    // MARK: Item 1: names are names

    func testTheIssuesIDsAreRefusedWithTheirLine() {
        let ids = ["../Reports/jp-re-1y-dir", "../../x", "", "Upper", ".hidden", "-dash", "a/b", "a b"]
        for id in ids.map({ "\"\($0)\"" }) {
            refused(withID(id), "line 2, key 'id'", line: 2)
            refused(withID(id, Self.staticBase), "line 2, key 'id'", line: 2, staticCase: true)
        }
        refused(withID("\"../Reports/jp-re-1y-dir\""), "must match [a-z0-9][a-z0-9._-]*")
        refused(withID("\"\""), "an empty id")
        refused(withID("\"" + String(repeating: "a", count: 101) + "\""), "101 characters; a case id is at most 100")
    }

    func testValidIDsStillLoad() throws {
        for id in ["jp-re-1y-dir", "a", "0.case_2-b", String(repeating: "a", count: 100)] {
            XCTAssertEqual(try DynamicCaseLoader.parse(path: "case.toml", text: withID("\"\(id)\"")).id, id)
        }
    }

    func testReportPathsStayInTheirFolder() throws {
        let dir = temporaryDirectory()
        XCTAssertEqual(try ReportWriter.path(of: "x.md", in: dir),
                       URL(fileURLWithPath: dir + "/x.md").standardizedFileURL.path)
        for name in ["../x.md", "../../x.md", ".md", "", "a/../../b.md", ".."] {
            XCTAssertThrowsError(try ReportWriter.path(of: name, in: dir), name) { e in
                XCTAssertTrue("\(e)".contains("would not stay inside this folder"), "\(e)")
            }
        }
        XCTAssertThrowsError(try ReportWriter.write([.init(files: [("../escape.md", "x")])], to: dir))
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/../escape.md"))
        XCTAssertThrowsError(try ReportWriter.path(of: "x.md", in: "")) { e in
            XCTAssertTrue("\(e)".contains("empty folder name"), "\(e)")
        }
    }

    func testATraversingIDWritesNothingThroughTheCommand() throws {
        let root = temporaryDirectory()
        let cases = root + "/cases", reports = root + "/Reports"
        try FileManager.default.createDirectory(atPath: cases, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: reports, withIntermediateDirectories: true)
        let before = try String(contentsOfFile: projectRoot + "/Reports/jp-re-1y-dir.md", encoding: .utf8)
        for id in ["../Reports/jp-re-1y-dir", "../../x", ""] {
            try withID("\"\(id)\"").write(toFile: cases + "/mine.toml", atomically: true, encoding: .utf8)
            let r = try runCommand(["run", cases + "/mine.toml"])
            XCTAssertEqual(r.status, 1, r.err)
            XCTAssertTrue(r.err.contains("mine.toml line 2, key 'id'"), r.err)
            XCTAssertEqual(r.err.split(separator: "\n").count, 1, r.err)
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: reports), [])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: cases), ["mine.toml"])
        let parent = URL(fileURLWithPath: root).deletingLastPathComponent().path
        XCTAssertFalse(FileManager.default.fileExists(atPath: parent + "/x.md"))
        XCTAssertEqual(try String(contentsOfFile: projectRoot + "/Reports/jp-re-1y-dir.md", encoding: .utf8), before)
    }

    func testAnEmptyOutputFolderIsRefused() throws {
        let dir = temporaryDirectory()
        try Self.base.write(toFile: dir + "/mine.toml", atomically: true, encoding: .utf8)
        let small = fixturesDir + "/calibration-small/spec.toml"
        for args in [["run", dir + "/mine.toml", "--output", ""],
                     ["run", dir + "/mine.toml", "--no-report", "--output", ""],
                     ["reports", "--output", ""], ["calibrate", small, "--output", ""],
                     ["inverse", "jp-2015-37", "--output", ""]] {
            let r = try runCommand(args)
            XCTAssertEqual(r.status, 1, "\(args): \(r.err)")
            XCTAssertTrue(r.err.contains("command line --output: an empty"), r.err)
            XCTAssertEqual(r.out, "", "nothing is run: \(args)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: "/limits.md"))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), ["mine.toml"])
        // A file in the way is refused; a folder that does not exist yet is made.
        let r = try runCommand(["run", dir + "/mine.toml", "--output", dir + "/mine.toml"])
        XCTAssertEqual(r.status, 1, r.err)
        XCTAssertTrue(r.err.contains("is a file, not a folder"), r.err)
        let made = try runCommand(["run", dir + "/mine.toml", "--output", dir + "/new/sub"])
        XCTAssertEqual(made.status, 0, made.err)
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/new/sub/limits.md"))
    }

    // MARK: Item 2: limits, each named in its message

    func testTheIssuesMagnitudesAreRefused() {
        refused(Self.base + "[gdp]\nbase = \"stated\"\nvalue = 1e-300\nsource = \"test\"\n",
                "key 'gdp.value'", "not within a factor 10 of table jp-2015-37's value added", line: 16)
        refused(Self.base + "[gdp]\nbase = \"stated\"\nvalue = 1e300\nsource = \"test\"\n",
                "key 'gdp.value'", "above the limit of 1e+15", line: 16)
        refused(Self.staticBase + "[gdp]\nbase = \"stated\"\nvalue = 1e-300\nsource = \"test\"\n",
                "key 'gdp.value'", "not within a factor 10", line: 18, staticCase: true)
        refused(Self.base + "[stocks]\ndays = 1e300\nbasis = \"test\"\n",
                "key 'stocks.days'", "above the limit of 3650 days", line: 15)
    }

    func testEveryDayFieldIsCappedAtTenYears() {
        let over = "3651"
        refused(Self.base + "[stocks]\ndays = 1\nbasis = \"t\"\n[stocks.by_material]\nre_ndpr = \(over)\n",
                "key 'stocks.by_material.re_ndpr'", "limit of 3650 days")
        refused(Self.base + "[substitution]\ndays = \(over)\nbasis = \"t\"\n",
                "key 'substitution.days'", "limit of 3650 days")
        refused(Self.base + "[inventories]\ndays = \(over)\ndays_basis = \"t\"\n",
                "key 'inventories.days'", "limit of 3650 days")
        refused(Self.base + "[inventories]\nrestock_days = \(over)\n",
                "key 'inventories.restock_days'", "limit of 3650 days")
        refused(Self.base + "[recovery]\nbacklog_days = \(over)\nbasis = \"t\"\n",
                "key 'recovery.backlog_days'", "limit of 3650 days")
        refused(Self.base + "[[stockpile]]\nmaterial = \"re_ndpr\"\ntonnes = 1\nstart_day = \(over)\n"
                + "max_tonnes_per_week = 1\nbasis = \"t\"\n",
                "key 'stockpile.start_day'", "limit of 3650 days")
        refused(Self.base.replacingOccurrences(of: "[180, 1]]", with: "[180, 1], [1e300, 1]]"),
                "key 'cut.flow'", "limit of 3650 days")
        refused(Self.staticBase.replacingOccurrences(of: "duration_days = 365", with: "duration_days = 1e300"),
                "key 'duration_days'", "limit of 3650 days", staticCase: true)
        refused(Self.staticBase + "stock_days = 1e300\nstock_basis = \"t\"\n",
                "key 'material.stock_days'", "limit of 3650 days", staticCase: true)
    }

    func testSharesAndTonnages() {
        refused(Self.base + "[recovery]\nmax_extra = 2\nbasis = \"t\"\n",
                "key 'recovery.max_extra'", "not a share in [0, 1]")
        refused(Self.base + "[inventories]\ntheta = 1.5\n", "key 'inventories.theta'", "not a share in [0, 1]")
        refused(Self.staticBase.replacingOccurrences(of: "kappa_basis = \"test\"",
                                                     with: "kappa_basis = \"test\"\ntheta = 2\ntheta_basis = \"t\""),
                "key 'model.theta'", "not a share in [0, 1]", staticCase: true)
        refused(Self.base + "[[stockpile]]\nmaterial = \"re_ndpr\"\ntonnes = 1e300\n"
                + "max_tonnes_per_week = 1\nbasis = \"t\"\n",
                "key 'stockpile.tonnes'", "above the limit of 1e+09 tonnes")
    }

    func testFlowPointsPerCutAreLimited() {
        let points = (0..<100_001).map { "[\($0 / 50), 1]" }.joined(separator: ",")
        let text = Self.base.replacingOccurrences(of: "flow = [[0, 1], [0, 0], [180, 0], [180, 1]]",
                                                  with: "flow = [\(points)]")
        refused(text, "key 'cut.flow'", "100001 points; the limit is 100000 points per path")
    }

    func testFilesAbove10MiBAreRefused() throws {
        let dir = temporaryDirectory()
        let padding = "# padding padding padding padding padding padding padding padding\n"
        let big = Self.base + String(repeating: padding, count: 170_000)
        try big.write(toFile: dir + "/big.toml", atomically: true, encoding: .utf8)
        XCTAssertGreaterThan(big.utf8.count, 10 * 1024 * 1024)
        XCTAssertThrowsError(try DynamicCaseLoader.load(path: dir + "/big.toml")) { e in
            XCTAssertTrue("\(e)".contains("big.toml: 10.7 MiB; the limit is 10 MiB"), "\(e)")
        }
        XCTAssertThrowsError(try DynamicCaseLoader.parse(path: "case.toml", text: big)) { e in
            XCTAssertTrue("\(e)".contains("the limit is 10 MiB"), "\(e)")
        }
    }

    // MARK: Item 2: ambiguous input

    func testASecondStockpileOfTheSameMaterialIsRefused() {
        let pile = "[[stockpile]]\nmaterial = \"re_ndpr\"\ntonnes = 10\nmax_tonnes_per_week = 1\nbasis = \"t\"\n"
        refused(Self.base + pile + pile,
                "line 20, key 'stockpile.material'", "a second [[stockpile]] of 're_ndpr'", line: 20)
    }

    func testOverlappingCutsOfOneMaterialAreRefused() {
        let cut = Self.base.components(separatedBy: "[[cut]]")[1]
        refused(Self.base + "[[cut]]" + cut.replacingOccurrences(of: "\"CHN\"", with: "\"ALL\""),
                "line 16, key 'cut.origin'", "cut from 'CHN' and from 'ALL' for the same destinations", line: 16)
        refused(Self.base + "[[cut]]" + cut, "key 'cut.material'", "is cut twice")
        // On a world table: 'ALL' to Japan beside 'CHN' to the United States does not overlap.
        XCTAssertTrue(DynamicCaseLoader.reachOverlaps("ALL", nil, "CHN", nil))
        XCTAssertTrue(DynamicCaseLoader.reachOverlaps("ALL", ["JPN"], "CHN", nil))
        XCTAssertFalse(DynamicCaseLoader.reachOverlaps("ALL", ["JPN"], "CHN", ["USA"]))
        XCTAssertFalse(DynamicCaseLoader.reachOverlaps("ALL", ["CHN"], "CHN", nil))
    }

    /// 'ALL' on a national table cuts every import origin; the domestic origin (origins.csv row
    /// re_ndpr,JPN,JPN: swarf recycled in Japan, 0.05) keeps flowing unless a cut names it.
    func testAllOnANationalTableCutsEveryImportOriginAndLeavesDomesticSupply() throws {
        let text = Self.base.replacingOccurrences(of: "\"CHN\"", with: "\"ALL\"")
        let all = try DynamicModel.resolve(try DynamicCaseLoader.parse(path: "case.toml", text: text))
        let chn = try DynamicModel.resolve(try DynamicCaseLoader.parse(path: "case.toml", text: Self.base))
        let k = try XCTUnwrap(all.materialBase.firstIndex(of: "re_ndpr"))
        let domestic = try XCTUnwrap(all.satellite.origins.first {
            $0.material == "re_ndpr" && $0.destination == "JPN" && $0.origin == "JPN"
        }).share
        XCTAssertEqual(domestic, 0.05)
        XCTAssertEqual(all.supplyShare[k][0], domestic, accuracy: 1e-12, "every import origin stops")
        XCTAssertGreaterThan(chn.supplyShare[k][0], all.supplyShare[k][0], "China's share only")
        XCTAssertEqual(all.supplyShare[k].last!, 1, accuracy: 1e-12, "and comes back")
        // Naming the domestic origin beside 'ALL' cuts it too: the whole supply stops.
        let cut = Self.base.components(separatedBy: "[[cut]]")[1]
        let both = try DynamicModel.resolve(try DynamicCaseLoader.parse(
            path: "case.toml", text: text + "[[cut]]" + cut.replacingOccurrences(of: "\"CHN\"", with: "\"JPN\"")))
        XCTAssertEqual(both.supplyShare[k][0], 0, accuracy: 1e-12)
        XCTAssertEqual(both.supplyShare[k].last!, 1, accuracy: 1e-12)
    }

    func testAMultiLineTitleIsRefused() {
        let title = "\"\"\"" + String(repeating: "x\n", count: 10_000) + "\"\"\""
        refused(Self.base.replacingOccurrences(of: "title = \"limits\"", with: "title = \(title)"),
                "key 'title'", "a title is one line", line: 3)
        refused(Self.base.replacingOccurrences(of: "title = \"limits\"", with: "title = \"a\\nb\""),
                "key 'title'", "a title is one line", line: 3)
        refused(withID("\"a\\nb\""), "key 'id'", "a\\nb", line: 2)
    }

    // MARK: The binary

    func runCommand(_ args: [String]) throws -> (status: Int32, out: String, err: String) { try runIOImpact(args) }
}

/// The key-line index answers as the line scan does, and a file with thousands of cut blocks names the
/// line of an error in its last block.
final class KeyLineIndexTests: XCTestCase {
    func testTheIndexAgreesWithTheScanOnEveryReferenceCase() throws {
        for id in try DynamicCaseLoader.shippedIDs() {
            let r = try TOMLReader(path: try DynamicCaseLoader.casesDirectory() + "/\(id).toml")
            var checked = 0
            for i in 0..<12 {
                for key in ["material", "origin", "flow", "flow_basis", "destinations", "ramp", "tonnes"] {
                    for section in [["cut"], ["allied"], ["stockpile"]] {
                        XCTAssertEqual(r.line(of: key, in: section, occurrences: [i]),
                                       r.scanLine(of: key, in: section, occurrences: [i]),
                                       "\(id) \(section)[\(i)].\(key)")
                        checked += 1
                    }
                }
            }
            for (section, key) in [(["stocks"], "days"), (["recovery"], "export_lost_share"), ([], "table"),
                                   (["substitution", "ceiling_by_material"], "re_lace"),
                                   ([], "recovery"), (["substitution"], "ceiling_by_material")] {
                XCTAssertEqual(r.line(of: key, in: section, occurrences: section.map { _ in nil }),
                               r.scanLine(of: key, in: section, occurrences: section.map { _ in nil }),
                               "\(id) \(section).\(key)")
            }
            XCTAssertEqual(checked, 12 * 7 * 3)
        }
    }

    func testAMissingKeyInTheKthBlockNamesThatBlockAndTheIndexAgreesOnTrickyText() throws {
        var text = "format = \"ioimpact-case/2\"\nid = \"k\"\ntitle = \"k\"\ntable = \"jp-2015-185\"\n"
            + "start = \"2026-01-01\"\nhorizon_months = 12\n"
        for m in ["re_ndpr", "re_dytb", "re_lace"] {
            text += "[[cut]]\nmaterial = \"\(m)\"\norigin = \"CHN\"\nflow = [[0, 1]]\nflow_basis = \"test\"\n"
        }
        let header = text.split(separator: "\n", omittingEmptySubsequences: false).count
        text += "[[cut]]\norigin = \"CHN\"\nflow = [[0, 1]]\nflow_basis = \"\"\"\nflow\n\"\"\"\n"
        XCTAssertThrowsError(try DynamicCaseLoader.parse(path: "k.toml", text: text)) { e in
            XCTAssertTrue("\(e)".contains("k.toml line \(header), key 'cut.material'"), "\(e)")
        }
        let r = try TOMLReader(path: "k.toml", text: text)
        for o in 0..<4 {
            XCTAssertEqual(r.line(of: "cut", in: [], occurrences: [o]), r.scanLine(of: "cut", in: [], occurrences: [o]))
            for key in ["flow", "flow_basis", "material", "origin"] {
                XCTAssertEqual(r.line(of: key, in: ["cut"], occurrences: [o]),
                               r.scanLine(of: key, in: ["cut"], occurrences: [o]), "\(o) \(key)")
            }
        }
        XCTAssertEqual(r.line(of: "flow", in: ["cut"], occurrences: [3]), header + 2,
                       "a line inside a multi-line string is not a key")
    }

    func testAnErrorInTheLastOfManyCutsNamesItsLine() throws {
        var text = "format = \"ioimpact-case/2\"\nid = \"many\"\ntitle = \"many cuts\"\ntable = \"jp-2015-185\"\n"
            + "start = \"2026-01-01\"\nhorizon_months = 12\n"
        for k in 0..<3000 {
            text += "[[cut]]\nmaterial = \"re_ndpr\"\norigin = \"O\(k)\"\norigin_share = 0\n"
            text += "origin_share_basis = \"test\"\nflow = [[0, 1]]\nflow_basis = \"test\"\n"
        }
        let line = text.split(separator: "\n", omittingEmptySubsequences: false).count
        text += "[[cut]]\nmaterial = \"re_ndpr\"\norigin = \"LAST\"\nflow = [[0, 1], [0, -2]]\nflow_basis = \"test\"\n"
        XCTAssertThrowsError(try DynamicCaseLoader.parse(path: "many.toml", text: text)) { e in
            XCTAssertTrue("\(e)".contains("many.toml line \(line + 3)"), "\(e)")
        }
    }
}
