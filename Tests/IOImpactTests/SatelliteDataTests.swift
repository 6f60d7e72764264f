import Foundation
import XCTest
@testable import IOImpact

/// The shipped satellites of issue 19: magnets made anywhere from Chinese oxide on the world table, the
/// US satellite with every material of the Japanese ones, and the provenance of every row.
final class SatelliteDataTests: XCTestCase {
    let materialsDir = projectRoot + "/Tables/materials"

    func rows(_ name: String) throws -> [[String: String]] {
        let csv = try CSVFile(path: materialsDir + "/" + name)
        let header = csv.rows[0].fields
        return csv.rows.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0.fields)) }
    }

    func tonnes(_ rows: [[String: String]], _ key: String = "tonnes_per_year") -> Double {
        rows.map { Double($0[key]!)! }.reduce(0, +)
    }

    /// A one-period world run: Chinese Nd/Pr and Dy/Tb cut to every destination, no stocks, no substitution.
    func worldOxideCut(flow: String) throws -> (DynamicModel, Simulation.Path) {
        let table = try shippedTable("world-2011-wiod")
        let sat = try MaterialSatellite.shipped("world-2011-wiod", table: table)
        let cuts = ["re_ndpr", "re_dytb"].map { m in
            "[[cut]]\nmaterial = \"\(m)\"\norigin = \"CHN\"\nflow = \(flow)\nflow_basis = \"test\"\n"
        }.joined(separator: "\n")
        let text = """
            format = "ioimpact-case/2"
            id = "oxide"
            title = "oxide"
            table = "world-2011-wiod"
            start = "2026-01-01"
            horizon_months = 1
            [stocks]
            days = 0
            basis = "test"
            [substitution]
            ceiling = 0
            days = 100
            basis = "test"
            [recovery]
            backlog = false
            basis = "test"

            """ + cuts
        let c = try DynamicCaseLoader.parse(path: "oxide.toml", text: text)
        let m = try DynamicModel(case: c, table: table, satellite: sat,
                                 timeline: Timeline(start: c.start, singlePeriodOf: 28))
        return (m, try Simulation.run(m))
    }

    /// Japan's magnets from a Chinese oxide cut alone (no magnet is cut), by hand from origins.csv and
    /// converters-world.csv: Japanese makers (σ 0.58 of Japan's magnets) get 45% of their Nd/Pr (China
    /// 0.55) and 5% of their Dy/Tb (China 0.95), so they run at min(1 − 0.55, 1 − 0.7 × 0.95) = 0.335;
    /// Vietnamese (0.07) and Philippine (0.02) makers in RoW get 12% of their Nd/Pr (world default, China
    /// 0.88): 0.12; German makers (0.01) 2% (China 0.98): 0.02; Chinese magnets (0.30) are not cut.
    /// Supply = 1 − 0.58 × 0.665 − 0.07 × 0.88 − 0.02 × 0.88 − 0.01 × 0.98 = 0.5253.
    func testAChineseOxideCutLowersJapaneseMagnetsByTheirMakersChineseOxideShares() throws {
        let (m, p) = try worldOxideCut(flow: "[[0, 0], [29, 0], [29, 1]]")
        let mag = m.materials.firstIndex { $0.id == "ndfeb_magnet@JPN" }!
        XCTAssertFalse(m.cutMaterial[mag], "no cut names magnets")
        let year = 28.0 / 365
        let share = p.periods[0].supply[mag] / (m.tonnesTotal[mag] * year)
        let expected = 1 - 0.58 * (1 - 0.335) - 0.07 * 0.88 - 0.02 * 0.88 - 0.01 * 0.98
        XCTAssertEqual(share, expected, accuracy: 1e-9)
        // The Japanese makers' term alone is in proportion to their Chinese oxide shares.
        let jp = m.conversions[mag].first { $0.origin == "JPN" }!
        XCTAssertEqual(jp.share, 0.58, accuracy: 1e-12)
        XCTAssertEqual(m.model.table.codes[jp.sector], "JPN/c12")
        // American buyers of Japanese magnets lose them too: the converter serves every destination.
        let us = m.materials.firstIndex { $0.id == "ndfeb_magnet@USA" }!
        XCTAssertTrue(m.conversions[us].contains { $0.origin == "JPN" && $0.share == 0.07 })
        XCTAssertLessThan(p.periods[0].supply[us], m.tonnesTotal[us] * year * (1 - 1e-6))
    }

    func testAZeroOxideCutLosesNothing() throws {
        let (m, p) = try worldOxideCut(flow: "[[0, 1], [29, 1]]")
        for g in 0..<m.materialCount {
            XCTAssertEqual(p.periods[0].supply[g], m.tonnesTotal[g] * 28 / 365,
                           accuracy: 1e-9 * max(1, m.tonnesTotal[g]))
        }
        XCTAssertEqual(DynamicOutcome(model: m, path: p).gdpLossTotal, 0, accuracy: 1e-6)
    }

    /// The US satellite carries every material of the Japanese ones, and its tonnes by material equal
    /// the destination-USA tonnes of uses.csv (nothing lost or doubled between use and sector).
    func testUSSatelliteHasEveryJapaneseMaterialAndBalances() throws {
        let us = try rows("satellite-us-2022-71.csv"), jp = try rows("satellite-jp-2015-185.csv")
        XCTAssertEqual(Set(us.map { $0["material"]! }), Set(jp.map { $0["material"]! }))
        let uses = try rows("uses.csv").filter { $0["destination"] == "USA" }
        for g in Set(uses.map { $0["material"]! }) {
            XCTAssertEqual(tonnes(us.filter { $0["material"] == g }), tonnes(uses.filter { $0["material"] == g }),
                           accuracy: 1e-3, g)
        }
    }

    /// The world satellite: Japan's and the US's rows carry their national tonnes; a region with its own
    /// published total carries that total exactly.
    func testWorldSatelliteBalancesWithTheNationalOnesAndTheOwnTotals() throws {
        let world = try rows("satellite-world-2011-wiod.csv")
        for (region, national) in [("JPN", "satellite-jp-2015-185.csv"), ("USA", "satellite-us-2022-71.csv")] {
            let nat = try rows(national)
            for g in ["re_ndpr", "re_dytb", "re_lace", "re_other", "ndfeb_magnet"] {
                XCTAssertEqual(tonnes(world.filter { $0["material"] == g && $0["sector"]!.hasPrefix(region + "/") }),
                               tonnes(nat.filter { $0["material"] == g }), accuracy: 0.01, "\(region) \(g)")
            }
        }
        for t in try rows("region_totals-world.csv") {
            let g = t["material"]!, r = t["region"]!
            let mine = world.filter { ($0["material"] == g || (g == "rare_earths" && $0["material"]!.hasPrefix("re_")))
                && $0["sector"]!.hasPrefix(r + "/") }
            XCTAssertEqual(tonnes(mine), Double(t["tonnes_per_year"]!)!, accuracy: 0.05 * Double(mine.count),
                           "\(r) \(g)")
            XCTAssertTrue(mine.allSatisfy { $0["reason"]!.hasPrefix("OWN TOTAL") }, "\(r) \(g)")
        }
    }

    /// Every row says where its figure comes from: national rows name their source, other regions' rows
    /// are marked TRANSPLANTED or OWN TOTAL, and origin and use rows have a source.
    func testEverySatelliteRowHasASourceOrAMark() throws {
        for r in try rows("satellite-world-2011-wiod.csv") {
            let region = String(r["sector"]!.prefix { $0 != "/" })
            let reason = r["reason"]!
            if region == "JPN" || region == "USA" {
                XCTAssertTrue(reason.contains("Tables/materials/satellite-"), reason)
            } else {
                XCTAssertTrue(reason.hasPrefix("TRANSPLANTED") || reason.hasPrefix("OWN TOTAL"),
                              "\(r["sector"]!): \(reason)")
            }
        }
        for name in ["satellite-us-2022-71.csv", "satellite-jp-2015-185.csv"] {
            for r in try rows(name) { XCTAssertFalse(r["reason"]!.trimmingCharacters(in: .whitespaces).isEmpty, name) }
        }
        for (name, key) in [("origins.csv", "source"), ("uses.csv", "source"), ("converters-world.csv", "basis"),
                            ("region_totals-world.csv", "source"), ("conversions-world-2011-wiod.csv", "basis")] {
            // At least a cross-reference ("as re_ndpr"); most rows name a publication.
            for r in try rows(name) { XCTAssertGreaterThanOrEqual(r[key]!.count, 8, "\(name): \(r)") }
        }
    }

    /// China's ban on gallium and germanium to the US (December 2024) runs and costs the US something.
    func testTheUSGalliumGermaniumCaseRunsAndLoses() throws {
        let m = try referenceModel("us-gage-1y")
        let cut = Set((0..<m.materialCount).filter { m.cutMaterial[$0] }.map { m.materialBase[$0] })
        XCTAssertEqual(cut, ["gallium", "germanium"])
        let o = DynamicOutcome(model: m, path: try Simulation.run(m))
        XCTAssertGreaterThan(o.gdpLossTotal, 0)
        XCTAssertLessThan(o.gdpLossTotal / o.gdpBase, 0.01, "a gallium and germanium cut is not a rare-earth cut")
    }
}
