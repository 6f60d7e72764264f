import Foundation
import XCTest
@testable import IOImpact

/// Charts people read: round ticks with a zero line, labelled axes, the path without the levers where a
/// case has them, the sectors chart; each rendered to PNG (rsvg-convert) and looked at by its pixels.
final class ChartTests: XCTestCase {
    func testTicksAreRoundAndIncludeZero() {
        XCTAssertEqual(Charts.niceTicks(0, 0), [0, 0.2, 0.4, 0.6, 0.8, 1], "a zero-loss chart still has distinct ticks")
        XCTAssertEqual(Charts.niceTicks(0, 2.14), [0, 0.5, 1, 1.5, 2, 2.5])
        XCTAssertEqual(Charts.niceTicks(-0.93, 2.4), [-1, 0, 1, 2, 3])
        XCTAssertEqual(Charts.niceTicks(0, 0.042), [0, 0.01, 0.02, 0.03, 0.04, 0.05])
        for t in [Charts.niceTicks(0, 0.42), Charts.niceTicks(-3, 17)] {
            XCTAssertTrue(t.contains(0))
            XCTAssertEqual(Set(t.map(Charts.tick)).count, t.count, "tick labels are distinct: \(t)")
        }
    }

    func chainRunWithLevers() throws -> DynamicRun {
        let body = cutText("[[0, 1], [0, 0], [200, 0], [200, 1]]")
            + "[[allied]]\nmaterial = \"re\"\nramp = [[0, 0], [60, 30]]\nbasis = \"test\"\n"
            + "[recovery]\nbasis = \"test\"\n"
        return try DynamicRun(model: try chainModel(horizon: 12, step: 7, body: body, uses: [("M", 100, 1)],
                                                    essential: [("M", "E", 14), ("E", "V", 7)], durables: ["V"]))
    }

    func testThePathChartHasAZeroLineAxisLabelsAndTheRunWithoutLevers() throws {
        let svg = DynamicReport.pathChart(try chainRunWithLevers())
        XCTAssertTrue(svg.contains("stroke=\"#555\" stroke-width=\"1.2\""), "a zero line")
        XCTAssertTrue(svg.contains("GDP loss, % of the month's GDP") && svg.contains(">month ("), "labelled axes")
        XCTAssertTrue(svg.contains("stroke-dasharray=\"5,4\"") && svg.contains("without its levers"),
                      "the path without the levers")
        let ticks = svg.components(separatedBy: "text-anchor=\"end\" fill=\"#555\">").dropFirst()
            .map { $0.prefix { $0 != "<" } }
        XCTAssertEqual(Set(ticks).count, ticks.count, "distinct tick labels: \(ticks)")
    }

    func testEveryChartRendersToAPictureThatIsNotBlank() throws {
        let rsvg = ["/usr/bin/rsvg-convert", "/usr/local/bin/rsvg-convert"].first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
        guard let rsvg else {
            throw XCTSkip("rsvg-convert (Debian's librsvg2-bin) is not installed; `make deps` installs it")
        }
        let zero = try DynamicRun(model: try chainModel(horizon: 6, step: 7, body: cutText("[[0, 1]]")),
                                  withBracket: false)
        let reference = try DynamicRun(model: try referenceModel("jp-re-1y-dir"), withBracket: false)
        let dir = temporaryDirectory()
        for (name, svg) in [("levers-path", DynamicReport.pathChart(try chainRunWithLevers())),
                            ("zero-path", DynamicReport.pathChart(zero)),
                            ("dir-path", DynamicReport.pathChart(reference)),
                            ("dir-sectors", DynamicReport.sectorsChart(reference))] {
            try svg.write(toFile: dir + "/\(name).svg", atomically: true, encoding: .utf8)
            let convert = Process()
            convert.executableURL = URL(fileURLWithPath: rsvg)
            convert.arguments = [dir + "/\(name).svg", "-o", dir + "/\(name).png"]
            try convert.run(); convert.waitUntilExit()
            XCTAssertEqual(convert.terminationStatus, 0, name)
            let stats = Process(), pipe = Pipe()
            stats.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            stats.arguments = ["python3", projectRoot + "/Tests/scripts/png_stats.py", dir + "/\(name).png"]
            stats.standardOutput = pipe
            try stats.run(); stats.waitUntilExit()
            let fields = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                .split(separator: " ")
            XCTAssertEqual(fields.count, 3, name)
            guard fields.count == 3, let w = Int(fields[0]), let h = Int(fields[1]),
                  let ink = Double(fields[2].trimmingCharacters(in: .whitespacesAndNewlines)) else { continue }
            XCTAssertGreaterThan(w, 500, name); XCTAssertGreaterThan(h, 250, name)
            XCTAssertGreaterThan(ink, 0.02, "\(name): \(ink) of the pixels are not white")
            XCTAssertLessThan(ink, 0.6, "\(name): \(ink) of the pixels are not white")
        }
    }
}
