import Foundation

/// The posterior of the physical parameters given the 2025 episode's observed IIP changes: the
/// sampler's chains, their checks, and summaries against the prior.
public struct Posterior: Sendable {
    public struct Summary: Sendable {
        public var p5: Double
        public var p50: Double
        public var p95: Double
        public var priorP5: Double
        public var priorP50: Double
        public var priorP95: Double
        public var rHat: Double
        public var ess: Double
        /// 1 − posterior variance / prior variance of the transformed parameter: 0 when the data say
        /// nothing about it, 1 when they pin it down.
        public var contraction: Double
    }

    public var priors: [Prior]
    public var evidence: EpisodeEvidence
    public var sampler: MetropolisSampler
    public var chains: MetropolisSampler.Result
    public var summaries: [Summary]
    /// Every kept draw of every chain, in values (not z), chain by chain.
    public var draws: [[Double]]
    public var median: [Double]
    public var logLikelihoodAtMedian: Double
    public var logLikelihoodAtPriorMedian: Double
    /// log L with the model's changes all zero (no cut visible at all).
    public var logLikelihoodNoCut: Double

    /// The case fields set by values `x` (one per prior).
    public static func fields(_ priors: [Prior], _ x: [Double]) -> [(CaseField, Double)] {
        zip(priors, x).flatMap { p, v in p.fields.map { ($0, v) } }
    }

    /// Samples the posterior. `episode` is the evidence case resolved once; each evaluation copies it
    /// with the trial values and runs its path.
    public static func sample(
        priors: [Prior], episode: DynamicModel, evidence: EpisodeEvidence, sampler: MetropolisSampler,
        progress: ((Int, Int) -> Void)? = nil
    ) throws -> Posterior {
        let logLikelihood: @Sendable ([Double]) throws -> Double = { x in
            let m = episode.applying(fields(priors, x))
            let o = DynamicOutcome(model: m, path: try Simulation.run(m))
            return evidence.logLikelihood(evidence.modelChanges(o, x0: m.x0))
        }
        let logPosterior: @Sendable ([Double]) throws -> Double = { z in
            let lp = zip(priors, z).map { $0.logDensity(z: $1) }.reduce(0, +)
            guard lp.isFinite else { return -.infinity }
            let x = zip(priors, z).map { $0.value(z: $1) }
            for (p, v) in zip(priors, x) where !p.fields.allSatisfy({ $0.domain.contains(v) }) { return -.infinity }
            return lp + (try logLikelihood(x))
        }
        // Chains start spread over the prior: each coordinate at median ± one prior spread, by chain.
        let offsets = [-1.0, 1.0, -0.5, 0.5, 0, -1.5, 1.5, -0.25]
        let start = (0..<sampler.chains).map { c in
            priors.enumerated().map { i, p in p.zMedian + offsets[(c + i) % offsets.count] * p.zScale }
        }
        let result = try sampler.run(
            start: start, scale: priors.map { $0.zScale }, logPosterior: logPosterior, progress: progress)
        let d = priors.count
        var summaries: [Summary] = []
        let draws = result.samples.flatMap { $0 }.map { z in zip(priors, z).map { $0.value(z: $1) } }
        var median: [Double] = []
        for i in 0..<d {
            let perChain = result.samples.map { c in c.map { $0[i] } }
            let xs = draws.map { $0[i] }
            let b = CalibrationStatistics.band(xs)
            median.append(b.p50)
            let zAll = perChain.flatMap { $0 }
            let zMean = zAll.reduce(0, +) / Double(zAll.count)
            let zVar = zAll.map { ($0 - zMean) * ($0 - zMean) }.reduce(0, +) / Double(max(1, zAll.count - 1))
            let p = priors[i]
            summaries.append(
                Summary(
                    p5: b.p5, p50: b.p50, p95: b.p95, priorP5: p.quantile(0.05), priorP50: p.quantile(0.5),
                    priorP95: p.quantile(0.95), rHat: ChainDiagnostics.splitRHat(perChain),
                    ess: ChainDiagnostics.effectiveSampleSize(perChain),
                    contraction: 1 - zVar / priorZVariance(p)))
        }
        let llMedian = try logLikelihood(median)
        let llPrior = try logLikelihood(priors.map { $0.quantile(0.5) })
        let zero = evidence.industries.map { _ in [Double](repeating: 0, count: episode.timeline.months.count) }
        return Posterior(
            priors: priors, evidence: evidence, sampler: sampler, chains: result, summaries: summaries, draws: draws,
            median: median, logLikelihoodAtMedian: llMedian, logLikelihoodAtPriorMedian: llPrior,
            logLikelihoodNoCut: evidence.logLikelihood(zero))
    }

    /// The prior variance of z: σ² for a log-normal; trigamma(a) + trigamma(b) for the logit of a Beta.
    static func priorZVariance(_ p: Prior) -> Double {
        switch p.distribution {
        case .logNormal(_, let s): return s * s
        case .beta(let a, let b): return trigamma(a) + trigamma(b)
        }
    }

    /// ψ′(x) by recurrence to x ≥ 6 and the asymptotic series.
    static func trigamma(_ x0: Double) -> Double {
        var x = x0, s = 0.0
        while x < 6 { s += 1 / (x * x); x += 1 }
        let x2 = 1 / (x * x)
        return s + 1 / x + x2 / 2 + (1 / x) * x2 * (1.0 / 6 - x2 * (1.0 / 30 - x2 / 42))
    }

    /// `count` draws spread evenly over all chains' kept draws (deterministic thinning).
    public func thinned(_ count: Int) -> [[Double]] {
        let n = draws.count
        guard count < n else { return draws }
        return (0..<count).map { draws[$0 * n / count] }
    }

    /// The posterior marginal's quantile (linear between order statistics): for the Sobol inputs.
    public func marginalQuantile(_ i: Int, _ u: Double) -> Double {
        CalibrationStatistics.quantile(sortedMarginals[i], u)
    }

    public var sortedMarginals: [[Double]] { priors.indices.map { i in draws.map { $0[i] }.sorted() } }
}

public enum CalibrationStatistics {
    public struct Band: Sendable, Equatable { public var p5: Double; public var p50: Double; public var p95: Double }

    public static func quantile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let h = (Double(sorted.count) - 1) * min(1, max(0, p))
        let lo = Int(h.rounded(.down)), hi = min(sorted.count - 1, lo + 1)
        return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
    }

    public static func band(_ v: [Double]) -> Band {
        let s = v.sorted()
        return Band(p5: quantile(s, 0.05), p50: quantile(s, 0.5), p95: quantile(s, 0.95))
    }

    /// The share of `v` below `x` (ties count half): where a published figure falls in a prediction.
    public static func rank(_ x: Double, in v: [Double]) -> Double {
        guard !v.isEmpty else { return .nan }
        let below = v.filter { $0 < x }.count, equal = v.filter { $0 == x }.count
        return (Double(below) + 0.5 * Double(equal)) / Double(v.count)
    }
}
