import Foundation
import XCTest
@testable import IOImpact

/// The order–delivery loop (DYNAMICS.md, last section; Pichler et al. 2022): orders come from demand,
/// a short supplier shares what it makes over its orders, buyers draw their stocks, and the loss of a
/// year-long cut follows the supply, not the stock or restock days.
final class OrderLoopTests: XCTestCase {
    /// A fork: magnets (M) sold only to two motor makers (E1, E2) with equal stocks and classes, and
    /// services (S). x = [100, 200, 300, 1000]; a_M,E1 = 40/200 = a_M,E2 = 60/300 = 0.2.
    func forkModel(body: String, days: Double = 14) throws -> DynamicModel {
        let dir = temporaryDirectory()
        try writeTableFiles([
            "manifest.toml": syntheticManifest(id: "fork-4", name: "Synthetic fork: one supplier, two buyers",
                                               country: "XX", households: ["hh"]),
            "sectors.csv": "code,name,name_local,gross_output\nM,Magnets,,100\nE1,Motors one,,200\n"
                + "E2,Motors two,,300\nS,Services,,1000\n",
            "transactions.csv": "code,M,E1,E2,S\nM,0,40,60,0\nE1,0,0,0,0\nE2,0,0,0,0\nS,20,30,50,100\n",
            "final_demand.csv": "code,hh\nM,0\nE1,200\nE2,300\nS,800\n",
            "value_added.csv": "component,M,E1,E2,S\nwages,80,130,190,900\n",
        ], to: dir)
        let table = try TableLoader.load(directory: dir)
        var sat = chainSatellite(table, uses: [("M", 100, 1)], essential: [("M", "E1", days), ("M", "E2", days)])
        sat.tableID = "fork-4"
        let c = try DynamicCaseLoader.parse(path: dir + "/case.toml",
                                            text: chainCaseText(horizon: 12, step: 1, body: body)
                                                .replacingOccurrences(of: "chain-4", with: "fork-4"))
        return try DynamicModel(case: c, table: table, satellite: sat)
    }

    /// Magnets held at 40% of their orders for a year (60% of supply from the cut origin, no stocks):
    /// once their 14 days of magnets are gone both motor makers run at 40% of base, the same share.
    func testASupplierHeldAtAShareHoldsEachCriticalBuyerAtThatShare() throws {
        let m = try forkModel(body: cutText("[[0, 1], [0, 0], [365, 0], [365, 1]]")
                              + "[recovery]\nbacklog = false\nbasis = \"test\"\n")
        let p = try Simulation.run(m)
        assertPathInvariants(m, p)
        for t in [120, 200, 300] {
            let r = p.periods[t]
            XCTAssertEqual(r.output[0] / m.x0[0], 0.4, accuracy: 1e-9, "the supplier makes 40% (day \(t))")
            XCTAssertEqual(r.output[1] / m.x0[1], 0.4, accuracy: 1e-6, "buyer one at ρ·x⁰ (day \(t))")
            XCTAssertEqual(r.output[2] / m.x0[2], 0.4, accuracy: 1e-6, "buyer two at ρ·x⁰ (day \(t))")
        }
        // Within their cover the buyers run at base: 14 days at a shortfall of 60% last 14/0.6 ≈ 23 days.
        XCTAssertEqual(p.periods[10].output[1], m.x0[1], accuracy: 1e-9)
        XCTAssertEqual(p.periods[10].output[2], m.x0[2], accuracy: 1e-9)
        XCTAssertLessThan(p.periods[30].output[1], m.x0[1] * 0.99)
    }

    /// Orders of period t depend only on the state at the end of t − 1, and one sweep from suppliers to
    /// buyers settles the capacities on an acyclic pair graph: every buyer's cap is then exactly the least
    /// of its material cap and its pairs' limits at its suppliers' final caps (a fixed point, checked).
    func testOnePassSettlesTheCapacities() throws {
        let m = try chainModel(step: 7, body: cutText("[[0, 1], [0, 0.3], [200, 0.3], [200, 1]]")
                               + "[stocks]\ndays = 7\nbasis = \"test\"\n",
                               uses: [("M", 100, 1), ("E", 20, 0.5)], essential: [("M", "E", 14), ("E", "V", 7)],
                               durables: ["V"])
        XCTAssertTrue(m.network.acyclic)
        var s = DynamicState(model: m)
        let columns = WoodburyColumns()
        var bound = 0
        for t in 0..<m.timeline.periods {
            let yf = m.timeline.yearFraction(t)
            var probe = s
            let (f, up) = RecoveryStep.finalDemand(m, probe, yearFraction: yf)
            let o = try OrderStep.place(m, probe, finalDemand: f, catchUp: up, period: 0, yearFraction: yf)
            let basis = CapacityStep.expectedOutput(m, probe, o, yearFraction: yf)
            var rec = Simulation.MaterialRecord(count: m.materialCount)
            let a = Simulation.materials(m, &probe, t: t, basis: basis, into: &rec)
            let (factor, material) = CapacityStep.materialFactor(m, availability: a)
            let c = CapacityStep.capacity(m, probe, o, basis: basis, factor: factor, material: material,
                                          rationing: m.rationing, yearFraction: yf)
            XCTAssertEqual(c.sweeps, 1)
            for j in 0..<m.n where !m.pairsOfBuyer[j].isEmpty {
                var want = c.materialCap[j]
                for p in m.pairsOfBuyer[j] {
                    let share = CapacityStep.deliveredShare(m, o, supplier: m.pairSupplier[p],
                                                            output: c.caps[m.pairSupplier[p]], rule: m.rationing)
                    want = min(want, CapacityStep.pairLimit(m, probe, o, pair: p, share: share, yearFraction: yf))
                }
                XCTAssertEqual(c.caps[j], want, accuracy: 1e-12 * max(1, m.x0[j]), "sector \(j), period \(t)")
                if c.pair[j] >= 0 { bound += 1 }
            }
            _ = try Simulation.step(m, &s, t: t, rationing: m.rationing, columns: columns)
        }
        XCTAssertGreaterThan(bound, 0, "a pair limit binds in some period")
    }

    /// θ pairs both ways (services ↔ motors) make a cyclic pair graph: the sweep runs to its fixed point,
    /// and every balance holds.
    func testACyclicPairGraphSettles() throws {
        let m = try chainModel(step: 7, body: cutText("[[0, 1], [0, 0.2], [200, 0.2], [200, 1]]")
                               + "[inventories]\ntheta = 0.01\ndays = 3\ndays_basis = \"test\"\n")
        XCTAssertFalse(m.network.acyclic)
        let p = try Simulation.run(m)
        assertPathInvariants(m, p)
        XCTAssertGreaterThan(p.periods.map(\.iterations).max()!, 1, "more than one sweep somewhere")
        XCTAssertLessThan(DynamicOutcome(model: m, path: p).gdpLossGross, DynamicOutcome(model: m, path: p).gdpBase)
    }

    /// The backlog never exceeds the final demand left unmet so far, and no sector catches up while a
    /// material or an essential input held its capacity below its orders in the period before. Stepped by
    /// hand so that the engine's own state is checked every period.
    func testBacklogNeverExceedsWhatWasLostAndWaitsForTheConstraintToLift() throws {
        let m = try chainModel(step: 7, body: cutText("[[0, 1], [0, 0], [120, 0], [120, 1]]")
                               + "[recovery]\nbacklog_days = 60\nmax_extra = 0.2\nbasis = \"test\"\n",
                               uses: [("M", 100, 1)], essential: [("M", "E", 14), ("E", "V", 7)], durables: ["V", "E"])
        var s = DynamicState(model: m)
        let columns = WoodburyColumns()
        var unmet = [Double](repeating: 0, count: m.n), caught = 0.0, gated = 0
        for t in 0..<m.timeline.periods {
            let boundBefore = s.supplyBound
            let r = try Simulation.step(m, &s, t: t, rationing: m.rationing, columns: columns)
            for j in 0..<m.n where m.durable[j] {
                unmet[j] += max(0, m.f0[j] - r.finalDelivered[j]) * m.timeline.yearFraction(t)
                XCTAssertLessThanOrEqual(s.backlog[j], unmet[j] * (1 + 1e-12),
                                         "backlog ≤ unmet demand so far (sector \(j), period \(t))")
                if boundBefore[j] {
                    XCTAssertEqual(r.catchUp[j], 0, "no catch-up while the constraint holds (sector \(j), period \(t))")
                    if s.backlog[j] > 0 { gated += 1 }
                }
                caught += r.catchUp[j]
            }
        }
        XCTAssertGreaterThan(gated, 0, "some backlog waited for its constraint to lift")
        XCTAssertGreaterThan(caught, 0, "the backlog is caught up once the cut ends")
    }

    /// With half of unmet exports lost, less backlog is left to catch up and the rebound is smaller; the
    /// gross loss does not change (what is lost is lost either way).
    func testLostExportsAreNotCaughtUp() throws {
        var m = try referenceModel("jp-re-1y-dir")
        XCTAssertGreaterThan(m.exportShare.max()!, 0.9, "some sectors export almost all their final demand")
        m.dynamicCase.exportLostShare = 0
        let kept = DynamicOutcome(model: m, path: try Simulation.run(m))
        m.dynamicCase.exportLostShare = 0.5
        let lost = DynamicOutcome(model: m, path: try Simulation.run(m))
        XCTAssertLessThan(lost.backlogAtEnd + lost.rebound, kept.backlogAtEnd + kept.rebound)
        XCTAssertEqual(lost.gdpLossFirst12Gross, kept.gdpLossFirst12Gross, accuracy: 1e-3 * kept.gdpLossFirst12Gross)
    }
}
