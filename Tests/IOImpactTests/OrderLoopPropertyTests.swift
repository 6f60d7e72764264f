import Foundation
import XCTest
@testable import IOImpact

/// What the order–delivery loop promises on the shipped tables: stock and restock days move the timing
/// of a year-long cut, not its level; a further cut never lowers the loss; the other critical minerals
/// add what their own lines lose.
final class OrderLoopPropertyTests: XCTestCase {
    /// Halving or doubling every pair's stock days and the restock time moves the first-12-month loss of
    /// the one-year full stop by less than 10%.
    func testStockAndRestockDaysMoveTheTimingNotTheLevel() throws {
        let base = try referenceModel("jp-re-1y-dir")
        func loss(_ scale: Double) throws -> Double {
            var m = base
            m.pairDays = base.pairDays.map { $0 * scale }
            m.dynamicCase.restockDays = base.dynamicCase.restockDays * scale
            return DynamicOutcome(model: m, path: try Simulation.run(m)).gdpLossFirst12Gross
        }
        let central = try loss(1)
        XCTAssertGreaterThan(central, 0)
        for scale in [0.5, 2] {
            let l = try loss(scale)
            XCTAssertEqual(l / central, 1, accuracy: 0.1,
                           "pair days and restock time × \(scale): \(l) against \(central)")
        }
    }

    /// Every reference case, cut as it states: material balances close, stocks stay non-negative, output
    /// stays within [0, capacity] and every supplier's deliveries equal its production, every period.
    func testEveryReferenceCaseKeepsItsBalances() throws {
        for id in try DynamicCaseLoader.shippedIDs() {
            let m = try referenceModel(id)
            assertPathInvariants(m, try Simulation.run(m))
        }
    }

    /// A property over random cut sets on every shipped table: cutting one more material, or cutting the
    /// same set deeper, never lowers the gross loss. Seeded, so every run draws the same sets.
    func testAddingACutNeverLowersTheLoss() throws {
        var rng = SplitMix(seed: 20261206)
        for (table, horizon, draws) in [("jp-2015-13", 12, 4), ("jp-2015-37", 12, 4), ("jp-2015-185", 12, 6),
                                        ("us-2022-71", 12, 4), ("world-2011-wiod", 6, 1)] {
            let t = try shippedTable(table)
            let sat = try MaterialSatellite.shipped(table, table: t)
            let cuttable = Array(Set(sat.uses.filter { $0.tonnesPerYear > 0 }.map(\.material))).sorted()
            for _ in 0..<draws {
                let picked = cuttable.filter { _ in rng.next() % 2 == 0 }
                let extra = cuttable.filter { !picked.contains($0) }
                guard !extra.isEmpty else { continue }
                let added: String = extra[Int(rng.next() % UInt64(extra.count))]
                let depth = Double(rng.next() % 100) / 100
                func loss(_ cuts: [String], depth: Double = depth) throws -> Double {
                    let body = cuts.map { material in
                        "[[cut]]\nmaterial = \"\(material)\"\norigin = \"ALL\"\n"
                            + "flow = [[0, 1], [0, \(depth)], [180, \(depth)], [180, 1]]\nflow_basis = \"test\"\n"
                    }.joined()
                    let text = "format = \"ioimpact-case/2\"\nid = \"property\"\ntitle = \"property\"\n"
                        + "table = \"\(table)\"\nstart = \"2026-01-01\"\n"
                        + "horizon_months = \(horizon)\nstep_days = 7\n[stocks]\ndays = 20\nbasis = \"test\"\n" + body
                    let c = try DynamicCaseLoader.parse(path: "property.toml", text: text)
                    let m = try DynamicModel(case: c, table: t, satellite: sat)
                    return DynamicOutcome(model: m, path: try Simulation.run(m)).gdpLossGross
                }
                let before: Double = picked.isEmpty ? 0 : try loss(picked)
                var more: [String] = picked
                more.append(added)
                let after = try loss(more)
                XCTAssertGreaterThanOrEqual(after, before * (1 - 1e-9) - 1e-9,
                                            "\(table): adding \(added) to \(picked) at depth \(depth) "
                                                + "lowered the loss from \(before) to \(after)")
                let deeper = try loss(more, depth: depth / 2)
                XCTAssertGreaterThanOrEqual(deeper, after * (1 - 1e-9) - 1e-9,
                                            "\(table): \(more) cut to \(depth / 2) instead of \(depth)")
            }
        }
    }

    /// The six other critical minerals on top of the rare earths add at least their own loss times the
    /// share of it in sectors where a rare earth and a mineral both bind, each in its own product line;
    /// in each such sector they add at least 90% of what they cost there alone (no masking by the
    /// scarcest material, as gallium in electronic devices was masked by yttrium in phosphors).
    func testOtherMineralsAddWhatTheirOwnLinesLose() throws {
        let gap = try XCTUnwrap(try OtherMinerals.measure(try referenceModel("jp-cm-1y-dir")))
        XCTAssertGreaterThan(gap.standalone, 0, "the six minerals cost something on their own")
        XCTAssertGreaterThan(gap.sharedShare, 0.1, "the minerals bind in sectors the rare earths bind too")
        XCTAssertGreaterThanOrEqual(gap.added, gap.standalone * gap.sharedShare * (1 - 1e-9),
                                    "added \(gap.added) against standalone \(gap.standalone) × \(gap.sharedShare)")
        for x in gap.sharedSectors {
            XCTAssertGreaterThanOrEqual(x.added, 0.9 * x.standalone,
                                        "sector \(x.sector): added \(x.added) of \(x.standalone) alone")
        }
    }
}

/// A small seeded generator (SplitMix64), so property draws repeat exactly.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
