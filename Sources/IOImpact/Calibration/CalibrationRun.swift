import Foundation

/// What one predictive draw moves besides the calibrated parameters: the cut origin's share (its
/// position in `origins.csv`'s low–high, one for every cut material), every material's tonnages by
/// one factor, and δ of the spec's input in the product made at home. nil: the case's own value.
public struct DataDraw: Sendable {
    public var originPosition: Double?
    public var tonnage: Double
    public var dependentShare: Double?
    public static let central = DataDraw(originPosition: nil, tonnage: 1, dependentShare: nil)
}

/// A resolved case with the priors' fields and the data draws applied on top: one run per draw.
public struct DrawableCase: Sendable {
    public var base: DynamicModel
    public var priors: [Prior]
    public var data: CalibrationSpec.DataDraws
    var hasOriginRange: Bool
    /// Whether the product of δ is made at home from the input in this case.
    var hasConversion: Bool

    public init(base: DynamicModel, priors: [Prior], data: CalibrationSpec.DataDraws) {
        self.base = base; self.priors = priors; self.data = data
        hasOriginRange = !base.originShareRanges().isEmpty
        hasConversion = base.materialBase.indices.contains { g in
            base.materialBase[g] == data.dependentProduct
                && base.conversions[g].contains { $0.inputs.contains { base.materialBase[$0] == data.dependentInput } }
        }
    }

    /// Whether any of the fields can reach this case: a rating or a pair of a sector its table lacks,
    /// or a material it does not run, cannot.
    public func touches(_ fields: [CaseField]) -> Bool {
        let t = base.model.table
        return fields.contains { f in
            switch f {
            case .rating(let g, let code):
                guard let j = t.index(of: code) else { return false }
                return base.materialBase.indices.contains { base.materialBase[$0] == g && base.tonnes[$0][j] > 0 }
            case .inputDaysOf(let code):
                return base.pairSupplier.contains { t.sectors[$0].code == code }
            case .stockDaysOf(let g), .substitutionCeilingOf(let g):
                return base.materialBase.contains(g)
            default: return true
            }
        }
    }

    public func model(_ x: [Double], _ d: DataDraw, allocation: AllocationRule? = nil) -> DynamicModel {
        var m = base.applying(Posterior.fields(priors, x))
        if let a = allocation { m.allocation = a }
        if hasOriginRange, let p = d.originPosition { m = m.withOriginShares { _ in p } }
        if d.tonnage != 1 { m = m.scalingAllTonnes(d.tonnage) }
        if let s = d.dependentShare {
            m = m.withDependentShare(product: data.dependentProduct, input: data.dependentInput, s)
        }
        return m
    }

    public func outcome(
        _ x: [Double], _ d: DataDraw, allocation: AllocationRule? = nil,
        rationing: RationingRule? = nil
    ) throws -> (DynamicModel, DynamicOutcome) {
        let m = model(x, d, allocation: allocation)
        return (m, DynamicOutcome(model: m, path: try Simulation.run(m, allocation: allocation, rationing: rationing)))
    }

    /// The headline: gross GDP loss over the first twelve months, % of one year's GDP.
    public static let headline = CalibrationTarget.Quantity.gdpLossPercentFirstMonths(12)

    public func randomData(_ rng: inout SplitMix64) -> DataDraw {
        let pos = rng.next(), t = rng.next(), s = rng.next()
        return DataDraw(
            originPosition: pos, tonnage: 1 - data.tonnageSpread + 2 * data.tonnageSpread * t,
            dependentShare: data.dependentLow + (data.dependentHigh - data.dependentLow) * s)
    }
}

/// The posterior predictive of one case: the headline at the posterior median, its P5–P50–P95 over
/// posterior draws with the data drawn too, the rule combinations side by side, and the studies'
/// figures on this case as checks.
public struct Prediction: Sendable {
    public struct Check: Sendable {
        public var target: CalibrationTarget
        public var central: Double
        public var band: CalibrationStatistics.Band
        /// The share of predictive draws below the published figure.
        public var rank: Double
    }
    public struct RuleValue: Sendable {
        public var allocation: AllocationRule
        public var rationing: RationingRule
        public var value: Double
    }
    public var caseID: String
    public var title: String
    public var table: String
    public var central: Double
    public var band: CalibrationStatistics.Band
    public var rules: [RuleValue]
    public var checks: [Check]
    public var draws: Int
    /// The case's periods (a week after them is "not within the horizon").
    public var periods: Int
}

public struct SobolResult: Sendable {
    public var caseID: String
    public var central: Double
    public var indices: SobolIndices
}

/// The monthly changes of the evidence's industries: at the posterior median and P5–P95 over draws.
public struct EpisodeFit: Sendable {
    public var median: [[Double]]
    public var low: [[Double]]
    public var high: [[Double]]
    /// P5 and P95 over draws from the prior: what the model allowed before the data.
    public var priorLow: [[Double]]
    public var priorHigh: [[Double]]
    public var monthLabels: [String]
}

/// A spec run end to end; no file is written here.
public struct CalibrationResult: Sendable {
    public var spec: CalibrationSpec
    public var checksPath: String
    public var command: String
    public var posterior: Posterior
    public var episodeFit: EpisodeFit
    public var predictions: [Prediction]
    public var sobol: [SobolResult]

    /// The posterior median as the shared parameter profile.
    public var profile: ParameterProfile {
        let s = posterior.sampler
        let note =
            "Posterior median of \(posterior.priors.count) physical parameters given Japan's observed 2025 monthly " +
                "production by IIP industry (\(posterior.evidence.observations.count) month-industry changes of " +
                "case \(posterior.evidence.caseID)); random-walk Metropolis, \(s.chains) chains × \(s.draws) draws " +
                "after \(s.warmup) warm-up, seed \(s.seed). Report: \(ReportRenderer.relative(spec.reportPath))"
        return ParameterProfile(
            fittedBy: command, note: note, values: Posterior.fields(posterior.priors, posterior.median))
    }
}

public enum CalibrationRunner {
    public typealias Progress = @Sendable (String, Int, Int) -> Void

    /// Runs `spec`, with `checksPath` replacing the spec's checks; `draws` replaces the sampler's kept
    /// draws per chain and `seed` its seed.
    public static func run(
        spec: CalibrationSpec, checksPath: String? = nil, draws: Int? = nil, seed: UInt64? = nil,
        command: String, progress: Progress? = nil
    ) throws -> CalibrationResult {
        // One thread for every BLAS and LAPACK call: the chains' accept/reject decisions turn on the
        // last bits of the likelihood, which must not depend on thread scheduling.
        try BLASRuntime.pinnedToOneThread {
            var s = spec
            if let draws { s.sampler.draws = draws }
            if let seed { s.sampler.seed = seed }
            return try runPinned(
                spec: s, checksPath: checksPath ?? spec.checksPath, command: command, progress: progress)
        }
    }

    /// A case by reference id or path; an unknown case names the file that asked for it.
    public static func loadCase(
        _ ref: String, relativeTo file: String, line: Int? = nil, field: String
    ) throws -> DynamicCase {
        let path: String
        if ref.hasSuffix(".toml") || ref.contains("/") {
            path =
                ref.hasPrefix("/")
                ? ref
                : URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent(ref).standardizedFileURL
                    .path
        } else {
            path = try DynamicCaseLoader.casesDirectory() + "/\(ref).toml"
        }
        guard FileManager.default.fileExists(atPath: path) else {
            let known = (try? DynamicCaseLoader.shippedIDs())?.joined(separator: ", ") ?? ""
            throw InputError(
                file: file, line: line, field: field,
                "unknown case '\(ref)' (no file \(path)); reference cases: \(known)")
        }
        return try DynamicCaseLoader.load(path: path, applyParameters: false)
    }

    static func runPinned(
        spec: CalibrationSpec, checksPath: String, command: String, progress: Progress?
    ) throws -> CalibrationResult {
        let priors = try PriorTable.load(path: spec.priorsPath)
        let checks = try CalibrationTargets.load(path: checksPath)
        let episode = try DynamicModel.resolve(
            try loadCase(spec.evidenceCase, relativeTo: spec.path, field: "key 'evidence.case'"))
        let evidence = try EpisodeEvidence.build(
            model: episode, observed: try ObservedData.shipped(), industries: spec.industries)
        let sampler = MetropolisSampler(
            chains: spec.sampler.chains, warmup: spec.sampler.warmup, draws: spec.sampler.draws,
            seed: spec.sampler.seed)
        let posterior = try Posterior.sample(priors: priors, episode: episode, evidence: evidence, sampler: sampler) {
            progress?("posterior", $0, $1)
        }
        let fit = try episodeFit(posterior, episode: episode, draws: spec.predictiveDraws)
        var caseIDs = spec.predictiveCases.isEmpty ? try DynamicCaseLoader.shippedIDs() : spec.predictiveCases
        for t in checks where !caseIDs.contains(t.caseRef) { caseIDs.append(t.caseRef) }
        var predictions: [Prediction] = []
        for (k, id) in caseIDs.enumerated() {
            let c = try loadCase(id, relativeTo: spec.path, field: "key 'predictive.cases'")
            let drawable = DrawableCase(base: try DynamicModel.resolve(c), priors: priors, data: spec.data)
            predictions.append(
                try predict(
                    drawable, posterior: posterior, checks: checks.filter { $0.caseRef == id },
                    draws: spec.predictiveDrawsByCase[id] ?? spec.predictiveDraws,
                    seed: spec.sampler.seed &+ UInt64(k)))
            progress?("posterior predictive", k + 1, caseIDs.count)
        }
        var sobol: [SobolResult] = []
        for id in spec.sobolCases {
            let c = try loadCase(id, relativeTo: spec.path, field: "key 'sensitivity.cases'")
            let drawable = DrawableCase(base: try DynamicModel.resolve(c), priors: priors, data: spec.data)
            let n = spec.sobolSamplesByCase[id] ?? spec.sobolSamples
            sobol.append(try sensitivity(drawable, posterior: posterior, n: n, seed: spec.sobolSeed))
            progress?("Sobol indices", sobol.count, spec.sobolCases.count)
        }
        return CalibrationResult(
            spec: spec, checksPath: checksPath, command: command, posterior: posterior, episodeFit: fit,
            predictions: predictions, sobol: sobol)
    }

    /// The evidence's monthly changes at the posterior median and their P5–P95 over `draws` posterior draws.
    static func episodeFit(_ p: Posterior, episode: DynamicModel, draws: Int) throws -> EpisodeFit {
        let priors = p.priors, evidence = p.evidence
        let changes: @Sendable ([Double]) throws -> [[Double]] = { x in
            let m = episode.applying(Posterior.fields(priors, x))
            return evidence.modelChanges(DynamicOutcome(model: m, path: try Simulation.run(m)), x0: m.x0)
        }
        let median = try changes(p.median)
        let posteriorX = p.thinned(draws)
        let runs = try Parallel.map(posteriorX.count) { try changes(posteriorX[$0]) }
        var rng = SplitMix64(seed: p.sampler.seed ^ 0x5052_494F_52)
        let priorX = (0..<draws).map { _ in priors.map { $0.quantile(rng.next()) } }
        let priorRuns = try Parallel.map(priorX.count) { try changes(priorX[$0]) }
        func q(_ r: [[[Double]]], _ level: Double) -> [[Double]] {
            median.indices.map { i in
                median[i].indices.map { t in CalibrationStatistics.quantile(r.map { $0[i][t] }.sorted(), level) }
            }
        }
        return EpisodeFit(
            median: median, low: q(runs, 0.05), high: q(runs, 0.95), priorLow: q(priorRuns, 0.05),
            priorHigh: q(priorRuns, 0.95), monthLabels: episode.timeline.monthLabels)
    }

    static func predict(
        _ c: DrawableCase, posterior p: Posterior, checks: [CalibrationTarget], draws: Int,
        seed: UInt64
    ) throws -> Prediction {
        let (m0, o0) = try c.outcome(p.median, .central)
        let central = DrawableCase.headline.value(in: o0, model: m0)
        var rng = SplitMix64(seed: seed)
        let xs = p.thinned(draws)
        let data = xs.map { _ in c.randomData(&rng) }
        let quantities = [DrawableCase.headline] + checks.map(\.quantity)
        let values = try Parallel.map(xs.count) { k -> [Double] in
            let (m, o) = try c.outcome(xs[k], data[k])
            return quantities.map { $0.value(in: o, model: m) }
        }
        let heads = values.map { $0[0] }
        let checkValues = checks.indices.map { k in values.map { $0[k + 1] } }
        let combos = AllocationRule.allCases.flatMap { a in RationingRule.allCases.map { (a, $0) } }
        let median = p.median
        let rules = try Parallel.map(combos.count) { k -> Prediction.RuleValue in
            let (a, r) = combos[k]
            let (m, o) = try c.outcome(median, .central, allocation: a, rationing: r)
            return .init(allocation: a, rationing: r, value: DrawableCase.headline.value(in: o, model: m))
        }
        let checked = checks.enumerated().map { k, t in
            Prediction.Check(
                target: t, central: t.quantity.value(in: o0, model: m0),
                band: CalibrationStatistics.band(checkValues[k]),
                rank: CalibrationStatistics.rank(t.value, in: checkValues[k]))
        }
        return Prediction(
            caseID: c.base.dynamicCase.id, title: c.base.dynamicCase.title, table: c.base.model.table.metadata.id,
            central: central, band: CalibrationStatistics.band(heads), rules: rules, checks: checked,
            draws: heads.count,
            periods: c.base.timeline.periods)
    }

    /// Sobol indices of the headline over the calibrated parameters (each from its posterior marginal,
    /// drawn independently: the posterior's correlations are dropped) and the data draws.
    static func sensitivity(_ c: DrawableCase, posterior p: Posterior, n: Int, seed: UInt64) throws -> SobolResult {
        let k = p.priors.count
        let sorted = p.sortedMarginals
        let names =
            p.priors.map { "\($0.name) (\($0.symbol))" } + [
                "cut origin's share (origins.csv low–high)",
                "material tonnages (±\(NumberFormat.significant(100 * c.data.tonnageSpread, 3))%)",
                "δ: \(c.data.dependentInput) in \(c.data.dependentProduct) made at home",
            ]
        let (m0, o0) = try c.outcome(p.median, .central)
        let central = DrawableCase.headline.value(in: o0, model: m0)
        let inert = p.priors.map { !c.touches($0.fields) } + [!c.hasOriginRange, false, !c.hasConversion]
        let data = c.data
        let indices = try SobolIndices.run(names: names, n: n, seed: seed, inert: inert) { u in
            let x = (0..<k).map { CalibrationStatistics.quantile(sorted[$0], u[$0]) }
            let d = DataDraw(
                originPosition: u[k], tonnage: 1 - data.tonnageSpread + 2 * data.tonnageSpread * u[k + 1],
                dependentShare: data.dependentLow + (data.dependentHigh - data.dependentLow) * u[k + 2])
            let (m, o) = try c.outcome(x, d)
            return DrawableCase.headline.value(in: o, model: m)
        }
        return SobolResult(caseID: c.base.dynamicCase.id, central: central, indices: indices)
    }
}
