import Foundation
import XCTest
@testable import IOImpact

/// The calibration to what happened, on small fixtures: the priors file, the likelihood's error
/// model, parameter recovery by the sampler, its determinism and diagnostics, Sobol indices of a
/// function with known indices, and the files' errors.
final class CalibrationTests: XCTestCase {
    /// Magnets M use `re` (all of it essential), motors hold magnets (14 days), vehicles hold motors;
    /// China's 60% stops for 120 days from day 20. Six months, weekly steps.
    func chain() throws -> DynamicModel {
        try chainModel(horizon: 6, step: 7, body: cutText("[[0, 1], [20, 1], [20, 0], [140, 0], [140, 1]]") + """
            [stocks]
            days = 10
            basis = "test"
            [substitution]
            ceiling = 0.1
            days = 60
            basis = "test"
            [recovery]
            backlog = false
            basis = "test"
            """, uses: [("M", 100, 1)], essential: [("M", "E", 14), ("E", "V", 7)])
    }

    func prior(_ field: String, _ d: Prior.Distribution) -> Prior {
        Prior(name: field, symbol: field, fields: [CaseField(field)!], distribution: d, unit: "", basis: "test",
              line: 2)
    }

    // MARK: parameter recovery

    /// The observed series simulated by the model at known user stock days, plus Gaussian noise; the
    /// sampler's 90% interval must hold the truth, and be narrower than the prior's.
    func testTheSamplerRecoversStockDaysFromSeriesTheModelSimulated() throws {
        let m = try chain()
        let truth = 25.0
        let priors = [prior("stocks.days", .logNormal(median: 15, sigma: 0.8))]
        let industries = [EpisodeEvidence.Industry(name: "vehicles", weights: [(2, 1)], sigma: 0.5, sigmaMonths: 12),
                          EpisodeEvidence.Industry(name: "magnets", weights: [(0, 1)], sigma: 0.5, sigmaMonths: 12)]
        var evidence = EpisodeEvidence(caseID: "chain-test", industries: industries, observations: [], trend: 0.1,
                                       trendMonths: 12, firstMonth: "2025-01")
        let tm = m.applying([(.stockDays, truth)])
        let clean = evidence.modelChanges(DynamicOutcome(model: tm, path: try Simulation.run(tm)), x0: tm.x0)
        XCTAssertGreaterThan(clean[0].map(abs).max()!, 5, "the cut shows in the vehicles' monthly index")
        var rng = SplitMix64(seed: 42)
        for k in industries.indices {
            for t in clean[k].indices {
                let noise = 0.5 * MetropolisSampler.normal(&rng)
                evidence.observations.append(.init(industry: k, month: t, label: "m\(t)",
                                                   observed: clean[k][t] + 0.1 + noise,
                                                   release: "synthetic", source: "model"))
            }
        }
        let sampler = MetropolisSampler(chains: 2, warmup: 100, draws: 150, seed: 7)
        let post = try Posterior.sample(priors: priors, episode: m, evidence: evidence, sampler: sampler)
        let u = post.summaries[0]
        XCTAssertLessThanOrEqual(u.p5, truth, "posterior P5 \(u.p5)")
        XCTAssertGreaterThanOrEqual(u.p95, truth, "posterior P95 \(u.p95)")
        XCTAssertLessThan(u.p95 - u.p5, 0.5 * (u.priorP95 - u.priorP5), "the data narrow the prior")
        XCTAssertGreaterThan(u.contraction, 0.5)
        XCTAssertLessThan(u.rHat, 1.1)
        XCTAssertGreaterThan(post.logLikelihoodAtMedian, post.logLikelihoodNoCut, "the cut explains the series")
    }

    /// A parameter the evidence cannot see (the substitution ceiling of a material nobody cuts): its
    /// posterior stays its prior.
    func testAParameterTheDataCannotSeeKeepsItsPrior() throws {
        let m = try chain()
        let priors = [prior("substitution.ceiling_by_material.other", .beta(a: 2, b: 8))]
        let evidence = EpisodeEvidence(caseID: "chain-test",
                                       industries: [.init(name: "v", weights: [(2, 1)], sigma: 1, sigmaMonths: 5)],
                                       observations: [.init(industry: 0, month: 1, label: "m1", observed: 0,
                                                            release: "", source: "")],
                                       trend: 0, trendMonths: 5, firstMonth: "2025-01")
        let post = try Posterior.sample(priors: priors, episode: m, evidence: evidence,
                                        sampler: MetropolisSampler(chains: 2, warmup: 100, draws: 400, seed: 3))
        let u = post.summaries[0]
        XCTAssertEqual(u.p50, u.priorP50, accuracy: 0.06)
        XCTAssertLessThan(abs(u.contraction), 0.35, "no variance removed beyond sampling error")
    }

    // MARK: the sampler

    func gaussianRun(seed: UInt64) throws -> MetropolisSampler.Result {
        let s = MetropolisSampler(chains: 3, warmup: 300, draws: 1500, seed: seed)
        return try s.run(start: [[-3, 3], [3, -3], [0, 0]], scale: [1, 1]) { z in
            let a = (z[0] - 1) / 2, b = z[1] + 0.5
            return -0.5 * (a * a + b * b)
        }
    }

    func testTheSamplerIsDeterministicForASeed() throws {
        let a = try gaussianRun(seed: 11), b = try gaussianRun(seed: 11), c = try gaussianRun(seed: 12)
        XCTAssertEqual(a.samples, b.samples)
        XCTAssertEqual(a.acceptance, b.acceptance)
        XCTAssertNotEqual(a.samples, c.samples)
    }

    func testTheSamplerFindsAKnownGaussianAndItsChecksAgree() throws {
        let r = try gaussianRun(seed: 5)
        for (i, (mean, sd)) in [(1.0, 2.0), (-0.5, 1.0)].enumerated() {
            let chains = r.samples.map { $0.map { $0[i] } }
            let all = chains.flatMap { $0 }
            let m = all.reduce(0, +) / Double(all.count)
            let v = all.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(all.count - 1)
            let ess = ChainDiagnostics.effectiveSampleSize(chains)
            XCTAssertEqual(m, mean, accuracy: 4 * sd / ess.squareRoot(), "mean of coordinate \(i)")
            XCTAssertEqual(v.squareRoot(), sd, accuracy: 0.15 * sd)
            XCTAssertLessThan(ChainDiagnostics.splitRHat(chains), 1.02)
            XCTAssertGreaterThan(ess, 200)
            XCTAssertLessThan(ess, Double(all.count) * 1.2)
        }
        for a in r.acceptance { XCTAssertEqual(a, 0.3, accuracy: 0.15, "adapted toward 0.234") }
    }

    func testDiagnosticsOfIndependentAndOfDisagreeingChains() {
        var rng = SplitMix64(seed: 9)
        let iid = (0..<4).map { _ in (0..<1000).map { _ in MetropolisSampler.normal(&rng) } }
        XCTAssertEqual(ChainDiagnostics.splitRHat(iid), 1, accuracy: 0.01)
        XCTAssertEqual(ChainDiagnostics.effectiveSampleSize(iid), 4000, accuracy: 600)
        let apart = iid.enumerated().map { k, c in c.map { $0 + Double(k) * 3 } }
        XCTAssertGreaterThan(ChainDiagnostics.splitRHat(apart), 1.5)
        // An AR(1) chain with φ = 0.9 has τ = (1 + φ)/(1 − φ) = 19.
        var x = 0.0
        let ar = (0..<4).map { _ in
            (0..<5000).map { _ -> Double in x = 0.9 * x + MetropolisSampler.normal(&rng); return x }
        }
        XCTAssertEqual(ChainDiagnostics.effectiveSampleSize(ar), 20000 / 19, accuracy: 350)
    }

    // MARK: Sobol

    /// Ishigami function, a = 7, b = 0.1, inputs uniform on [−π, π]: S = (0.3139, 0.4424, 0),
    /// S_T = (0.5576, 0.4424, 0.2437) (Ishigami & Homma 1990; Saltelli et al. 2010).
    func testSobolIndicesOfTheIshigamiFunction() throws {
        let ix = try SobolIndices.run(names: ["x1", "x2", "x3"], n: 32_768, seed: 17, bootstrap: 20) { u in
            let x = u.map { -Double.pi + 2 * Double.pi * $0 }
            return sin(x[0]) + 7 * sin(x[1]) * sin(x[1]) + 0.1 * pow(x[2], 4) * sin(x[0])
        }
        for (got, want) in zip(ix.first, [0.3139, 0.4424, 0]) {
            XCTAssertEqual(got, want, accuracy: 0.02, "first order")
        }
        for (got, want) in zip(ix.total, [0.5576, 0.4424, 0.2437]) {
            XCTAssertEqual(got, want, accuracy: 0.02, "total order")
        }
        XCTAssertEqual(ix.evaluations, 32_768 * 5)
        for i in 0..<3 { XCTAssertLessThanOrEqual(ix.totalBand[i].low, ix.totalBand[i].high) }
    }

    // MARK: priors

    func testEveryShippedPriorHasABasisAndSensibleQuantiles() throws {
        let priors = try PriorTable.load(path: projectRoot + "/Tables/calibration/priors.csv")
        XCTAssertGreaterThanOrEqual(priors.count, 8)
        for p in priors {
            XCTAssertFalse(p.basis.trimmingCharacters(in: .whitespaces).isEmpty, p.name)
            XCTAssertLessThan(p.quantile(0.05), p.quantile(0.5))
            XCTAssertLessThan(p.quantile(0.5), p.quantile(0.95))
            XCTAssertEqual(p.value(z: p.z(value: p.quantile(0.3))), p.quantile(0.3), accuracy: 1e-9)
        }
        let lognormal = prior("stocks.days", .logNormal(median: 30, sigma: 0.6))
        XCTAssertEqual(lognormal.quantile(0.95), 30 * exp(0.6 * 1.6448536), accuracy: 1e-5)
        let beta = prior("substitution.ceiling", .beta(a: 4, b: 4))
        XCTAssertEqual(beta.quantile(0.5), 0.5, accuracy: 1e-4)
        XCTAssertEqual(Posterior.priorZVariance(beta), 2 * (Double.pi * Double.pi / 6 - 1 - 1.0 / 4 - 1.0 / 9),
                       accuracy: 1e-6)
    }

    func priorsError(_ row: String) -> String {
        let path = temporaryDirectory() + "/priors.csv"
        try? (Prior.header.joined(separator: ",") + "\n" + row + "\n")
            .write(toFile: path, atomically: true, encoding: .utf8)
        do { _ = try PriorTable.load(path: path); return "no error" } catch { return "\(error)" }
    }

    func testMalformedPriorsGiveClearErrors() {
        let good = "stock days,n,stocks.days,lognormal,30,0.5,days,a source"
        XCTAssertEqual(priorsError(good), "no error")
        XCTAssertTrue(priorsError(good.replacingOccurrences(of: ",a source", with: ","))
            .contains("priors.csv line 2, column basis: is empty"))
        XCTAssertTrue(priorsError(good.replacingOccurrences(of: "stocks.days", with: "dependence.scale"))
            .contains("column fields: unknown case field"))
        XCTAssertTrue(priorsError(good.replacingOccurrences(of: "lognormal", with: "beta"))
            .contains("column distribution: Beta is for shares"))
        XCTAssertTrue(priorsError(good.replacingOccurrences(of: "0.5,days", with: "-1,days"))
            .contains("column p2: must be > 0"))
        XCTAssertTrue(priorsError(good.replacingOccurrences(of: "0.5,days", with: "nan,days"))
            .contains("line 2, column p2"))
    }

    // MARK: fields a profile can set

    func testNewCaseFieldsReachTheResolvedModel() throws {
        let m = try chain()
        XCTAssertEqual(CaseField("inventories.days_of_supplier.M"), .inputDaysOf("M"))
        XCTAssertEqual(CaseField("essentiality.re.M"), .rating(material: "re", sector: "M"))
        XCTAssertEqual(CaseField("inventories.restock_days"), .restockDays)
        XCTAssertNil(CaseField("essentiality.re"))
        let a = m.applying([(.inputDaysOf("M"), 40), (.rating(material: "re", sector: "M"), 0.3), (.restockDays, 50)])
        XCTAssertEqual(a.pairDays, [40, 7], "only the pair whose supplier is M")
        XCTAssertEqual(a.essentiality[0][0], 0.3)
        XCTAssertEqual(a.dynamicCase.restockDays, 50)
        XCTAssertEqual(m.applying([(.rating(material: "re", sector: "V"), 0.3)]).essentiality[0][2], 0,
                       "a sector with no tonnes is left alone")
        var c = m.dynamicCase
        CaseField.rating(material: "re", sector: "M").apply(0.2, to: &c, basis: "t")
        CaseField.inputDaysOf("E").apply(3, to: &c, basis: "t")
        let resolved = try DynamicModel(case: c, table: m.model.table, satellite: m.satellite)
        XCTAssertEqual(resolved.essentiality[0][0], 0.2)
        XCTAssertEqual(resolved.pairDays, [14, 3])
        XCTAssertEqual(m.withDependentShare(product: "re", input: "re", 0.5).essentiality, m.essentiality,
                       "no conversion: no change")
    }

    func testRetiredSpecFormatsAreRefused() throws {
        let path = temporaryDirectory() + "/spec.toml"
        try "format = \"ioimpact-calibration/2\"\ntitle = \"x\"\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try CalibrationSpec.load(path: path)) {
            XCTAssertTrue("\($0)".contains("line 1, key 'format': unsupported format 'ioimpact-calibration/2'"),
                          "\($0)")
        }
        let spec = try CalibrationSpec.load(path: fixturesDir + "/calibration-small/spec.toml")
        XCTAssertEqual(spec.sampler.chains, 2)
        XCTAssertEqual(spec.sobolCases, ["jp-re-1y-dir-37"])
    }

    func targetsError(_ row: String, header: String = CalibrationTargets.header.joined(separator: ",")) -> String {
        let path = temporaryDirectory() + "/targets.csv"
        try? (header + "\n" + row + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        do {
            _ = try CalibrationTargets.load(path: path)
            return "no error"
        } catch { return "\(error)" }
    }

    func testMalformedTargetsGiveClearErrors() {
        let good = "dir-re-1y,dir,jp-re-1y-dir,gdp_loss_percent_first_12_months,,1.3,0.325,basis,% of GDP,DIR 2025"
        XCTAssertTrue(targetsError(good.replacingOccurrences(of: "1.3,", with: "1.3%,")).contains("targets.csv line 2, column value: '1.3%' is not a number"))
        XCTAssertTrue(targetsError(good.replacingOccurrences(of: "1.3,", with: "inf,")).contains("line 2, column value: 'inf' is not a finite number"))
        XCTAssertTrue(targetsError(good.replacingOccurrences(of: ",DIR 2025", with: ",")).contains("line 2, column source: is empty: every target names its source"))
        XCTAssertTrue(targetsError(good.replacingOccurrences(of: "0.325", with: "0")).contains("line 2, column tolerance: must be positive"))
        XCTAssertTrue(targetsError(good.replacingOccurrences(of: "_12_", with: "_x_")).contains("column quantity: unknown quantity 'gdp_loss_percent_first_x_months'"))
        XCTAssertTrue(targetsError("a,b,jp-re-1y-dir,first_short_week,,8,1,x,week,y").contains("column sector: 'first_short_week' needs the sector code"))
        XCTAssertTrue(targetsError(good, header: "id,value").contains("line 1, header: expected"))
    }

    func testCaseParametersKeyReplacesTheFields() throws {
        let dir = temporaryDirectory()
        try """
        format = "ioimpact-parameters/2"
        fitted_by = "test"
        [parameters]
        "stocks.days" = 40
        "inventories.days" = 9
        "substitution.ceiling_by_material.re" = 0.2
        """.write(toFile: dir + "/p.toml", atomically: true, encoding: .utf8)
        let text = chainCaseText(body: "parameters = \"p.toml\"\n" + cutText("[[0, 1], [0, 0], [30, 0], [30, 1]]") + "[stocks]\ndays = 5\nbasis = \"own\"\n")
        let c = try DynamicCaseLoader.parse(path: dir + "/case.toml", text: text)
        XCTAssertEqual(c.stockDays, 40)
        XCTAssertEqual(c.inputDays, 9)
        XCTAssertEqual(c.substitutionCeilingByMaterial["re"], 0.2)
        XCTAssertEqual(c.fromProfile.map(\.field), ["inventories.days", "stocks.days", "substitution.ceiling_by_material.re"])
        XCTAssertNotNil(c.parametersFile)
        let own = try DynamicCaseLoader.parse(path: dir + "/case.toml", text: text, applyParameters: false)
        XCTAssertEqual(own.stockDays, 5)

        try "format = \"ioimpact-parameters/2\"\n[parameters]\n\"dependence.scale\" = 2\n".write(toFile: dir + "/p.toml", atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try DynamicCaseLoader.parse(path: dir + "/case.toml", text: text)) {
            XCTAssertTrue("\($0)".contains("p.toml line 3, key 'parameters.dependence.scale': unknown case field"), "\($0)")
        }
        XCTAssertThrowsError(try DynamicCaseLoader.parse(path: dir + "/case.toml", text: text.replacingOccurrences(of: "p.toml", with: "missing.toml"))) {
            XCTAssertTrue("\($0)".contains("case.toml line 8, key 'parameters': parameter file 'missing.toml' not found"), "\($0)")
        }
    }
}
