import Foundation
import XCTest
@testable import IOImpact

/// The policy frontier on DIR's Japanese case: more of a lever never loses more, the zero lever has
/// no ratio and says so, every point equals a single run of the same case written as a case file,
/// the costs follow the stated formula, and the output does not depend on thread timing.
final class FrontierTests: XCTestCase {
    static let dir = { () -> DynamicCase in
        try! DynamicCaseLoader.load(path: try! DynamicCaseLoader.casesDirectory() + "/jp-re-1y-dir.toml")
    }()
    nonisolated(unsafe) static var cachedModel: DynamicModel?
    func model() throws -> DynamicModel {
        if let m = Self.cachedModel { return m }
        let m = try DynamicModel.resolve(Self.dir)
        Self.cachedModel = m
        return m
    }
    func costs() throws -> LeverCosts { try LeverCosts.load(table: "jp-2015-185", case: Self.dir) }

    func sweep(_ lever: LeverKind, _ range: String, materials: [String]? = nil) throws -> FrontierResult {
        var spec = FrontierSpec(lever: lever, range: try LeverRange.parse(range, lever: lever))
        spec.materials = materials
        return try Frontier.sweep(try model(), spec: spec, costs: try costs())
    }

    func testMoreOfEachLeverNeverLosesMore() throws {
        for (lever, range) in [(LeverKind.stockpile, "0:360:40"), (.allied, "0:100:20"), (.stockDays, "0:120:30")] {
            let r = try sweep(lever, range)
            XCTAssertGreaterThan(r.points.first!.lossTotal - r.points.last!.lossTotal, 0, "\(lever) saves something")
            for (a, b) in zip(r.points, r.points.dropFirst()) {
                XCTAssertLessThanOrEqual(b.lossTotal, a.lossTotal * (1 + 1e-12),
                                         "\(lever) \(b.lever) against \(a.lever)")
                XCTAssertLessThanOrEqual(b.lossFirst12, a.lossFirst12 * (1 + 1e-12), "\(lever) first 12 months")
                XCTAssertGreaterThan(b.cost, a.cost, "\(lever): the cost grows with the lever")
            }
        }
    }

    func testZeroLeverHasNoRatioAndTheReportSaysSo() throws {
        let r = try sweep(.stockpile, "30:90:30")
        XCTAssertEqual(r.points.map(\.lever), [0, 30, 60, 90], "the zero point is always run, first")
        let zero = r.points[0]
        XCTAssertNil(zero.ratio)
        XCTAssertNil(zero.marginalRatio)
        XCTAssertEqual(zero.cost, 0)
        XCTAssertEqual(zero.avoidedTotalPercent, 0)
        XCTAssertNotNil(r.points[1].ratio)
        let md = FrontierReport.markdown(r, command: "test")
        let zeroRow = try XCTUnwrap(md.split(separator: "\n").first { $0.hasPrefix("| 0 |") })
        XCTAssertTrue(zeroRow.contains("| undefined |"), String(zeroRow))
        XCTAssertTrue(md.contains("at a lever of zero nothing is spent and the ratio is undefined"))
        let json = try r.json()
        XCTAssertFalse(json.contains("\"ratio\" : 0"), "an undefined ratio is absent, not zero")
    }

    /// A point of the sweep is the case with the lever written into the case file as a [[stockpile]],
    /// loaded, resolved and run on its own.
    func testPointsEqualSingleRunsOfTheCaseFile() throws {
        let mats = ["re_ndpr", "re_dytb"]
        let r = try sweep(.stockpile, "0:120:60", materials: mats)
        let m = try model()
        let text = try String(contentsOfFile: Self.dir.path, encoding: .utf8)
        for p in r.points where p.lever > 0 {
            var body = text
            for id in mats {
                let t = m.tonnesTotal[m.materialBase.firstIndex(of: id)!] * p.lever / 365
                body += "\n[[stockpile]]\nmaterial = \"\(id)\"\ntonnes = \(String(format: "%.17g", t))\n"
                body += "start_day = 14\nmax_tonnes_per_week = \(String(format: "%.17g", t * (1.0 / 8)))\n"
                body += "basis = \"test: the frontier's point written as a case\"\n"
            }
            let c = try DynamicCaseLoader.parse(path: Self.dir.path, text: body)
            let single = try DynamicModel.resolve(c)
            let o = DynamicOutcome(model: single, path: try Simulation.run(single))
            XCTAssertEqual(o.gdpLossGross, p.lossTotal, accuracy: 1e-12 * p.lossTotal, "\(p.lever) days")
            XCTAssertEqual(o.gdpLossFirst12Gross, p.lossFirst12, accuracy: 1e-12 * p.lossFirst12)
        }
        let bare = DynamicOutcome(model: m, path: try Simulation.run(m))
        XCTAssertEqual(r.points[0].lossTotal, bare.gdpLossGross,
                       "the zero point is the case itself (it has no stockpile)")
    }

    func testCostIsTonnesTimesPriceTimesCarryingAndInterest() throws {
        let r = try sweep(.stockpile, "0:60:60", materials: ["re_ndpr"])
        let m = try model()
        let tonnes = m.tonnesTotal[m.materialBase.firstIndex(of: "re_ndpr")!] * 60 / 365
        // lever-costs.csv: US$63,000/t, carrying 0.45%; lever-finance.csv: ¥150/US$, JGB 1.5%, one year.
        XCTAssertEqual(r.points[1].cost, tonnes * 63_000 * 150 * (0.0045 + 0.015), accuracy: 1e-6)
        XCTAssertEqual(r.points[1].tonnes, tonnes, accuracy: 1e-9)
        let allied = try sweep(.allied, "0:10:10", materials: ["re_ndpr"])
        XCTAssertEqual(allied.points[1].cost, tonnes * 365 / 60 * 0.1 * 47_000 * 150, accuracy: 1e-6)
        let p = r.points[1]
        XCTAssertEqual(p.ratio!, p.avoidedTotal / p.cost, accuracy: 1e-12 * p.ratio!)
        XCTAssertEqual(p.avoidedTotal, p.avoidedTotalPercent / 100 * 609e12, accuracy: 1e-3)
    }

    func testMarginalRatioAndTheBestPoint() throws {
        let r = try sweep(.stockpile, "0:400:50")
        for (a, b) in zip(r.points, r.points.dropFirst()) {
            XCTAssertEqual(b.marginalRatio!, (b.avoidedTotal - a.avoidedTotal) / (b.cost - a.cost),
                           accuracy: 1e-9 * max(1, abs(b.marginalRatio!)))
        }
        let best = try XCTUnwrap(r.bestIndex)
        XCTAssertTrue(r.points.allSatisfy { $0.net <= r.points[best].net })
        XCTAssertLessThan(best, r.points.count - 1, "a stock beyond what a one-year cut draws saves nothing more")
        XCTAssertLessThan(r.points[best + 1].marginalRatio!, 1)
        XCTAssertTrue(FrontierReport.answer(r).contains("the next step to"), FrontierReport.answer(r))
    }

    func testParallelSweepIsDeterministicAndEqualsSerialRuns() throws {
        let spec = FrontierSpec(lever: .stockDays, range: LeverRange(from: 0, to: 40, step: 10))
        let a = try Frontier.sweep(try model(), spec: spec, costs: try costs())
        let b = try Frontier.sweep(try model(), spec: spec, costs: try costs())
        XCTAssertEqual(try a.json(), try b.json())
        XCTAssertEqual(try FrontierResult.decode(Data(try a.json().utf8)), a, "the JSON reads back to the same result")
        let m = try model()
        let targets = try m.leverTargets(spec, costs: try costs())
        for p in a.points {
            let one = m.applying(spec, targets, value: p.lever)
            XCTAssertEqual(DynamicOutcome(model: one, path: try Simulation.run(one)).gdpLossGross, p.lossTotal)
        }
        XCTAssertEqual(FrontierChart.svg(a), FrontierChart.svg(b))
    }

    /// Golden files: Reports/frontier-jp-re-1y-dir-stockpile.md and .svg are what the renderer writes now
    /// (the partnership's frontier runs on the world table, too slow for a debug test: `make run` writes it).
    func testJapanFrontierReportIsTheCommittedOne() throws {
        let ref = try XCTUnwrap(FrontierReport.referenceFrontiers.first { $0.caseID == "jp-re-1y-dir" })
        let spec = FrontierSpec(lever: ref.lever, range: try LeverRange.parse(ref.range, lever: ref.lever))
        let r = try Frontier.sweep(try model(), spec: spec, costs: try costs())
        let files = FrontierReport.files(r, command: FrontierReport.command(caseRef: ref.caseID, spec: spec))
        for (name, contents) in files.files {
            let committed = try String(contentsOfFile: projectRoot + "/Reports/" + name, encoding: .utf8)
            XCTAssertTrue(committed == contents,
                          "Reports/\(name) differs from the renderer: re-record with `make run`")
        }
    }

    func testACancelledSweepThrowsAndReturnsNothing() throws {
        let spec = FrontierSpec(lever: .stockpile, range: LeverRange(from: 0, to: 60, step: 30))
        let m = try model(), c = try costs()
        XCTAssertThrowsError(try Frontier.sweep(m, spec: spec, costs: c, isCancelled: { true })) { e in
            XCTAssertTrue(e is CancellationError, "\(e)")
        }
    }

    func testCaseOverridesReplaceTheShippedCosts() throws {
        var text = try String(contentsOfFile: Self.dir.path, encoding: .utf8)
        text += "\n[[lever_cost]]\nmaterial = \"re_ndpr\"\nprice = 126000\nbasis = \"test: twice the price\"\n"
        text += "\n[lever_finance]\nyears_held = 2\nbasis = \"test\"\n"
        let c = try DynamicCaseLoader.parse(path: Self.dir.path, text: text)
        let costs = try LeverCosts.load(table: "jp-2015-185", case: c)
        XCTAssertEqual(costs.cost(of: "re_ndpr")?.price, 126_000)
        XCTAssertEqual(costs.finance.yearsHeld, 2)
        let t = ["re_ndpr": 100.0]
        XCTAssertEqual(try FrontierCost.cost(.stockpile, tonnes: t, costs: costs),
                       4 * (try FrontierCost.cost(.stockpile, tonnes: t, costs: try self.costs())), accuracy: 1e-6)
        let bad = text.replacingOccurrences(of: "price = 126000", with: "price = -1")
        XCTAssertThrowsError(try DynamicCaseLoader.parse(path: Self.dir.path, text: bad)) { e in
            XCTAssertTrue("\(e)".contains("price"), "\(e)")
        }
    }

    func testRangeAndLeverErrorsAreOneLine() {
        for bad in ["0:10", "a:1:1", "10:0:5", "0:10:0", "0:10:-1", "-5:10:5", "0:9999:1", "0:1000:1", "0:nan:1"] {
            XCTAssertThrowsError(try LeverRange.parse(bad, lever: .stockpile)) { e in
                let s = "\(e)"
                XCTAssertTrue(s.hasPrefix("command line --range: "), s)
                XCTAssertFalse(s.contains("\n"), s)
            }
        }
        XCTAssertEqual(try LeverRange.parse("0:180:15", lever: .stockpile).values.count, 13)
        XCTAssertEqual(try LeverRange.parse("0:100:30", lever: .allied).values, [0, 30, 60, 90])
        XCTAssertThrowsError(try LeverKind.parse("stockpiles")) { e in
            XCTAssertTrue("\(e)".contains("one of: stockpile, allied, stock-days"), "\(e)")
        }
        XCTAssertThrowsError(try sweep(.stockpile, "0:30:30", materials: ["gallium_typo"])) { e in
            XCTAssertTrue("\(e)".hasPrefix("command line --materials: "), "\(e)")
        }
    }
}
