import Foundation

/// Random-walk Metropolis on unconstrained coordinates, several independent chains, seeded and
/// deterministic (each chain has its own SplitMix64 stream, so the chains are the same whether they
/// run one after another or on several cores at once).
///
/// Warm-up adapts each chain's proposal: Gaussian steps, first with per-coordinate scales, multiplied
/// every 25 steps by exp(acceptance − 0.234) (Roberts, Gelman & Gilks 1997: 0.234 is the optimal
/// acceptance in many dimensions); at half of the warm-up the proposal becomes N(0, (2.38²/d) Σ), Σ
/// the covariance of the chain's second quarter of warm-up (Gelman, Roberts & Gilks 1996; Haario et
/// al. 2001), still scaled by the adapted factor. After warm-up the proposal is fixed, so the kept
/// draws are a Markov chain with the posterior as its stationary law.
public struct MetropolisSampler: Sendable {
    public var chains: Int
    public var warmup: Int
    public var draws: Int
    public var seed: UInt64

    public init(chains: Int, warmup: Int, draws: Int, seed: UInt64) {
        self.chains = chains; self.warmup = warmup; self.draws = draws; self.seed = seed
    }

    public struct Result: Sendable {
        /// samples[c][s][i]: chain c, kept draw s, coordinate i (unconstrained).
        public var samples: [[[Double]]]
        public var logPosterior: [[Double]]
        public var acceptance: [Double]
        public var evaluations: Int
    }

    /// `start[c]` is chain c's first point; `scale` the first proposal scales. A log posterior of
    /// −infinity (or NaN) rejects the point.
    public func run(
        start: [[Double]], scale: [Double], logPosterior: @escaping @Sendable ([Double]) throws -> Double,
        progress: ((Int, Int) -> Void)? = nil
    ) throws -> Result {
        let chains = try Parallel.map(self.chains) { c in
            try self.chain(c, start: start[c], scale: scale, logPosterior: logPosterior)
        }
        progress?(self.chains, self.chains)
        return Result(
            samples: chains.map(\.samples), logPosterior: chains.map(\.logPosterior),
            acceptance: chains.map(\.acceptance), evaluations: chains.map(\.evaluations).reduce(0, +))
    }

    struct Chain: Sendable {
        var samples: [[Double]]
        var logPosterior: [Double]
        var acceptance: Double
        var evaluations: Int
    }

    /// One chain, from its own seed: the same draws whichever thread runs it.
    func chain(_ c: Int, start: [Double], scale: [Double], logPosterior: ([Double]) throws -> Double) throws -> Chain {
        let d = scale.count
        var evaluations = 0
        var rng = SplitMix64(seed: seed &+ UInt64(c) &* 0x9E37_79B9_7F4A_7C15)
        var x = start
        var lp = try logPosterior(x); evaluations += 1
        // Proposal step = factor · L · ε, L lower triangular (diagonal until the covariance is known).
        var l = (0..<d).map { i in (0..<d).map { k in i == k ? scale[i] : 0 } }
        var factor = 1.0
        var window = 0, windowAccepted = 0, accepted = 0
        var history: [[Double]] = []
        var kept: [[Double]] = [], keptLP: [Double] = []
        for step in 0..<(warmup + draws) {
            let e = (0..<d).map { _ in Self.normal(&rng) }
            let y = (0..<d).map { i in x[i] + factor * (0...i).map { l[i][$0] * e[$0] }.reduce(0, +) }
            let ly = try logPosterior(y); evaluations += 1
            let u = rng.next()
            if ly.isFinite, log(max(u, 1e-300)) < ly - lp {
                x = y; lp = ly
                windowAccepted += 1
                if step >= warmup { accepted += 1 }
            }
            if step < warmup {
                history.append(x)
                window += 1
                if window == 25 {
                    factor *= exp(Double(windowAccepted) / 25 - 0.234)
                    window = 0; windowAccepted = 0
                }
                if step + 1 == warmup / 2, history.count > 4 * d {
                    var cov = Self.covariance(history.suffix(history.count / 2))
                    let c = 2.38 * 2.38 / Double(d)
                    for i in 0..<d { for k in 0..<d { cov[i][k] *= c } }
                    for i in 0..<d { cov[i][i] += 1e-10 + 1e-6 * scale[i] * scale[i] }
                    if let chol = Self.cholesky(cov) { l = chol; factor = 1 }
                }
            } else {
                kept.append(x); keptLP.append(lp)
            }
        }
        return Chain(
            samples: kept, logPosterior: keptLP, acceptance: draws > 0 ? Double(accepted) / Double(draws) : 0,
            evaluations: evaluations)
    }

    /// A standard normal draw (Box–Muller, one of the pair).
    static func normal(_ rng: inout SplitMix64) -> Double {
        let u1 = max(rng.next(), 1e-300), u2 = rng.next()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    static func covariance(_ rows: ArraySlice<[Double]>) -> [[Double]] {
        let n = Double(rows.count), d = rows.first?.count ?? 0
        let mean = (0..<d).map { i in rows.map { $0[i] }.reduce(0, +) / n }
        return (0..<d).map { i in
            (0..<d).map { k in rows.map { ($0[i] - mean[i]) * ($0[k] - mean[k]) }.reduce(0, +) / max(1, n - 1) }
        }
    }

    /// The lower Cholesky factor of a symmetric matrix; nil unless positive definite.
    static func cholesky(_ a: [[Double]]) -> [[Double]]? {
        let d = a.count
        var l = [[Double]](repeating: [Double](repeating: 0, count: d), count: d)
        for i in 0..<d {
            for k in 0...i {
                let s = a[i][k] - (0..<k).map { l[i][$0] * l[k][$0] }.reduce(0, +)
                if i == k {
                    guard s > 0 else { return nil }
                    l[i][i] = s.squareRoot()
                } else {
                    l[i][k] = s / l[k][k]
                }
            }
        }
        return l
    }
}

/// Convergence checks of several chains of one scalar (Gelman et al. 2013, Bayesian Data Analysis,
/// 3rd ed., sections 11.4–11.5): the split R-hat and the effective sample size, the latter from the
/// chains' combined autocorrelations summed over Geyer's initial positive sequence.
public enum ChainDiagnostics {
    /// Split R-hat: each chain cut in two halves, then the potential scale reduction.
    public static func splitRHat(_ chains: [[Double]]) -> Double {
        let halves = chains.flatMap { c -> [[Double]] in
            let h = c.count / 2
            return [Array(c.prefix(h)), Array(c.suffix(h))]
        }
        return rHat(halves)
    }

    static func rHat(_ chains: [[Double]]) -> Double {
        let m = Double(chains.count), n = Double(chains.first?.count ?? 0)
        guard m >= 2, n >= 2 else { return .nan }
        let means = chains.map { $0.reduce(0, +) / n }
        let grand = means.reduce(0, +) / m
        let b = n / (m - 1) * means.map { ($0 - grand) * ($0 - grand) }.reduce(0, +)
        let w =
            zip(chains, means).map { c, mu in c.map { ($0 - mu) * ($0 - mu) }.reduce(0, +) / (n - 1) }.reduce(0, +) / m
        guard w > 0 else { return b > 0 ? .infinity : 1 }
        let varPlus = (n - 1) / n * w + b / n
        return (varPlus / w).squareRoot()
    }

    /// The effective sample size of all chains together (BDA3 eq. 11.8 with Geyer's truncation).
    public static func effectiveSampleSize(_ chains: [[Double]]) -> Double {
        let m = chains.count, n = chains.first?.count ?? 0
        guard m >= 1, n >= 4 else { return .nan }
        let means = chains.map { $0.reduce(0, +) / Double(n) }
        let grand = means.reduce(0, +) / Double(m)
        let b = m > 1 ? Double(n) / Double(m - 1) * means.map { ($0 - grand) * ($0 - grand) }.reduce(0, +) : 0
        let w =
            zip(chains, means).map { c, mu in c.map { ($0 - mu) * ($0 - mu) }.reduce(0, +) / Double(n - 1) }
            .reduce(0, +) / Double(m)
        let varPlus = Double(n - 1) / Double(n) * w + b / Double(n)
        guard varPlus > 0 else { return Double(m * n) }
        // Variogram V_t averaged over chains; ρ_t = 1 − V_t / (2 var+).
        func rho(_ t: Int) -> Double {
            var v = 0.0
            for (c, _) in zip(chains, means) {
                for i in 0..<(n - t) { let d = c[i + t] - c[i]; v += d * d }
            }
            v /= Double(m * (n - t))
            return 1 - v / (2 * varPlus)
        }
        // τ = −1 + 2 Σ_k Γ_k, Γ_k = ρ_2k + ρ_2k+1 (ρ_0 = 1), summed while positive and made monotone.
        var sum = 0.0, previous = Double.infinity
        var k = 0
        while 2 * k + 1 < n {
            var gamma = (k == 0 ? 1 : rho(2 * k)) + rho(2 * k + 1)
            if gamma <= 0 { break }
            gamma = min(gamma, previous)
            sum += gamma
            previous = gamma
            k += 1
        }
        let tau = max(1.0 / Double(m * n), -1 + 2 * sum)
        return Double(m * n) / tau
    }
}
