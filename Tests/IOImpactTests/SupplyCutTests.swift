import Foundation
import XCTest
@testable import IOImpact

/// Writes a case file (and, when given, a dependence table) beside a table folder and resolves it.
func scenario(tableDir: String, dependence: String? = nil, caseBody: String, file: String = "case.toml") throws -> Scenario {
    let dir = URL(fileURLWithPath: tableDir).deletingLastPathComponent().path
    if let dependence { try dependence.write(toFile: dir + "/dep.csv", atomically: true, encoding: .utf8) }
    let path = dir + "/" + file
    try caseBody.write(toFile: path, atomically: true, encoding: .utf8)
    return try Scenario.resolve(try CaseLoader.load(path: path))
}

func caseText(table: String, dependence: String = "dep.csv", duration: Double = 365, method: String = "industry-first",
              kappa: Double = 1, theta: Double = 0.05, origin: Double = 0.6, severity: Double = 1, replacement: Double = 0,
              stock: Double = 0, extraModel: String = "") -> String {
    """
    format = "ioimpact-case/1"
    id = "test"
    title = "test case"
    table = "\(table)"
    dependence = "\(dependence)"
    duration_days = \(duration)

    [model]
    method = "\(method)"
    kappa = \(kappa)
    kappa_basis = "test"
    theta = \(theta)
    theta_basis = "test"
    \(extraModel)

    [[material]]
    id = "re_magnet"
    origin_share = \(origin)
    origin_basis = "test"
    severity = \(severity)
    severity_basis = "test"
    replacement_share = \(replacement)
    replacement_basis = "test"
    stock_days = \(stock)
    stock_basis = "test"
    """
}

final class SupplyCutTests: XCTestCase {
    /// The shipped Japanese table with its real dependence table, under a case written here.
    func japan(_ f: (inout [String: Any]) -> Void = { _ in }) throws -> Scenario {
        var p: [String: Any] = ["duration": 365.0, "method": "industry-first", "kappa": 0.5, "theta": 0.05, "origin": 0.6,
                                "severity": 1.0, "replacement": 0.0, "stock": 0.0]
        f(&p)
        let dir = temporaryDirectory()
        let text = caseText(table: "jp-2015-37", dependence: projectRoot + "/Tables/dependence/jp-2015-37.csv",
                            duration: p["duration"] as! Double, method: p["method"] as! String, kappa: p["kappa"] as! Double,
                            theta: p["theta"] as! Double, origin: p["origin"] as! Double, severity: p["severity"] as! Double,
                            replacement: p["replacement"] as! Double, stock: p["stock"] as! Double)
        return try scenario(tableDir: dir + "/t", caseBody: text)
    }

    func testZeroCutGivesZeroLoss() throws {
        for key in ["origin", "severity", "kappa"] {
            let r = try japan { $0[key] = 0.0 }.run()
            for o in r.methods where o.result.method != .extraction {
                XCTAssertEqual(o.gdpLoss, 0, accuracy: 1e-6, "\(key) = 0, \(o.result.method)")
                XCTAssertEqual(o.employmentLossTotal!, 0, accuracy: 1e-6)
            }
        }
        // Stocks covering the whole period and full replacement also give zero.
        XCTAssertEqual(try japan { $0["stock"] = 400.0 }.run().main.gdpLoss, 0, accuracy: 1e-6)
        XCTAssertEqual(try japan { $0["replacement"] = 1.0 }.run().main.gdpLoss, 0, accuracy: 1e-6)
    }

    func testMonotonicity() throws {
        func losses(_ key: String, _ values: [Double]) throws -> [[Double]] {
            try values.map { v in try japan { $0[key] = v }.run().methods.filter { $0.result.method != .ghosh }.map(\.gdpLoss) }
        }
        for (key, values, rising) in [("severity", [0.2, 0.5, 0.8, 1.0], true), ("duration", [30.0, 90, 180, 365], true),
                                      ("kappa", [0.1, 0.3, 0.6, 1.0, 2.0], true), ("origin", [0.3, 0.6, 0.9], true),
                                      ("stock", [0.0, 30, 60, 120], false), ("replacement", [0.0, 0.2, 0.5, 0.8], false)] {
            let l = try losses(key, values)
            for k in 1..<l.count {
                for m in l[k].indices {
                    if rising { XCTAssertGreaterThanOrEqual(l[k][m], l[k - 1][m] - 1e-6, "\(key) \(values[k]) method \(m)") }
                    else { XCTAssertLessThanOrEqual(l[k][m], l[k - 1][m] + 1e-6, "\(key) \(values[k]) method \(m)") }
                }
            }
        }
    }

    func testDependenceRiseNeverLowersLoss() throws {
        // Raise one sector's dependence: losses do not fall.
        let table = try shippedTable("jp-2015-37")
        let base = try String(contentsOfFile: projectRoot + "/Tables/dependence/jp-2015-37.csv", encoding: .utf8)
        var previous = -1.0
        for d in ["0.000000", "0.100000", "0.300000", "0.900000"] {
            let text = base + "re_magnet,41,\(d),test row\n"
            let dir = temporaryDirectory()
            let s = try scenario(tableDir: dir + "/t", dependence: text,
                                 caseBody: caseText(table: "jp-2015-37", kappa: 0.5))
            XCTAssertEqual(s.table.count, table.count)
            let loss = try s.run().main.gdpLoss
            XCTAssertGreaterThanOrEqual(loss, previous - 1e-6)
            previous = loss
        }
    }

    func testThetaInfinityEqualsMixedModelComputedDirectly() throws {
        // θ is a share of output in [0, 1]; θ = 1 binds no buyer (every coefficient is below 1), as θ → ∞.
        let s = try japan { $0["theta"] = 1.0 }
        let caps = s.shock().caps
        let industry = try s.propagate(.industryFirst, caps: caps)
        let mixed = try s.propagate(.mixed, caps: caps)
        assertClose(industry.output, mixed.output, relative: 1e-12, "θ → ∞")
        // The mixed model computed directly (M&B §13.1): C = the sectors at their cap,
        // x_N = (I − A_NN)⁻¹ (f_N + A_NC x̄_C).
        let capped = (0..<caps.count).filter { mixed.output[$0] >= caps[$0] * (1 - 1e-12) && caps[$0] < s.table.grossOutput[$0] }
        let direct = try s.propagator.mixedSolve(free: (0..<caps.count).filter { !capped.contains($0) }, fixed: capped, caps: caps)
        assertClose(mixed.output, direct, relative: 1e-12, "direct mixed formula")
        // Plain iteration of the min-map converges to the same point (cross-check).
        let iterated = try s.propagator.fixedPoint(caps: caps)
        assertClose(iterated.output, mixed.output, relative: 1e-9, "min-map iteration")
    }

    func testMixedModelMatchesMillerBlairChapter13() throws {
        // M&B §13.1: with sector 3's output fixed exogenously at x̄₃ and f₁, f₂ given,
        // x_N = (I − A_NN)⁻¹ (f_N + A_NC x̄_C) and f_C = (I − A_CC) x̄_C − A_CN x_N.
        // On the three-sector example: feeding x_N and f_C back into the full model must return
        // x = (x_N, x̄₃) with final demand (f_N, f_C).
        let a = Matrix(rowMajor: [[0.15, 0.25, 0.05], [0.20, 0.05, 0.40], [0.30, 0.25, 0.05]])
        let f = [300.0, 1300, 150]
        let x0 = try LUFactorization(IOMath.identityMinus(a)).solve(f)
        let p = Propagator(coefficients: a, finalDemand: f, baseOutput: x0, labels: ["1", "2", "3"])
        let capped = [x0[0], x0[1], 800]
        let r = try p.mixed(caps: capped)
        XCTAssertEqual(r.constraints[2], .cap)
        let xn = try LUFactorization(IOMath.identityMinus(a.submatrix(rows: [0, 1], columns: [0, 1])))
            .solve([f[0] + a[0, 2] * 800, f[1] + a[1, 2] * 800])
        assertClose(Array(r.output.prefix(2)), xn, relative: 1e-12, "x_N")
        let fc = (1 - a[2, 2]) * 800 - a[2, 0] * xn[0] - a[2, 1] * xn[1]
        XCTAssertEqual(r.finalDemandDelivered[2], fc, accuracy: 1e-9)
        let back = try LUFactorization(IOMath.identityMinus(a)).solve([f[0], f[1], fc])
        assertClose(back, r.output, relative: 1e-12, "full model reproduces the mixed solution")
        // x₁, x₂ fall because sector 3 buys less from them (upstream effect only).
        XCTAssertLessThan(r.output[0], x0[0])
        XCTAssertLessThan(r.output[1], x0[1])
    }

    func testFixedPointProperties() throws {
        for method in ["industry-first", "strict"] {
            let s = try japan { $0["method"] = method; $0["kappa"] = 1.5 }
            let sh = s.shock()
            let r = try s.propagate(method == "strict" ? .strict : .industryFirst, caps: sh.caps)
            let x = r.output
            let ax = s.propagator.a * x
            let f0 = s.propagator.finalDemand
            let binding = s.propagator.bindingInputs(theta: method == "strict" ? 0 : 0.05)
            for i in x.indices {
                let scale = s.table.grossOutput[i]
                XCTAssertLessThanOrEqual(x[i], sh.caps[i] + 1e-9 * scale, "\(method): sector \(i) above its cap")
                // Output equals what it delivers: industry gets ρ_i·m_i, final demand the rest, never more than f⁰.
                let rho = ax[i] > 0 ? min(1, x[i] / ax[i]) : 1
                let delivered = rho * ax[i] + max(0, x[i] - ax[i])
                XCTAssertEqual(x[i], delivered, accuracy: 1e-9 * scale)
                XCTAssertLessThanOrEqual(x[i], ax[i] + f0[i] + 1e-9 * scale, "\(method): sector \(i) sells more than is bought")
                // None produces more than its binding inputs allow.
                if x[i] > 1e-9 * scale {
                    for k in binding[i] {
                        XCTAssertGreaterThanOrEqual(x[k], ax[k] * (1 - 1e-7), "\(method): sector \(i) uses more of \(k) than \(k) can supply")
                    }
                }
            }
        }
    }

    func testCutInASectorNobodyBuysFromMovesOnlyItsSuppliers() throws {
        // Four sectors: 3 sells only to final demand; 1 and 2 supply 3; 4 buys from 1 but supplies nobody in 3's chain.
        let dir = temporaryDirectory()
        let tdir = dir + "/t"
        try writeMillerBlairTable(to: tdir, overrides: [
            "sectors.csv": "code,name,name_local,gross_output\n1,A,,1000\n2,B,,1000\n3,C,,1000\n4,D,,1000\n",
            "transactions.csv": "code,1,2,3,4\n1,100,100,200,100\n2,50,100,200,0\n3,0,0,0,0\n4,0,0,0,100\n",
            "final_demand.csv": "code,hh,ex\n1,250,250\n2,325,325\n3,500,500\n4,450,450\n",
            "value_added.csv": "component,1,2,3,4\nwages,850,800,600,800\n",
            "employment.csv": "code,persons\n1,1\n2,1\n3,1\n4,1\n",
        ])
        let dep = "material,sector,dependence,basis\nre_magnet,3,0.5,test\n"
        let s = try scenario(tableDir: tdir, dependence: dep, caseBody: caseText(table: "./t", theta: 0))
        let r = try s.run()
        for o in r.methods where PropagationMethod.bracketMethods.contains(o.result.method) {
            XCTAssertGreaterThan(o.outputLoss[2], 0, "\(o.result.method): the cut sector")
            XCTAssertGreaterThan(o.outputLoss[0], 0, "\(o.result.method): supplier 1")
            XCTAssertGreaterThan(o.outputLoss[1], 0, "\(o.result.method): supplier 2")
            XCTAssertEqual(o.outputLoss[3], 0, accuracy: 1e-9, "\(o.result.method): sector 4 is no supplier of 3")
        }
    }
}

/// Bad case files, each with its message checked.
final class BadCaseTests: XCTestCase {
    func error(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        let dir = temporaryDirectory()
        do {
            _ = try scenario(tableDir: dir + "/t", caseBody: text)
            XCTFail("expected an error", file: file, line: line)
            return ""
        } catch { return "\(error)" }
    }

    var good: String { caseText(table: "jp-2015-37", dependence: projectRoot + "/Tables/dependence/jp-2015-37.csv") }

    func testGoodCaseResolves() throws {
        let dir = temporaryDirectory()
        XCTAssertEqual(try scenario(tableDir: dir + "/t", caseBody: good).table.count, 37)
    }

    func testUnknownTable() {
        let e = error(good.replacingOccurrences(of: "table = \"jp-2015-37\"", with: "table = \"jp-2099-37\""))
        XCTAssertTrue(e.contains("key 'table': unknown table 'jp-2099-37'"), e)
        XCTAssertTrue(e.contains("jp-2015-37"), "lists the shipped tables: \(e)")
    }

    func testUnknownSector() {
        let e = error(good.replacingOccurrences(of: "theta_basis = \"test\"", with: "theta_basis = \"test\"\nextraction_sector = \"99\""))
        XCTAssertTrue(e.contains("key 'model.extraction_sector': unknown sector '99' in table jp-2015-37; valid codes: 01, 06"), e)
    }

    func testUnknownMaterial() {
        let e = error(good.replacingOccurrences(of: "id = \"re_magnet\"", with: "id = \"unobtainium\""))
        XCTAssertTrue(e.contains("material 'unobtainium': unknown material; known: re_magnet"), e)
    }

    func testShareAboveOneAndBelowZero() {
        var e = error(good.replacingOccurrences(of: "origin_share = 0.6", with: "origin_share = 1.2"))
        XCTAssertTrue(e.contains("case.toml line 18, key 'material.origin_share': 1.2 is not a share in [0, 1]"), e)
        e = error(good.replacingOccurrences(of: "replacement_share = 0.0", with: "replacement_share = -0.1"))
        XCTAssertTrue(e.contains("key 'material.replacement_share': -0.1 is not a share in [0, 1]"), e)
    }

    func testNegativeDays() {
        let e = error(good.replacingOccurrences(of: "stock_days = 0.0", with: "stock_days = -5"))
        XCTAssertTrue(e.contains("line 24, key 'material.stock_days': must be non-negative days, found -5.0"), e)
        let d = error(good.replacingOccurrences(of: "duration_days = 365.0", with: "duration_days = 0"))
        XCTAssertTrue(d.contains("line 6, key 'duration_days': must be positive, found 0.0"), d)
    }

    func testMisspeltKey() {
        let e = error(good.replacingOccurrences(of: "severity = 1.0", with: "severty = 1.0"))
        XCTAssertTrue(e.contains("case.toml line 20, key 'material.severty': unknown key (did you mean 'severity'?)"), e)
    }

    func testWrongType() {
        let e = error(good.replacingOccurrences(of: "origin_share = 0.6", with: "origin_share = \"sixty percent\""))
        XCTAssertTrue(e.contains("line 18, key 'material.origin_share': must be a number, found string"), e)
    }

    func testMissingField() {
        let e = error(good.replacingOccurrences(of: "origin_basis = \"test\"\n", with: ""))
        XCTAssertTrue(e.contains("key 'material.origin_basis': required field is missing in [material]"), e)
        let m = error(good.replacingOccurrences(of: "method = \"industry-first\"\n", with: ""))
        XCTAssertTrue(m.contains("key 'model.method': required field is missing in [model]"), m)
    }

    func testUnknownReferenceCase() {
        XCTAssertThrowsError(try CaseLoader.load("jp-nothing")) { e in
            XCTAssertTrue("\(e)".contains("unknown case: not a reference case id nor a .toml path; reference cases: jp-cm-1y-dir"), "\(e)")
        }
    }
}

/// Every reference case runs, with sane numbers and the JSON fields scripts rely on.
final class ReferenceCaseTests: XCTestCase {
    func testReferenceCasesRun() throws {
        let ids = try CaseLoader.shippedIDs()
        XCTAssertEqual(Set(ids), ["jp-re-1y-dir", "jp-cm-1y-dir", "jp-re-3m-nri", "jp-re-1y-nri", "jp-re-1y-2010dep",
                                  "jp-re-1y-stockpile", "jp-re-1y-allied", "us-re-1y"])
        for id in ids {
            let r = try Scenario.resolve(try CaseLoader.load(id)).run()
            XCTAssertGreaterThan(r.main.gdpLossPercent, 0, id)
            XCTAssertLessThan(r.main.gdpLossPercent, 20, id)
            XCTAssertLessThanOrEqual(r.bracketLow.gdpLoss, r.main.gdpLoss + 1e-6, id)
            XCTAssertGreaterThanOrEqual(r.bracketHigh.gdpLoss, r.main.gdpLoss - 1e-6, id)
            let json = RunViews.json(r).render()
            for key in ["\"gdp\"", "\"base\"", "\"loss\"", "\"loss_percent\"", "\"employment\"", "\"sectors\"", "\"code\"", "\"name\"",
                        "\"output_loss_percent\"", "\"value_added_loss\"", "\"value_added_loss_percent\"", "\"employment_loss\"", "\"bracket\""] {
                XCTAssertTrue(json.contains(key), "\(id): JSON lacks \(key)")
            }
        }
    }

    func testDiversificationStockpileAndAlliesLowerTheLoss() throws {
        func loss(_ id: String) throws -> Double { try Scenario.resolve(try CaseLoader.load(id)).run().main.gdpLoss }
        let dir = try loss("jp-re-1y-dir")
        XCTAssertGreaterThan(try loss("jp-re-1y-2010dep"), dir)
        XCTAssertLessThan(try loss("jp-re-1y-stockpile"), dir)
        XCTAssertLessThan(try loss("jp-re-1y-allied"), dir)
        XCTAssertGreaterThan(try loss("jp-cm-1y-dir"), dir)
    }
}
