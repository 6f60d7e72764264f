import Foundation
import XCTest
@testable import IOImpact

final class CalibrationTests: XCTestCase {
    let targetsHeader = "id,quantity,sector,value,tolerance,unit,publisher,date,title,where,country,materials,origin,severity,duration_days,stocks,employment_convention\n"

    func targetRow(_ id: String, _ value: Double, tolerance: Double = 0.01, publisher: String = "Test Institute") -> String {
        "\(id),gdp_loss_percent,,\(value),\(tolerance),%,\(publisher),2025-12-05,a title,somewhere,JPN,rare earths,China,full,365,none,none\n"
    }

    /// A spec fitting κ on the DIR rare-earth case, written into a temporary folder.
    func spec(targets: String, parameters: String? = nil, fit: String = "[[fit]]\ntarget = \"t1\"\ncase = \"jp-re-1y-dir\"\n") throws -> CalibrationSpec {
        let dir = temporaryDirectory()
        try targets.write(toFile: dir + "/targets.csv", atomically: true, encoding: .utf8)
        let params = parameters ?? "[[parameter]]\nname = \"kappa\"\nlow = 0.0\nhigh = 5.0\nstart = 0.5\nbasis = \"test\"\n"
        let text = "format = \"ioimpact-calibration/1\"\nprofile = \"test\"\ntitle = \"test\"\ntargets = \"targets.csv\"\noutput = \"out.toml\"\n\n\(params)\n\(fit)"
        try text.write(toFile: dir + "/spec.toml", atomically: true, encoding: .utf8)
        return try CalibrationSpec.load(path: dir + "/spec.toml")
    }

    func testRecoversParametersThatGeneratedTheTargets() throws {
        // Targets made by the model itself at κ = 0.37 and critical_mineral.scale = 4.2 are recovered.
        let probe = try Calibrator(spec: try spec(targets: targetsHeader + targetRow("t1", 1.0) + targetRow("t2", 2.0),
                                                  parameters: twoParameters, fit: twoFits))
        let truth: [(String, Double)] = [("kappa", 0.37), ("critical_mineral.scale", 4.2)]
        let v1 = try probe.modelValue(.init(target: "t1", caseRef: "jp-re-1y-dir"), truth)
        let v2 = try probe.modelValue(.init(target: "t2", caseRef: "jp-cm-1y-dir"), truth)
        let c = try Calibrator(spec: try spec(targets: targetsHeader + targetRow("t1", v1, tolerance: 0.001) + targetRow("t2", v2, tolerance: 0.001),
                                              parameters: twoParameters, fit: twoFits))
        let r = try c.run(draws: 10)
        XCTAssertEqual(r.values[0].1, 0.37, accuracy: 1e-4)
        XCTAssertEqual(r.values[1].1, 4.2, accuracy: 1e-3)
        XCTAssertTrue(r.fit.allSatisfy(\.withinTolerance))
    }

    var twoParameters: String {
        "[[parameter]]\nname = \"kappa\"\nlow = 0.0\nhigh = 5.0\nstart = 0.5\nbasis = \"t\"\n\n[[parameter]]\nname = \"critical_mineral.scale\"\nlow = 0.0\nhigh = 50.0\nstart = 1.0\nbasis = \"t\"\n"
    }
    var twoFits: String { "[[fit]]\ntarget = \"t1\"\ncase = \"jp-re-1y-dir\"\n\n[[fit]]\ntarget = \"t2\"\ncase = \"jp-cm-1y-dir\"\n" }

    func testChangingATargetChangesTheFit() throws {
        var models: [Double] = []
        var kappas: [Double] = []
        for target in [1.3, 2.0] {
            let r = try Calibrator(spec: try spec(targets: targetsHeader + targetRow("t1", target, tolerance: 0.05))).run(draws: 10)
            XCTAssertTrue(r.fit[0].withinTolerance, "target \(target): model \(r.fit[0].model)")
            XCTAssertEqual(r.fit[0].model, target, accuracy: 0.05)
            models.append(r.fit[0].model)
            kappas.append(r.values[0].1)
        }
        XCTAssertGreaterThan(kappas[1], kappas[0] * 1.3, "a higher target needs a higher κ")
    }

    func testUnreachableTargetGivesTheClosestFit() throws {
        let r = try Calibrator(spec: try spec(targets: targetsHeader + targetRow("t1", 99))).run(draws: 10)
        XCTAssertFalse(r.fit[0].withinTolerance)
        XCTAssertEqual(r.unreachable.count, 1)
        XCTAssertTrue(r.unreachable[0].hasPrefix("target 't1' (99 ± 0.01) cannot be reached within the parameter bounds; the closest fit gives"), r.unreachable[0])
        XCTAssertTrue(r.unreachable[0].contains("kappa = 5"), "the closest fit sits at the upper bound: \(r.unreachable[0])")
    }

    func testMalformedSpecsAndTargets() throws {
        // Unknown case.
        XCTAssertThrowsError(try Calibrator(spec: try spec(targets: targetsHeader + targetRow("t1", 1.3),
                                                           fit: "[[fit]]\ntarget = \"t1\"\ncase = \"jp-nothing\"\n"))) { e in
            XCTAssertTrue("\(e)".contains("case 'jp-nothing': unknown case"), "\(e)")
        }
        // Bound low above high.
        XCTAssertThrowsError(try spec(targets: targetsHeader + targetRow("t1", 1.3),
                                      parameters: "[[parameter]]\nname = \"kappa\"\nlow = 2.0\nhigh = 1.0\nbasis = \"t\"\n")) { e in
            XCTAssertTrue("\(e)".contains("spec.toml line 9, key 'parameter.low': bound low 2.0 is above high 1.0 for parameter 'kappa'"), "\(e)")
        }
        // A target without its source.
        XCTAssertThrowsError(try Calibrator(spec: try spec(targets: targetsHeader + targetRow("t1", 1.3, publisher: "")))) { e in
            XCTAssertTrue("\(e)".contains("targets.csv line 2, column publisher: target 't1' has no source publisher"), "\(e)")
        }
        // A fit naming a target that is not in the table.
        XCTAssertThrowsError(try Calibrator(spec: try spec(targets: targetsHeader + targetRow("t9", 1.3)))) { e in
            XCTAssertTrue("\(e)".contains("target 't1': not in the targets table"), "\(e)")
        }
        // An unknown parameter name.
        XCTAssertThrowsError(try spec(targets: targetsHeader, parameters: "[[parameter]]\nname = \"kapa\"\nlow = 0.0\nhigh = 1.0\nbasis = \"t\"\n")) { e in
            XCTAssertTrue("\(e)".contains("unknown parameter 'kapa'"), "\(e)")
        }
    }

    func testShippedProfilesReproduceTheirTargets() throws {
        // The committed parameter files are what calibration produces: each profile's cases hit its targets.
        let dir = try Calibrator(spec: try CalibrationSpec.load(path: projectRoot + "/Tables/calibration/dir.toml")).run(draws: 10)
        XCTAssertTrue(dir.fit.allSatisfy(\.withinTolerance), "\(dir.fit.map { ($0.targetID, $0.model) })")
        let file = try ParameterFile.load(path: projectRoot + "/Tables/calibration/profiles/dir.toml")
        for (name, value) in dir.values {
            let committed = file.values.first { $0.0 == name }?.1
            XCTAssertNotNil(committed, name)
            XCTAssertEqual(committed ?? .nan, value, accuracy: 1e-9 * max(1, abs(value)), "\(name): re-run `make run` to refresh the profile")
        }
        let reDir = try Scenario.resolve(try CaseLoader.load("jp-re-1y-dir")).run()
        XCTAssertEqual(reDir.main.gdpLossPercent, 1.3, accuracy: 0.05)
        let nri = try Scenario.resolve(try CaseLoader.load("jp-re-1y-nri")).run()
        XCTAssertEqual(nri.main.gdpLossPercent, 0.43, accuracy: 0.005)
        let nri3 = try Scenario.resolve(try CaseLoader.load("jp-re-3m-nri")).run()
        XCTAssertEqual(nri3.main.gdpLossPercent, 0.11, accuracy: 0.005)
    }

    func testOptimizers() {
        // Brent on a parabola with its minimum at 0.3; Nelder–Mead on Rosenbrock within bounds.
        let b = Optimizers.brent({ ($0 - 0.3) * ($0 - 0.3) + 1 }, 0, 2)
        XCTAssertEqual(b.x, 0.3, accuracy: 1e-7)
        let nm = Optimizers.nelderMead({ x in pow(1 - x[0], 2) + 100 * pow(x[1] - x[0] * x[0], 2) }, start: [-1, 1], low: [-2, -2], high: [2, 2])
        XCTAssertEqual(nm.x[0], 1, accuracy: 1e-3)
        XCTAssertEqual(nm.x[1], 1, accuracy: 1e-3)
        // Bounds hold: the unconstrained minimum at 3 is clamped to 2.
        XCTAssertEqual(Optimizers.brent({ ($0 - 3) * ($0 - 3) }, 0, 2).x, 2, accuracy: 1e-9)
    }

    func testMonteCarloIsReproducibleAndReusesOneFactorisation() throws {
        var s = try Scenario.resolve(try CaseLoader.load("jp-re-1y-dir"))
        let ranges = [("all.origin_share", 0.58, 0.70, "t"), ("theta", 0.02, 0.1, "t")]
        let a = try MonteCarlo.run(scenario: s, ranges: ranges, draws: 200, seed: 7)
        let b = try MonteCarlo.run(scenario: s, ranges: ranges, draws: 200, seed: 7)
        XCTAssertEqual(a.gdpLossPercent.p50, b.gdpLossPercent.p50)
        XCTAssertLessThanOrEqual(a.gdpLossPercent.p5, a.gdpLossPercent.p50)
        XCTAssertLessThanOrEqual(a.gdpLossPercent.p50, a.gdpLossPercent.p95)
        // The Woodbury solve on the one LU equals the direct mixed solve.
        s.supplyCase.kappa = 1.5
        let caps = s.shock().caps
        var p = s.propagator
        let direct = try p.mixed(caps: caps)
        p.baseFactorization = s.model.factorization
        let reused = try p.mixed(caps: caps)
        assertClose(reused.output, direct.output, relative: 1e-10, "Woodbury mixed solve")
    }
}
