import Foundation
import XCTest
@testable import IOImpact

/// A zero cut loses nothing, on every shipped table, with every static method and every rule of the
/// time-stepped model, even when every sector depends fully on the material (negative final-demand
/// entries such as stock drawdowns must never make a sector short at baseline).
final class ZeroCutTests: XCTestCase {
    let tables = ["jp-2015-13", "jp-2015-37", "jp-2015-185", "us-2022-71"]

    func testStaticMethodsLoseNothingWithNothingCut() throws {
        for id in tables {
            let table = try shippedTable(id)
            let dir = temporaryDirectory(id)
            // Every sector fully dependent on the material: the strongest test of a zero cut.
            let dep = "material,sector,dependence,basis\n" + table.codes.map { "re_magnet,\($0),1,test" }.joined(separator: "\n") + "\n"
            try dep.write(toFile: dir + "/dep.csv", atomically: true, encoding: .utf8)
            for method in PropagationMethod.allCases where method != .extraction {
                let text = """
                format = "ioimpact-case/1"
                id = "zero"
                title = "zero cut"
                table = "\(id)"
                dependence = "\(dir)/dep.csv"
                duration_days = 365
                [model]
                method = "\(method.rawValue)"
                kappa = 1
                kappa_basis = "test"
                [[material]]
                id = "re_magnet"
                origin_share = 0.6
                origin_basis = "test"
                severity = 0
                severity_basis = "test: nothing cut"
                """
                let c = try CaseLoader.parse(path: dir + "/zero.toml", text: text)
                let r = try Scenario.resolve(c).run()
                for o in r.methods where o.result.method != .extraction {
                    XCTAssertEqual(o.gdpLoss, 0, accuracy: 1e-9 * table.gdp, "\(id), \(o.result.method.rawValue) (case method \(method.rawValue))")
                    for (j, x) in o.result.output.enumerated() {
                        XCTAssertEqual(x, table.grossOutput[j], accuracy: 1e-9 * max(1, table.grossOutput[j]), "\(id) \(table.codes[j]) \(o.result.method.rawValue)")
                    }
                }
            }
        }
    }

    func testTimeSteppedModelLosesNothingWithNothingCut() throws {
        for id in tables {
            let table = try shippedTable(id)
            // Every sector uses the material with essentiality 1 and every θ pair has no inventory:
            // any spurious shortage at baseline would show at once.
            let sat = MaterialSatellite(
                tableID: id,
                materials: [MaterialSpec(id: "m", name: "test", elements: "", group: "critical_mineral", basis: "test")],
                origins: [OriginShare(material: "m", destination: table.metadata.country, origin: "CHN", share: 0.6, low: 0.6, high: 0.6, source: "test"),
                          OriginShare(material: "m", destination: table.metadata.country, origin: "OTH", share: 0.4, low: 0.4, high: 0.4, source: "test")],
                uses: table.codes.map { MaterialUse(material: "m", sector: $0, tonnesPerYear: 100, essentiality: 1, uses: "test", reason: "test") },
                essentialInputs: [], durables: table.codes, paths: [])
            let text = """
            format = "ioimpact-case/2"
            id = "zero"
            title = "zero cut"
            table = "\(id)"
            start = "2026-01-01"
            horizon_months = 6
            step_days = 7
            [inventories]
            theta = 0.02
            days = 0
            days_basis = "test"
            [[cut]]
            material = "m"
            origin = "CHN"
            flow = [[0, 1]]
            flow_basis = "test: nothing cut"
            """
            let c = try DynamicCaseLoader.parse(path: "zero.toml", text: text)
            let m = try DynamicModel(case: c, table: table, satellite: sat)
            for a in AllocationRule.allCases {
                for r in RationingRule.allCases {
                    let p = try Simulation.run(m, allocation: a, rationing: r)
                    for rec in p.periods { assertClose(rec.output, m.x0, relative: 1e-9, "\(id) \(a) \(r)") }
                    XCTAssertEqual(DynamicOutcome(model: m, path: p).gdpLossTotal, 0, accuracy: 1e-9 * table.gdp)
                }
            }
        }
    }

    /// The reference cases on the shipped satellites with every cut set to full flow.
    func testShippedSatellitesLoseNothingWithNothingCut() throws {
        for id in try DynamicCaseLoader.shippedIDs() {
            var c = try DynamicCaseLoader.load(path: try DynamicCaseLoader.casesDirectory() + "/\(id).toml")
            for k in c.cuts.indices { c.cuts[k].flow = .constant(1) }
            for k in c.goodsCuts.indices { c.goodsCuts[k].flow = .constant(1) }
            for k in c.allied.indices { c.allied[k].ramp = .constant(0) }
            let m = try DynamicModel.resolve(c)
            let p = try Simulation.run(m)
            for rec in p.periods { assertClose(rec.output, m.x0, relative: 1e-9, id) }
            assertPathInvariants(m, p)
            // Nothing lost is reported as exactly nothing: no sector listed with a rounding-sized loss.
            let o = DynamicOutcome(model: m, path: p)
            XCTAssertEqual(o.months.map(\.grossLoss).reduce(0, +), 0, id)
            XCTAssertEqual(o.months.map(\.rebound).reduce(0, +), 0, id)
            XCTAssertTrue(o.valueAddedLossBySector.allSatisfy { $0 == 0 }, id)
        }
    }

    /// Every shipped table has a material satellite that loads, and a cut of every material at full
    /// flow, with stocks and inventories at their targets, loses nothing there.
    func testEveryShippedTableHasASatelliteAndAZeroCutLosesNothing() throws {
        let all = try TableCatalog.shippedIDs()
        XCTAssertEqual(all, (tables + ["world-2011-wiod", "world-2011-wiod-split"]).sorted())
        for id in all {
            let table = try shippedTable(id)
            let sat = try MaterialSatellite.shipped(id, table: table)
            let used = Set(sat.uses.filter { $0.tonnesPerYear > 0 }.map(\.material)).sorted()
            XCTAssertFalse(used.isEmpty, id)
            let cuts = used.map { "[[cut]]\nmaterial = \"\($0)\"\norigin = \"CHN\"\nflow = [[0, 1]]\nflow_basis = \"test\"\n" }.joined()
            let text = "format = \"ioimpact-case/2\"\nid = \"z\"\ntitle = \"z\"\ntable = \"\(id)\"\nstart = \"2026-01-01\"\nhorizon_months = 3\n[stocks]\ndays = 30\nbasis = \"test\"\n" + cuts
            let c = try DynamicCaseLoader.parse(path: "z.toml", text: text)
            let m = try DynamicModel(case: c, table: table, satellite: sat)
            for a in AllocationRule.allCases {
                for r in RationingRule.allCases {
                    let p = try Simulation.run(m, allocation: a, rationing: r)
                    for rec in p.periods { assertClose(rec.output, m.x0, relative: 1e-9, "\(id) \(a) \(r)") }
                    assertPathInvariants(m, p)
                }
            }
        }
    }
}
