import Foundation
import XCTest
@testable import IOImpact

/// The time-stepped model on the synthetic chain: analytic limits, balances, order of propagation.
final class DynamicModelTests: XCTestCase {
    let fullYear = "[[0, 1], [0, 0], [365, 0], [365, 1]]"

    func testZeroCutLeavesEveryPeriodAtBase() throws {
        let m = try chainModel(body: cutText("[[0, 1]]") + "[stocks]\ndays = 30\nbasis = \"test\"\n",
                               essential: [("M", "E", 14), ("E", "V", 7)], durables: ["V"])
        for a in AllocationRule.allCases {
            for r in RationingRule.allCases {
                let p = try Simulation.run(m, allocation: a, rationing: r)
                for rec in p.periods { assertClose(rec.output, m.x0, relative: 1e-9, "output with nothing cut (\(a), \(r))") }
                XCTAssertEqual(DynamicOutcome(model: m, path: p).gdpLossTotal, 0, accuracy: 1e-9)
            }
        }
    }

    func testMaterialBalanceAndBoundsEveryPeriod() throws {
        let m = try chainModel(body: cutText("[[0, 1], [0, 0.2], [90, 0.2], [150, 1.6], [200, 1]]") + """
            [stocks]
            days = 45
            basis = "test"
            [[stockpile]]
            material = "re"
            tonnes = 10
            start_day = 20
            max_tonnes_per_week = 1
            users = ["M"]
            basis = "test"
            [[allied]]
            material = "re"
            ramp = [[0, 0], [180, 20]]
            basis = "test"
            [substitution]
            ceiling = 0.2
            days = 60
            basis = "test"

            """, essential: [("M", "E", 14), ("E", "V", 7)], durables: ["V"])
        for a in AllocationRule.allCases {
            for r in RationingRule.allCases {
                assertPathInvariants(m, try Simulation.run(m, allocation: a, rationing: r))
            }
        }
    }

    /// Stocks of S days under a constant shortfall s last S/s days: 60 days at s = 0.6 run out after day 100.
    func testStocksLastSOverSDays() throws {
        let m = try chainModel(body: cutText("[[0, 1], [0, 0], [300, 0], [300, 1]]") + """
            [stocks]
            days = 60
            basis = "test"
            [recovery]
            backlog = false
            basis = "test"

            """)
        let p = try Simulation.run(m)
        let o = DynamicOutcome(model: m, path: p)
        XCTAssertEqual(o.firstShort[0], 100, "magnets first short on day S/s = 60/0.6 = 100 (0-based)")
        XCTAssertEqual(p.periods[99].userStock[0], 0, accuracy: 1e-9)
        XCTAssertEqual(p.periods[98].userStock[0], 100 * 0.6 / 365, accuracy: 1e-9)
    }

    func testTwoYearCutLosesTwiceOneYearWithoutSubstitutionAndLessWithIt() throws {
        func loss(_ days: Int, substitution: Bool) throws -> Double {
            let body = cutText("[[0, 1], [0, 0], [\(days), 0], [\(days), 1]]")
                + (substitution ? "[substitution]\nceiling = 0.3\ndays = 90\nbasis = \"test\"\n" : "")
                + "[recovery]\nbacklog = false\nbasis = \"test\"\n"
            // No inventories: a cover of S days would add S days to each cut and make the ratio (2T − S)/(T − S).
            let m = try chainModel(horizon: 36, step: 7, body: body)
            return DynamicOutcome(model: m, path: try Simulation.run(m)).gdpLossTotal
        }
        let one = try loss(364, substitution: false), two = try loss(728, substitution: false)
        XCTAssertGreaterThan(one, 0)
        XCTAssertEqual(two / one, 2, accuracy: 0.02)
        let oneS = try loss(364, substitution: true), twoS = try loss(728, substitution: true)
        XCTAssertLessThan(twoS, 2 * oneS * 0.99)
        XCTAssertLessThan(oneS, one)
    }

    /// A shortage of magnets reaches motors after the motor makers' cover (14 days) and vehicles after
    /// theirs (7 more days); a shortage in vehicles, which nobody buys from, reaches no buyer.
    func testShortageTravelsDownTheChainAfterEachInventoryCover() throws {
        let m = try chainModel(body: cutText("[[0, 1], [0, 0], [200, 0], [200, 1]]", material: "re_all") + """
            [stocks]
            days = 0
            basis = "test"
            [[material]]
            id = "re_all"
            name = "all from CHN"
            group = "rare_earth_light"
            basis = "test"
            origins = { CHN = 1.0 }
            origins_basis = "test"
            [[material.use]]
            sector = "M"
            tonnes_per_year = 50
            essentiality = 1.0
            reason = "test"

            """,
            uses: [], essential: [("M", "E", 14), ("E", "V", 7)])
        let o = DynamicOutcome(model: m, path: try Simulation.run(m))
        XCTAssertEqual(o.firstShort[0], 0, "magnets short at once")
        XCTAssertEqual(o.firstShort[1], 14, "motors after their 14 days of magnets")
        XCTAssertEqual(o.firstShort[2], 21, "vehicles 7 days later")
        XCTAssertNil(o.firstShort[3], "services are never short of supply")

        let v = try chainModel(body: cutText(fullYear), uses: [("V", 100, 1)], essential: [("M", "E", 14), ("E", "V", 7)])
        let ov = DynamicOutcome(model: v, path: try Simulation.run(v))
        XCTAssertEqual(ov.firstShort[2], 0)
        for j in [0, 1, 3] { XCTAssertNil(ov.firstShort[j], "sector \(j) loses orders only, never supply") }
    }

    /// One period, no stocks, no substitution, no backlog and no essential pairs: the static mixed model
    /// (MODEL.md method 1) with caps x⁰_j (1 − Σ_ℓ w_ℓ (1 − min_{g∈ℓ} σ_g)), the product lines' factor
    /// at the material shortfall. (The static industry-first method limits a buyer by its own rationed output,
    /// which the order–delivery loop no longer does, so the loop's limit is the mixed model.)
    func testStaticLimitEqualsStaticEngine() throws {
        let table = try shippedTable("jp-2015-37")
        var sat = try MaterialSatellite.shipped("jp-2015-37", table: table)
        sat.essentialInputs = []
        sat.conversions = []
        let names = ["re_ndpr", "re_dytb", "re_lace", "re_other", "ndfeb_magnet"].filter { id in sat.uses.contains { $0.material == id } }
        let cuts = names.map { cutText(fullYear, material: $0).replacingOccurrences(of: "chain-4", with: "") }.joined()
        let text = """
            format = "ioimpact-case/2"
            id = "static-limit"
            title = "static limit"
            table = "jp-2015-37"
            start = "2025-01-01"
            horizon_months = 12
            [recovery]
            backlog = false
            basis = "test"

            """ + cuts
        let c = try DynamicCaseLoader.parse(path: "static-limit.toml", text: text)
        let m = try DynamicModel(case: c, table: table, satellite: sat, timeline: Timeline(start: c.start, singlePeriodOf: 365))
        let p = try Simulation.run(m)
        var caps = m.x0
        for j in 0..<m.n {
            var lost = 0.0
            for line in m.lines[j] {
                let short = line.materials.map { 1 - m.supplyShare[$0][0] }.max() ?? 0
                lost += (line.share ?? m.essentiality[line.materials[0]][j]) * short
            }
            caps[j] = m.x0[j] * max(0, 1 - lost)
        }
        let stat = try Propagator(model: m.model).mixed(caps: caps)
        assertClose(p.periods[0].output, stat.output, relative: 1e-9, "static limit")
        XCTAssertLessThan(stat.output.reduce(0, +), m.x0.reduce(0, +), "the cut bites")
    }

    func testMonotoneInStocksAlliesSubstitutionDurationAndDepth() throws {
        func loss(_ body: String) throws -> Double {
            let m = try chainModel(horizon: 18, step: 7, body: body, uses: [("M", 100, 1), ("E", 20, 0.5)],
                                   essential: [("M", "E", 14), ("E", "V", 7)], durables: ["V"])
            return DynamicOutcome(model: m, path: try Simulation.run(m)).gdpLossTotal
        }
        let cut = cutText("[[0, 1], [0, 0.3], [240, 0.3], [240, 1]]")
        let base = try loss(cut)
        XCTAssertGreaterThan(base, 0)
        var last = base
        for days in [15, 30, 60, 120] {
            let l = try loss(cut + "[stocks]\ndays = \(days)\nbasis = \"test\"\n")
            XCTAssertLessThanOrEqual(l, last * (1 + 1e-9), "more stocks never hurt (\(days) days)")
            last = l
        }
        last = base
        for t in [10.0, 30, 80] {
            let l = try loss(cut + "[[allied]]\nmaterial = \"re\"\nramp = [[0, 0], [60, \(t)]]\nbasis = \"test\"\n")
            XCTAssertLessThanOrEqual(l, last * (1 + 1e-9), "more allied supply never hurts")
            last = l
        }
        last = base
        for c in [0.1, 0.3, 0.6] {
            let l = try loss(cut + "[substitution]\nceiling = \(c)\ndays = 60\nbasis = \"test\"\n")
            XCTAssertLessThanOrEqual(l, last * (1 + 1e-9), "more substitution never hurts")
            last = l
        }
        last = 0
        for d in [60, 120, 240, 360] {
            let l = try loss(cutText("[[0, 1], [0, 0.3], [\(d), 0.3], [\(d), 1]]"))
            XCTAssertGreaterThanOrEqual(l, last * (1 - 1e-9), "a longer cut never lowers the loss")
            last = l
        }
        last = 0
        for share in [0.9, 0.6, 0.3, 0.0] {
            let l = try loss(cutText("[[0, 1], [0, \(share)], [240, \(share)], [240, 1]]"))
            XCTAssertGreaterThanOrEqual(l, last * (1 - 1e-9), "a deeper cut never lowers the loss")
            last = l
        }
    }

    func testDailyAndWeeklyStepsAgreeOnTheYearlyLossRoughly() throws {
        let body = cutText("[[0, 1], [0, 0], [182, 0], [182, 1]]") + "[recovery]\nbacklog = false\nbasis = \"test\"\n"
        let d = try chainModel(step: 1, body: body), w = try chainModel(step: 7, body: body)
        let ld = DynamicOutcome(model: d, path: try Simulation.run(d)).gdpLossTotal
        let lw = DynamicOutcome(model: w, path: try Simulation.run(w)).gdpLossTotal
        XCTAssertEqual(lw / ld, 1, accuracy: 0.01)
    }

    func testBacklogOfDurablesIsCaughtUpAfterTheCut() throws {
        let body = cutText("[[0, 1], [0, 0], [60, 0], [60, 1]]") + "[recovery]\nbacklog_days = 60\nmax_extra = 0.2\nbasis = \"test\"\n"
        let with = try chainModel(body: body, uses: [("V", 100, 1)], durables: ["V"])
        let without = try chainModel(body: body, uses: [("V", 100, 1)], durables: [])
        let pw = try Simulation.run(with), pn = try Simulation.run(without)
        XCTAssertGreaterThan(pw.periods[80].output[2], with.x0[2], "catch-up output above base after the cut")
        XCTAssertLessThanOrEqual(pw.periods[80].output[2], with.x0[2] * 1.2 + 1e-9, "at most α_max extra")
        XCTAssertEqual(pn.periods[80].output[2], without.x0[2], accuracy: 1e-9, "services-like demand is lost")
        XCTAssertLessThan(DynamicOutcome(model: with, path: pw).gdpLossTotal, DynamicOutcome(model: without, path: pn).gdpLossTotal)
    }
}
