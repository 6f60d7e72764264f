import Foundation
import XCTest
@testable import IOImpact

/// End-to-end: the built `ioimpact` binary, its stdout, stderr and exit code.
final class CommandTests: XCTestCase {
    var binary: String { ioimpactBinary }

    func run(_ args: [String]) throws -> (status: Int32, out: String, err: String) { try runIOImpact(args) }

    func parseCSV(_ text: String) throws -> (labels: [String], matrix: Matrix) {
        let csv = try CSVFile(path: "stdout", text: text)
        let labels = Array(csv.rows[0].fields.dropFirst())
        let rows = try csv.rows.dropFirst().map { r in try r.fields.dropFirst().map { try CSVFile.number($0, path: "stdout", line: r.line, column: "?") } }
        return (labels, Matrix(rowMajor: rows))
    }

    func testOpenInverseMatchesMIC() throws {
        let r = try run(["inverse", "jp-2015-37", "--open", "--format", "csv"])
        XCTAssertEqual(r.status, 0, r.err)
        let (labels, ours) = try parseCSV(r.out)
        let mic = try CSVFile(path: projectRoot + "/Tables/sources/jp_mic2015_37_inverse_open_type.csv")
        XCTAssertEqual(labels, Array(mic.rows[0].fields.dropFirst(2)))
        let published = Matrix(rowMajor: try mic.rows.dropFirst().map { r in try r.fields.dropFirst(2).map { try CSVFile.number($0, path: mic.path, line: r.line, column: "?") } })
        XCTAssertLessThan(ours.maxAbsDifference(published), 1e-6)
    }

    func testInverseOfAPymrioFolderMatchesPymrio() throws {
        let r = try run(["inverse", fixturesDir + "/pymrio_test", "--format", "csv"])
        XCTAssertEqual(r.status, 0, r.err)
        let (labels, ours) = try parseCSV(r.out)
        let expectedLabels = try String(contentsOfFile: fixturesDir + "/pymrio_expected/labels.csv", encoding: .utf8).split(separator: "\n").map(String.init)
        XCTAssertEqual(labels, expectedLabels)
        let l = try readNumbers(fixturesDir + "/pymrio_expected/L.csv")
        for k in 0..<l.rows { assertClose(ours.row(k), l.row(k), relative: 1e-9, absolute: 1e-15, "L row \(k)") }
    }

    func testRunPrintsJSONAndWritesTheReport() throws {
        let out = temporaryDirectory()
        let r = try run(["run", "jp-re-1y-dir", "--format", "json", "--output", out])
        XCTAssertEqual(r.status, 0, r.err)
        let json = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as! [String: Any]
        XCTAssertEqual(json["schema"] as? String, "ioimpact-run-dynamic/2")
        let main = json["main"] as! [String: Any]
        let years = main["years"] as! [[String: Any]]
        XCTAssertEqual(years.map { $0["year"] as! Double }, [2026, 2027], "a 24-month horizon from 2026-01-01")
        XCTAssertGreaterThan(years[0]["gdp_loss_percent"] as! Double, 0)
        XCTAssertNotNil(main["job_years_lost"] as? Double)
        let spells = json["bottlenecks"] as! [[String: Any]]
        XCTAssertFalse(spells.isEmpty)
        // Each spell names its sector in English and in MIC's Japanese, and what held it.
        let table = try TableCatalog.load("jp-2015-185")
        for spell in spells {
            let j = try XCTUnwrap(table.index(of: spell["sector"] as! String))
            XCTAssertEqual(spell["name"] as? String, table.sectors[j].name)
            XCTAssertEqual(spell["name_local"] as? String, table.sectors[j].localName)
            XCTAssertFalse((spell["binding_name"] as? String ?? "").isEmpty, "\(spell)")
        }
        for f in ["jp-re-1y-dir.md", "jp-re-1y-dir-path.svg", "jp-re-1y-dir-path.csv"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: out + "/" + f), f)
        }
        let none = temporaryDirectory()
        XCTAssertEqual(try run(["run", "jp-re-1y-dir", "--no-report", "--output", none]).status, 0)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: none), [])
    }

    func testStaticCaseStillRunsFromItsFile() throws {
        let out = temporaryDirectory()
        let r = try run(["run", "Tables/cases/static/jp-re-1y-dir.toml", "--format", "json", "--output", out])
        XCTAssertEqual(r.status, 0, r.err)
        let json = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as! [String: Any]
        let gdp = json["gdp"] as! [String: Any]
        XCTAssertEqual(gdp["loss_percent"] as! Double, 1.3, accuracy: 0.05)
        XCTAssertTrue(FileManager.default.fileExists(atPath: out + "/jp-re-1y-dir-sectors.svg"))
    }

    func testAUsersCaseWritesBesideItsFileNotOverTheReferenceReport() throws {
        let dir = temporaryDirectory()
        // A copied reference case names the shared parameter file by a path relative to Tables/cases.
        let text = try String(contentsOfFile: projectRoot + "/Tables/cases/jp-re-3m-nri.toml", encoding: .utf8)
            .replacingOccurrences(of: "\"../calibration/profiles/shared.toml\"", with: "\"\(projectRoot)/Tables/calibration/profiles/shared.toml\"")
        try text.write(toFile: dir + "/mine.toml", atomically: true, encoding: .utf8)
        let golden = try String(contentsOfFile: projectRoot + "/Reports/jp-re-3m-nri.md", encoding: .utf8)
        let r = try run(["run", dir + "/mine.toml"])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/jp-re-3m-nri.md"))
        XCTAssertTrue(r.err.contains(dir + "/jp-re-3m-nri.md"), "says where it wrote: \(r.err)")
        XCTAssertEqual(try String(contentsOfFile: projectRoot + "/Reports/jp-re-3m-nri.md", encoding: .utf8), golden)
        // The user's own stock days are replaced by the parameter file: the command says so, with both values.
        XCTAssertTrue(r.err.contains("note: the case's `parameters` file"), r.err)
        XCTAssertTrue(r.err.contains("stocks.days = ") && r.err.contains("(the case says 12)"), r.err)
    }

    /// `run --format markdown` prints the case's report itself, the same bytes as Reports/<id>.md.
    func testRunAsMarkdownPrintsTheReport() throws {
        let r = try run(["run", "jp-re-3m-nri", "--format", "markdown", "--no-report"])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertEqual(r.out, try String(contentsOfFile: projectRoot + "/Reports/jp-re-3m-nri.md", encoding: .utf8))
    }

    func testBadInputExitsNonZeroWithTheLocation() throws {
        let dir = temporaryDirectory()
        try writeMillerBlairTable(to: dir, overrides: ["transactions.csv": "code,1,2,3\n1,150,500,50\n2,200,x,400\n3,300,500,50\n"])
        let r = try run(["inspect", dir])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.err.hasPrefix("ioimpact: error: \(dir)/transactions.csv line 3, column 2: 'x' is not a number"), r.err)
        let c = try run(["run", "no-such-case"])
        XCTAssertEqual(c.status, 1)
        XCTAssertTrue(c.err.contains("unknown case"), c.err)
        // The list names the time-stepped reference cases, world cases included.
        XCTAssertTrue(c.err.contains("jp-re-2025-episode") && c.err.contains("world-re-1y-partnership"), c.err)
    }

    func testVersionNamesTheBLAS() throws {
        let r = try run(["--version"])
        XCTAssertEqual(r.status, 0)
        XCTAssertTrue(r.out.contains("BLAS/LAPACK:"), r.out)
    }
}

extension CommandTests {
    /// The small fixture spec copied into a temporary folder with its priors and a checks table.
    func writeSmallSpec(in dir: String, targets: String) throws -> String {
        try targets.write(toFile: dir + "/targets.csv", atomically: true, encoding: .utf8)
        let fixture = fixturesDir + "/calibration-small"
        try FileManager.default.copyItem(atPath: fixture + "/priors.csv", toPath: dir + "/priors.csv")
        let spec = try String(contentsOfFile: fixture + "/spec.toml", encoding: .utf8)
            .replacingOccurrences(of: "out/profile.toml", with: "profile.toml")
            .replacingOccurrences(of: "out/calibration.md", with: "calibration.md")
        try spec.write(toFile: dir + "/spec.toml", atomically: true, encoding: .utf8)
        return dir + "/spec.toml"
    }

    static let dirRow = "dir-re-1y,dir,jp-re-1y-dir-37,gdp_loss_percent_first_12_months,,VALUE,TOL,"
        + "test basis,% of GDP,test source\n"

    func snapshot(_ dirs: [String]) throws -> [String: String] {
        var out: [String: String] = [:]
        for d in dirs {
            for f in try FileManager.default.contentsOfDirectory(atPath: d) {
                var isDir: ObjCBool = false
                if FileManager.default.fileExists(atPath: d + "/" + f, isDirectory: &isDir), !isDir.boolValue {
                    out[d + "/" + f] = try String(contentsOfFile: d + "/" + f, encoding: .utf8)
                }
            }
        }
        return out
    }

    func testCalibrateWithAnotherChecksTableWritesBesideItAndChecksTheFigure() throws {
        // A published figure moved from 1.3% to 50%: it is a check, not a target, so the posterior does
        // not move and the figure is reported far above the predictive band.
        let guarded = [projectRoot + "/Tables/calibration/profiles", projectRoot + "/Reports"]
        let before = try snapshot(guarded)
        let specDir = temporaryDirectory(), targetsDir = temporaryDirectory()
        let header = CalibrationTargets.header.joined(separator: ",") + "\n"
        let row = Self.dirRow.replacingOccurrences(of: "TOL", with: "1")
        let spec = try writeSmallSpec(in: specDir, targets: header + row.replacingOccurrences(of: "VALUE", with: "1.3"))
        let moved = targetsDir + "/moved.csv"
        try (header + row.replacingOccurrences(of: "VALUE", with: "50"))
            .write(toFile: moved, atomically: true, encoding: .utf8)
        let r = try run(["calibrate", spec, "--targets", moved, "--format", "json"])
        XCTAssertEqual(r.status, 0, r.err)
        let json = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as! [String: Any]
        let prediction = (json["predictions"] as! [[String: Any]])[0]
        let check = (prediction["checks"] as! [[String: Any]])[0]
        XCTAssertEqual(check["published"] as! Double, 50)
        XCTAssertEqual(check["rank"] as! Double, 1, "above every predictive draw")
        let original = try run(["calibrate", spec, "--format", "json", "--no-write"])
        let o = try JSONSerialization.jsonObject(with: Data(original.out.utf8)) as! [String: Any]
        func medians(_ j: [String: Any]) -> [Double] {
            (j["parameters"] as! [[String: Any]]).map { ($0["posterior_band"] as! [String: Any])["p50"] as! Double }
        }
        XCTAssertEqual(medians(o), medians(json), "the posterior does not depend on the checks")
        // Written beside the checks file, not beside the spec and never over the shipped files.
        XCTAssertTrue(FileManager.default.fileExists(atPath: targetsDir + "/profile.toml"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: targetsDir + "/calibration.md"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: targetsDir + "/calibration-episode.svg"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: specDir + "/profile.toml"))
        XCTAssertEqual(try snapshot(guarded), before)
        let profile = try ParameterProfile.load(path: targetsDir + "/profile.toml")
        XCTAssertEqual(profile.values.map(\.field),
                       [.rating(material: "ndfeb_magnet", sector: "3311"), .stockDaysOf("ndfeb_magnet")])
    }

    func testCalibrateErrorsAreOneLine() throws {
        let dir = temporaryDirectory()
        let header = CalibrationTargets.header.joined(separator: ",") + "\n"
        let spec = try writeSmallSpec(in: dir, targets: header + Self.dirRow.replacingOccurrences(of: "VALUE", with: "nan").replacingOccurrences(of: "TOL", with: "1"))
        let r = try run(["calibrate", spec])
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.err.split(separator: "\n").count, 1, r.err)
        XCTAssertTrue(r.err.contains("targets.csv line 2, column value: 'nan' is not a finite number"), r.err)
    }
}
