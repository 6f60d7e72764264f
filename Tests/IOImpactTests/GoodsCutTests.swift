import Foundation
import XCTest
@testable import IOImpact

/// `[[goods_cut]]`: a produced good's flow from one region to another is capped at φ(t) × normal, and a
/// buyer short of it loses e of the shortfall (docs/METHOD.md, section 1, "Cuts of produced goods").
final class GoodsCutTests: XCTestCase {
    /// A's manufacturing (A/m) sells B's manufacturing 50 of B/m's 400 (a = 0.125); no material is used.
    func model(_ block: String, horizon: Int = 6, essential: [(String, String, Double)] = []) throws -> DynamicModel {
        let dir = temporaryDirectory()
        try writeTableFiles([
            "manifest.toml": syntheticManifest(id: "two-region", name: "two regions", country: "WLD",
                                               households: ["A/hh", "B/hh"]),
            "sectors.csv": "code,name,name_local,gross_output,region\n"
                + "A/m,M,,300,A\nA/s,S,,500,A\nB/m,M,,400,B\nB/s,S,,600,B\n",
            "transactions.csv": "code,A/m,A/s,B/m,B/s\nA/m,30,20,50,0\nA/s,40,50,0,0\nB/m,0,0,40,30\nB/s,0,0,60,60\n",
            "final_demand.csv": "code,A/hh,B/hh\nA/m,200,0\nA/s,410,0\nB/m,0,330\nB/s,0,480\n",
            "value_added.csv": "component,A/m,A/s,B/m,B/s\nwages,230,430,250,510\n",
        ], to: dir)
        let table = try TableLoader.load(directory: dir)
        let sat = MaterialSatellite(
            tableID: "two-region",
            materials: [MaterialSpec(id: "re", name: "t", elements: "", group: "rare_earth_light", basis: "t")],
            origins: [OriginShare(material: "re", destination: "WLD", origin: "CHN", share: 1, low: 1, high: 1,
                                  source: "t")],
            uses: [MaterialUse(material: "re", sector: "A/s", tonnesPerYear: 1, essentiality: 0, uses: "t",
                               reason: "t")],
            essentialInputs: essential.map { EssentialInput(supplier: $0.0, buyer: $0.1, days: $0.2, basis: "t") },
            durables: [], paths: [])
        let text = """
        format = "ioimpact-case/2"
        id = "g"
        title = "g"
        table = "two-region"
        start = "2026-01-01"
        horizon_months = \(horizon)
        step_days = 7
        [recovery]
        backlog = false
        basis = "test"

        """ + block
        let c = try DynamicCaseLoader.parse(path: dir + "/case.toml", text: text)
        return try DynamicModel(case: c, table: table, satellite: sat)
    }

    func cut(flow: String = "[[0, 1], [0, 0.5], [140, 0.5], [140, 1]]", extra: String = "") -> String {
        "[[goods_cut]]\ngood = \"m\"\norigin = \"A\"\nflow = \(flow)\nflow_basis = \"test\"\n" + extra
    }

    func week(_ m: DynamicModel, _ t: Int) throws -> PeriodRecord { try Simulation.run(m).periods[t] }

    func testACriticalCutFlowHoldsTheBuyerToItsDeliveries() throws {
        let m = try model(cut(extra: "essentiality = 1\nessentiality_basis = \"test\"\n"))
        XCTAssertEqual(m.pairSupplier.count, 1)
        XCTAssertEqual(m.pairCap[0][2], 0.5 * 50, accuracy: 1e-9, "half the normal 50 a year may arrive")
        let r = try week(m, 4)
        // No stock: B/m makes what half its input allows, x ≤ 0.5·a·x⁰ / a = 200.
        XCTAssertEqual(r.output[2], 200, accuracy: 1e-6)
        XCTAssertLessThan(r.output[0], 300 - 24, "A/m makes less: it ships no more than the cap (25 of 50)")
        let after = try Simulation.run(m).periods.last!
        XCTAssertEqual(after.output[2], 400, accuracy: 1e-6, "back at base once the flow returns")
    }

    func testEssentialityIsTheShareOfTheShortfallThatBinds() throws {
        let m = try model(cut(extra: "essentiality = 0.5\nessentiality_basis = \"test\"\n"))
        XCTAssertEqual(try week(m, 4).output[2], 400 - 0.5 * 200, accuracy: 1e-6)
        let d = try model(cut())
        XCTAssertEqual(d.dynamicCase.goodsCuts[0].essentiality, GoodsCut.defaultEssentiality)
        XCTAssertEqual(try week(d, 4).output[2], 300, accuracy: 1e-6, "the default (0.5) is the important class")
    }

    func testOnlyTheControlledShareIsCut() throws {
        let m = try model(cut(flow: "[[0, 1], [0, 0], [140, 0], [140, 1]]",
                              extra: "controlled_share = 0.4\ncontrolled_share_basis = \"t\"\n"
                                  + "essentiality = 1\nessentiality_basis = \"t\"\n"))
        XCTAssertEqual(m.pairCoefficient[0], 0.4 * 50 / 400, accuracy: 1e-15)
        XCTAssertEqual(m.network.coefficients[0, 2], 0.6 * 50 / 400, accuracy: 1e-15, "the rest is bought as used")
        XCTAssertEqual(m.goodsCuts[0].controlledFlow, 20, accuracy: 1e-9)
        XCTAssertEqual(try week(m, 4).output[2], 0, accuracy: 1e-6, "a critical input stopped stops the buyer")
    }

    func testStocksCoverTheFirstWeeks() throws {
        let m = try model(cut(flow: "[[0, 1], [0, 0], [140, 0], [140, 1]]",
                              extra: "essentiality = 1\nessentiality_basis = \"t\"\n"
                                  + "stock_days = 28\nstock_days_basis = \"t\"\n"))
        let p = try Simulation.run(m).periods
        XCTAssertEqual(p[0].output[2], 400, accuracy: 1e-6, "28 days of stock: the first weeks at base")
        XCTAssertEqual(p[2].output[2], 400, accuracy: 1e-6)
        XCTAssertLessThan(p[6].output[2], 1, "stocks gone, nothing arrives")
    }

    func testAListedPairKeepsTheUncontrolledPartAndItsDays() throws {
        let m = try model(cut(extra: "controlled_share = 0.5\ncontrolled_share_basis = \"t\"\n"),
                          essential: [("A/m", "B/m", 20)])
        XCTAssertEqual(m.pairSupplier.count, 2)
        XCTAssertEqual(m.pairCoefficient[0] + m.pairCoefficient[1], 50.0 / 400, accuracy: 1e-15)
        XCTAssertEqual(m.pairDays, [20, 20], "the cut pair takes the listed pair's days")
        XCTAssertEqual(m.network.coefficients[0, 2], 0)
    }

    func testTheBuyingRegionIsCutDirectlyAndTheOriginIsNot() throws {
        let m = try model(cut())
        let o = DynamicOutcome(model: m, path: try Simulation.run(m))
        let l = o.regionLosses(m)
        XCTAssertTrue(l.first { $0.region == "B" }!.cutDirectly)
        XCTAssertFalse(l.first { $0.region == "A" }!.cutDirectly)
        XCTAssertGreaterThan(l.first { $0.region == "A" }!.gdpLossTotal, 0, "A loses the sales it may not ship")
    }

    func testBadGoodsCutsNameTheFileLineAndField() throws {
        func refused(_ block: String, _ text: String, line: Int? = nil) {
            do { _ = try model(block); XCTFail("accepted: \(block)") } catch let e as InputError {
                XCTAssertTrue(e.description.contains(text), e.description)
                XCTAssertTrue(e.description.contains("case.toml"), e.description)
                XCTAssertFalse(e.description.contains("\n"))
                if let line { XCTAssertEqual(e.line, line, e.description) }
            } catch { XCTFail("\(error)") }
        }
        refused(cut().replacingOccurrences(of: "good = \"m\"", with: "good = \"x\""), "unknown industry 'x'", line: 12)
        refused(cut().replacingOccurrences(of: "origin = \"A\"", with: "origin = \"Z\""), "unknown region 'Z'")
        refused(cut(extra: "destinations = [\"A\"]\n"), "cannot also be a destination")
        refused(cut(extra: "buyers = [\"s\"]\n"), "no buyer named by the cut buys A/m")
        refused(cut(extra: "essentiality = 1.5\nessentiality_basis = \"t\"\n"), "key 'goods_cut.essentiality'")
        refused(cut(extra: "essentiality = 1\n"), "essentiality_basis")
        refused(cut(flow: "[[0, 1], [0, 0]]"), "never returns to 1")
        refused(cut() + cut(), "cut twice")
    }

    func testAGoodsCutOnANationalTableIsRefused() throws {
        let text = """
        format = "ioimpact-case/2"
        id = "g"
        title = "g"
        table = "jp-2015-37"
        start = "2026-01-01"
        horizon_months = 6

        """ + cut().replacingOccurrences(of: "good = \"m\"", with: "good = \"11\"")
            .replacingOccurrences(of: "\"A\"", with: "\"JPN\"")
        XCTAssertThrowsError(try DynamicModel.resolve(try DynamicCaseLoader.parse(path: "case.toml", text: text))) {
            XCTAssertTrue("\($0)".contains("has no regions"), "\($0)")
        }
    }
}
