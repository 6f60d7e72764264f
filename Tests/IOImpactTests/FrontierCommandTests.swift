import Foundation
import XCTest
@testable import IOImpact

/// `ioimpact frontier` end to end: bad input is one line on stderr and exit code 1; a good run prints
/// the answer and writes its report and chart only where it is told to.
final class FrontierCommandTests: XCTestCase {
    func testBadInputIsOneLineAndExitOne() throws {
        let cases: [([String], String)] = [
            (["--lever", "stockpiles", "--range", "0:30:10"], "--lever"),
            (["--lever", "stockpile", "--range", "0:30"], "--range"),
            (["--lever", "stockpile", "--range", "30:0:10"], "--range"),
            (["--lever", "allied", "--range", "0:5000:100"], "--range"),
            (["--lever", "stockpile", "--range", "0:30:10", "--materials", "re_ndpr,,re_dytb"], "--materials"),
            (["--lever", "stockpile", "--range", "0:30:10", "--regions", "JPN"], "--regions"),
        ]
        for (args, field) in cases {
            let r = try runIOImpact(["frontier", "jp-re-1y-dir", "--no-report"] + args)
            XCTAssertEqual(r.status, 1, "\(args): \(r.err)")
            XCTAssertEqual(r.err.filter { $0 == "\n" }.count, 1, "one line: \(r.err)")
            XCTAssertTrue(r.err.hasPrefix("ioimpact: error: command line \(field)"), r.err)
            XCTAssertEqual(r.out, "")
        }
    }

    func testRunPrintsTheAnswerAndWritesOnlyToOutput() throws {
        let dir = temporaryDirectory()
        let r = try runIOImpact(["frontier", "jp-re-1y-dir", "--lever", "stockpile", "--range", "0:60:30",
                                 "--output", dir])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.contains("national stockpile pays for itself"), r.out)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        XCTAssertEqual(files, ["frontier-jp-re-1y-dir-stockpile.md", "frontier-jp-re-1y-dir-stockpile.svg"])
        let json = try runIOImpact(["frontier", "jp-re-1y-dir", "--lever", "stockpile", "--range", "0:60:30",
                                    "--no-report", "--format", "json"])
        let decoded = try FrontierResult.decode(Data(json.out.utf8))
        XCTAssertEqual(decoded.points.count, 3)
        XCTAssertNil(decoded.points[0].ratio)
    }
}
