import Foundation
import XCTest
@testable import IOImpact

/// Every bad-input reproducer (Tests/IOImpactTests/Fixtures/repro, a copy of the project's shared
/// reproducers plus their format-2 carry-overs) runs the built binary and must end with the expected
/// exit code and a one-line message naming the file, the line or field, and the problem: no crash,
/// no hang, no silent accept.
final class ReproducerTests: XCTestCase {
    let repro = fixturesDir + "/repro"

    var binary: String { ioimpactBinary }

    /// Runs the binary with a deadline; a hang fails the test instead of blocking the suite.
    func run(_ args: [String], seconds: Double = 60, cwd: String = projectRoot) throws -> (status: Int32, out: String, err: String) {
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw XCTSkip("the ioimpact binary was not found beside the tests (\(binary)); run `swift build` first")
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = args
        p.currentDirectoryURL = URL(fileURLWithPath: cwd)
        let outFile = NSTemporaryDirectory() + "ioimpact-repro-\(UUID().uuidString)"
        FileManager.default.createFile(atPath: outFile + ".out", contents: nil)
        FileManager.default.createFile(atPath: outFile + ".err", contents: nil)
        defer { try? FileManager.default.removeItem(atPath: outFile + ".out"); try? FileManager.default.removeItem(atPath: outFile + ".err") }
        p.standardOutput = FileHandle(forWritingAtPath: outFile + ".out")
        p.standardError = FileHandle(forWritingAtPath: outFile + ".err")
        try p.run()
        let deadline = Date().addingTimeInterval(seconds)
        while p.isRunning && Date() < deadline { usleep(20_000) }
        if p.isRunning {
            p.terminate()
            p.waitUntilExit()
            XCTFail("ioimpact \(args.joined(separator: " ")) did not finish within \(seconds) s")
        }
        p.waitUntilExit()
        let out = (try? String(contentsOfFile: outFile + ".out", encoding: .utf8)) ?? ""
        let err = (try? String(contentsOfFile: outFile + ".err", encoding: .utf8)) ?? ""
        return (p.terminationStatus, out, err)
    }

    /// Exit code `status` (not a signal), one error line on stderr that holds every piece of `expected`.
    func refused(_ args: [String], status: Int32 = 1, _ expected: String..., seconds: Double = 60,
                 file: StaticString = #filePath, line: UInt = #line) throws {
        let r = try run(args, seconds: seconds)
        XCTAssertEqual(r.status, status, "exit code of \(args.joined(separator: " ")): \(r.err)", file: file, line: line)
        let lines = r.err.split(separator: "\n", omittingEmptySubsequences: true)
        XCTAssertEqual(lines.count, 1, "one line expected: \(r.err)", file: file, line: line)
        for e in expected { XCTAssertTrue(r.err.contains(e), "'\(e)' not in: \(r.err)", file: file, line: line) }
        XCTAssertFalse(r.err.unicodeScalars.dropLast().contains { InputError.isControl($0) }, "raw control character in: \(r.err)", file: file, line: line)
    }

    // MARK: Controls

    func testControlsStillRun() throws {
        XCTAssertEqual(try run(["inspect", repro + "/tiny-table"]).status, 0)
        XCTAssertEqual(try run(["run", repro + "/case-base.toml", "--format", "json", "--no-report"]).status, 0)
        XCTAssertEqual(try run(["run", repro + "/case2-base.toml", "--format", "json", "--no-report"]).status, 0)
    }

    // MARK: Crashes

    func testPymrioShortY() throws {
        try refused(["inverse", repro + "/pymrio-short-Y", "--format", "csv"], "pymrio-short-Y/Y.txt", "Y has 1 data rows, Z", "has 2")
    }

    func testPymrioNegativeIndexColumn() throws {
        try refused(["inverse", repro + "/pymrio-negative-index-col", "--format", "csv"],
                    "file_parameters.json files.Z.nr_index_col: '-1' must be a whole number from 1 to 16")
    }

    func testPymrioRaggedHeader() throws {
        try refused(["inverse", repro + "/pymrio-ragged-header", "--format", "csv"], "pymrio-ragged-header/Z.txt line 2: header row has 3 fields, the first header row 4")
    }

    func testDrawsTooLarge() throws {
        // The reproducer is a format-1 spec (the retired κ calibration): refused by its format line.
        try refused(["calibrate", repro + "/spec-draws-max.toml", "--format", "json", "--no-write"],
                    "spec-draws-max.toml line 1, key 'format': unsupported format 'ioimpact-calibration/1'")
        // The same defect in the current format: draws far beyond the limit.
        let dir = temporaryDirectory()
        for f in ["spec.toml", "targets.csv", "priors.csv"] {
            var text = try String(contentsOfFile: fixturesDir + "/calibration-small/" + f, encoding: .utf8)
            if f == "spec.toml" {
                text = text.replacingOccurrences(of: "draws = 6", with: "draws = 9223372036854775807")
            }
            try text.write(toFile: dir + "/" + f, atomically: true, encoding: .utf8)
        }
        try refused(["calibrate", dir + "/spec.toml", "--no-write"],
                    "key 'sampler.draws': must be 4 to 1000000, found 9223372036854775807")
        try refused(["calibrate", fixturesDir + "/calibration-small/spec.toml", "--draws", "4611686018427387904", "--no-write"],
                    "command line --draws: must be 4 to 1000000")
    }

    // MARK: Hangs

    func testRoundsBounded() throws {
        try refused(["run", repro + "/case-rounds-huge.toml", "--format", "json", "--no-report"],
                    "case-rounds-huge.toml line 11, key 'model.rounds': must be 1 to 10000, found 1000000000", seconds: 20)
    }

    func testLongSectorName() throws {
        let dir = temporaryDirectory()
        for f in try FileManager.default.contentsOfDirectory(atPath: repro + "/tiny-table") {
            try FileManager.default.copyItem(atPath: repro + "/tiny-table/" + f, toPath: dir + "/" + f)
        }
        try ("code,name,name_local,gross_output\nA," + String(repeating: "x", count: 100_000) + ",,100\nB,Manufacturing,,200\n")
            .write(toFile: dir + "/sectors.csv", atomically: true, encoding: .utf8)
        try refused(["inspect", dir], "sectors.csv line 2, column name: 100000 characters; at most 1000 are allowed", seconds: 20)
        // Below the limit the text table is linear in the name's length (it was quadratic).
        try ("code,name,name_local,gross_output\nA," + String(repeating: "x", count: 1000) + ",,100\nB,Manufacturing,,200\n")
            .write(toFile: dir + "/sectors.csv", atomically: true, encoding: .utf8)
        XCTAssertEqual(try run(["inspect", dir], seconds: 20).status, 0)
        let row = String(repeating: "x", count: 200_000)
        let start = Date()
        _ = TextTable(header: ["a", "b"], rows: [[row, "1"]]).text()
        XCTAssertLessThan(Date().timeIntervalSince(start), 2)
    }

    func testUnreachableTargetEndsWithExitThree() throws {
        // The reproducer (64 s before) is a format-1 spec of the retired κ calibration: refused at once by
        // its format. An unreachable target in the current format ends with its closest fit and exit
        // code 3: CommandTests.testUnreachableTargetGivesClosestFitMissAndExitCode3.
        let start = Date()
        try refused(["calibrate", repro + "/spec-slow.toml", "--format", "json", "--no-write"],
                    "spec-slow.toml line 2, key 'format': unsupported format 'ioimpact-calibration/1'")
        XCTAssertLessThan(Date().timeIntervalSince(start), 10)
    }

    // MARK: Silent accepts

    func testNaNAndInfinityInCases() throws {
        try refused(["run", repro + "/case-params-severity-nan.toml", "--no-report"], "params-severity-nan.toml line 5, key 'parameters.all.severity': must be a finite number, found nan")
        try refused(["run", repro + "/case-duration-inf.toml", "--no-report"], "case-duration-inf.toml line 5, key 'duration_days': must be a finite number, found inf")
        try refused(["run", repro + "/case-scale-inf.toml", "--no-report"], "case-scale-inf.toml line 16, key 'material.scale': must be a finite number, found inf")
        try refused(["run", repro + "/case-gdp-inf.toml", "--no-report"], "case-gdp-inf.toml line 9, key 'gdp.value': must be a finite number, found inf")
        try refused(["run", repro + "/case-published-nan.toml", "--no-report"], "case-published-nan.toml line 20, key 'published.value': must be a finite number, found nan")
    }

    func testFormatTwoCarryOvers() throws {
        try refused(["run", repro + "/case2-flow-nan.toml", "--no-report"], "case2-flow-nan.toml line 17, key 'cut.flow': element 3 holds nan; numbers must be finite")
        try refused(["run", repro + "/case2-stocks-inf.toml", "--no-report"], "case2-stocks-inf.toml line 11, key 'stocks.days': must be a finite number, found inf")
        try refused(["run", repro + "/case2-gdp-inf.toml", "--no-report"], "case2-gdp-inf.toml line 12, key 'gdp.value': must be a finite number, found inf")
        try refused(["run", repro + "/case2-published-nan.toml", "--no-report"], "case2-published-nan.toml line 23, key 'published.value': must be a finite number, found nan")
        try refused(["run", repro + "/case2-unknown-key.toml", "--no-report"], "case2-unknown-key.toml line 11, key 'stocks.dayz': unknown key (did you mean 'days'?)")
        try refused(["run", repro + "/case2-stockpile-huge.toml", "--no-report"], "case2-stockpile-huge.toml line 22, key 'stockpile.tonnes': 1e+308 tonnes is above the limit of 1e+09 tonnes")
        try refused(["run", repro + "/case2-horizon-huge.toml", "--no-report"], "case2-horizon-huge.toml line 7, key 'horizon_months': must be 1 to 60 months")
        // Item 6: the fourth [[cut]] block's error names its own line, not the first block's.
        try refused(["run", repro + "/case2-fourth-block.toml", "--no-report"], "case2-fourth-block.toml line 36, key 'cut.flow_basis': needs a source or a stated assumption")
    }

    func testNulInsideANumber() throws {
        try refused(["inspect", repro + "/tiny-nul-in-number", "--format", "json"],
                    "tiny-nul-in-number/employment.csv line 3, column persons: '20\\u{0}00' is not a number (it holds a control character)")
    }

    func testBalanceTolerance() throws {
        try refused(["inspect", repro + "/tiny-nan-tolerance"], "tiny-nan-tolerance/manifest.toml line 12, key 'balance_tolerance': must be a finite number, found nan")
        let dir = try copyTiny(["manifest.toml": { $0.replacingOccurrences(of: "licence = \"CC0\"", with: "licence = \"CC0\"\nbalance_tolerance = -1e-6") }])
        try refused(["inspect", dir], "manifest.toml line 12, key 'balance_tolerance': must be a non-negative relative tolerance, found -1e-06")
    }

    func testTotalsOverflow() throws {
        try refused(["inspect", repro + "/pymrio-overflow"], "pymrio-overflow/Z.txt", "sector a: gross output overflows to infinity")
        // Each number finite, the sum not: two sectors' outputs of 1e308 overflow the total.
        let dir = try copyTiny([
            "sectors.csv": { _ in "code,name,name_local,gross_output\nA,Agriculture,,1e308\nB,Manufacturing,,1e308\n" },
            "transactions.csv": { _ in "code,A,B\nA,0,0\nB,0,0\n" },
            "final_demand.csv": { _ in "code,HH,EX\nA,1e308,0\nB,1e308,0\n" },
            "value_added.csv": { _ in "component,A,B\nW,1e308,1e308\nOS,0,0\n" },
        ])
        try refused(["inspect", dir], "total gross output overflows to infinity")
    }

    func testUncertaintyRangeOutsideDomain() throws {
        // Format-1 reproducers: refused by their format; the current format's ranges are checked in
        // RobustnessTests.testSpecCountsAndRangesAreChecked, and an infinite prior parameter below.
        try refused(["calibrate", repro + "/spec-range-inf.toml", "--format", "json", "--no-write"], "spec-range-inf.toml line 1, key 'format': unsupported format")
        try refused(["calibrate", repro + "/spec-bound-inf.toml", "--format", "json", "--no-write"], "spec-bound-inf.toml line 1, key 'format': unsupported format")
        let dir = temporaryDirectory()
        for f in ["spec.toml", "targets.csv", "priors.csv"] {
            var text = try String(contentsOfFile: fixturesDir + "/calibration-small/" + f, encoding: .utf8)
            if f == "priors.csv" { text = text.replacingOccurrences(of: "30,0.6", with: "30,inf") }
            try text.write(toFile: dir + "/" + f, atomically: true, encoding: .utf8)
        }
        try refused(["calibrate", dir + "/spec.toml", "--no-write"], "priors.csv line 2, column p2")
    }

    // MARK: Nothing overwritten

    func testCopiedCaseRunElsewhereLeavesTheCheckoutAlone() throws {
        let dir = temporaryDirectory()
        let report = projectRoot + "/Reports/jp-re-1y-dir-37.md"
        let before = try FileManager.default.attributesOfItem(atPath: report)[.modificationDate] as? Date
        try FileManager.default.copyItem(atPath: projectRoot + "/Tables/cases/jp-re-1y-dir-37.toml", toPath: dir + "/jp-re-1y-dir-37.toml")
        let r = try run(["run", "jp-re-1y-dir-37.toml"], cwd: dir)
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.err.contains("wrote \(dir)/jp-re-1y-dir-37.md"), r.err)
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/jp-re-1y-dir-37-path.svg"))
        // The same file aimed at the project's Reports/ is refused: its id is a reference case's.
        try refused(["run", dir + "/jp-re-1y-dir-37.toml", "--output", projectRoot + "/Reports"],
                    "key 'id': 'jp-re-1y-dir-37' is a reference case's id, and this file is not that case")
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: report)[.modificationDate] as? Date, before)
    }

    // MARK: Helpers

    /// A copy of tiny-table with some files rewritten.
    func copyTiny(_ edits: [String: (String) -> String], name: String = #function) throws -> String {
        let dir = temporaryDirectory(name)
        for f in try FileManager.default.contentsOfDirectory(atPath: repro + "/tiny-table") {
            var text = try String(contentsOfFile: repro + "/tiny-table/" + f, encoding: .utf8)
            if let e = edits[f] { text = e(text) }
            try text.write(toFile: dir + "/" + f, atomically: true, encoding: .utf8)
        }
        return dir
    }
}
