import Foundation
import Hummingbird
import HummingbirdTesting
import XCTest
@testable import IOImpactServer

/// POST /api/frontier: the library's sweep behind the page's frontier panel, the same bytes as
/// `ioimpact frontier --format json`, and one-line 400s for a bad lever or range.
final class FrontierAPITests: XCTestCase {
    static let small = "jp-re-1y-dir-37"

    func testTheFrontierIsTheCommandsAndItsChartIsSVG() async throws {
        try await Workbench().application().test(.router) { client in
            let body = try jsonBody(["case": Self.small,
                                     "frontier": ["lever": "stockpile", "range": "0:60:30"] as [String: Any]])
            let served = try await client.post("/api/frontier", body)
            XCTAssertEqual(served.status, .ok, served.text)
            let cli = try runIOImpact(["frontier", Self.small, "--lever", "stockpile", "--range", "0:60:30",
                                       "--format", "json", "--no-report"])
            XCTAssertEqual(cli.status, 0, cli.err)
            let raw = cli.out.trimmingCharacters(in: .whitespacesAndNewlines)
            XCTAssertFalse(raw.isEmpty)
            XCTAssertTrue(served.text.contains("\"result\": " + raw), String(served.text.prefix(400)))
            let svg = try field(served.text, "svg") as! String
            XCTAssertTrue(svg.hasPrefix("<svg") || svg.hasPrefix("<?xml"), String(svg.prefix(80)))
            let answer = try field(served.text, "answer") as! String
            XCTAssertFalse(answer.isEmpty)
            let result = try field(served.text, "result") as! [String: Any]
            XCTAssertEqual((result["points"] as? [Any])?.count, 3)
        }
    }

    func testABadLeverOrRangeAnswers400InOneLine() async throws {
        try await Workbench().application().test(.router) { client in
            let cases: [([String: Any], String)] = [
                (["lever": "subsidy", "range": "0:60:30"], "subsidy"),
                (["lever": "stockpile", "range": "0:60"], "FROM:TO:STEP"),
                (["lever": "stockpile", "range": "60:0:30"], "TO is below FROM"),
                (["lever": "stockpile", "range": "0:nan:30"], "finite"),
            ]
            for (spec, expected) in cases {
                let r = try await client.post("/api/frontier", try jsonBody(["case": Self.small, "frontier": spec]))
                XCTAssertEqual(r.status, .badRequest, r.text)
                let message = try field(r.text, "error") as! String
                XCTAssertTrue(message.hasPrefix("frontier: "), message)
                XCTAssertTrue(message.contains(expected), message)
                XCTAssertFalse(message.contains("\n"))
            }
            let missing = try await client.post("/api/frontier", try jsonBody(["case": Self.small]))
            XCTAssertEqual(missing.status, .badRequest)
            let notJSON = try await client.post("/api/frontier", ByteBuffer(string: "{"))
            XCTAssertEqual(notJSON.status, .badRequest)
        }
    }
}
