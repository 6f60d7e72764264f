import Foundation

/// Variance-based global sensitivity (Sobol' indices) of a function of k independent inputs given
/// as u ∈ [0, 1)^k (each mapped to its input through its quantile function by the caller).
///
/// Saltelli sampling: two independent N × k matrices A and B (pseudo-random, seeded) and, for each
/// input i, A_B^i = A with column i from B: N(k + 2) evaluations (fewer when inputs are inert).
/// Estimators (Saltelli et al. 2010, "Variance based sensitivity analysis of model output",
/// Comput. Phys. Commun. 181, table 2):
/// first order S_i = (1/N) Σ f(B)(f(A_B^i) − f(A)) / V (Saltelli 2010), total order
/// S_Ti = (1/2N) Σ (f(A) − f(A_B^i))² / V (Jansen 1999), V the variance of f over A and B together.
/// Intervals: P5–P95 of the indices over bootstrap resamples of the N rows (no new evaluations).
public struct SobolIndices: Sendable {
    public var names: [String]
    public var n: Int
    public var seed: UInt64
    public var variance: Double
    public var mean: Double
    public var first: [Double]
    public var total: [Double]
    public var firstBand: [(low: Double, high: Double)]
    public var totalBand: [(low: Double, high: Double)]
    public var evaluations: Int
    /// Inputs the function cannot see (named by the caller): not sampled, indices 0.
    public var inert: [Bool]

    /// `f` is evaluated on several cores (each value in its own slot, so the result is deterministic).
    public static func run(
        names: [String], n: Int, seed: UInt64, bootstrap: Int = 200, inert: [Bool]? = nil,
        _ f: @escaping @Sendable ([Double]) throws -> Double
    ) throws -> SobolIndices {
        let k = names.count
        let inert = inert ?? [Bool](repeating: false, count: k)
        var rng = SplitMix64(seed: seed)
        let a = (0..<n).map { _ in (0..<k).map { _ in rng.next() } }
        let b = (0..<n).map { _ in (0..<k).map { _ in rng.next() } }
        let active = (0..<k).filter { !inert[$0] }
        var rows = a + b
        for i in active {
            rows += (0..<n).map { r in
                var row = a[r]; row[i] = b[r][i]; return row
            }
        }
        let raw = try Parallel.map(rows.count) { [rows] in try f(rows[$0]) }
        // Centred on the mean over A and B: the same indices, a smaller variance of the first-order
        // estimator when the mean is large against the spread.
        let centre = raw[0..<(2 * n)].reduce(0, +) / Double(2 * n)
        let values = raw.map { $0 - centre }
        let fa = Array(values[0..<n]), fb = Array(values[n..<(2 * n)])
        var fab = [[Double]](repeating: fa, count: k)  // an inert input: f(A_B^i) = f(A), indices 0
        for (m, i) in active.enumerated() { fab[i] = Array(values[((2 + m) * n)..<((3 + m) * n)]) }
        let total = rows.count
        let (s1, st, mean, variance) = estimate(Array(0..<n), fa, fb, fab)
        var boot1: [[Double]] = Array(repeating: [], count: k), bootT = boot1
        var brng = SplitMix64(seed: seed ^ 0xB007)
        for _ in 0..<bootstrap {
            let pick = (0..<n).map { _ in min(n - 1, Int(brng.next() * Double(n))) }
            let (b1, bt, _, _) = estimate(pick, fa, fb, fab)
            for i in 0..<k { boot1[i].append(b1[i]); bootT[i].append(bt[i]) }
        }
        func band(_ v: [Double]) -> (low: Double, high: Double) {
            guard !v.isEmpty else { return (.nan, .nan) }
            let s = v.sorted()
            return (s[Int(0.05 * Double(s.count - 1))], s[Int((0.95 * Double(s.count - 1)).rounded(.up))])
        }
        return SobolIndices(
            names: names, n: n, seed: seed, variance: variance, mean: mean + centre, first: s1, total: st,
            firstBand: boot1.map(band), totalBand: bootT.map(band), evaluations: total, inert: inert)
    }

    static func estimate(
        _ rows: [Int], _ fa: [Double], _ fb: [Double], _ fab: [[Double]]
    )
        -> ([Double], [Double], Double, Double)
    {
        let n = Double(rows.count)
        let all = rows.map { fa[$0] } + rows.map { fb[$0] }
        let mean = all.reduce(0, +) / Double(all.count)
        let variance = all.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(all.count - 1)
        guard variance > 0 else {
            return ([Double](repeating: 0, count: fab.count), [Double](repeating: 0, count: fab.count), mean, 0)
        }
        let s1 = fab.map { col in rows.map { fb[$0] * (col[$0] - fa[$0]) }.reduce(0, +) / n / variance }
        let st = fab.map { col in rows.map { (fa[$0] - col[$0]) * (fa[$0] - col[$0]) }.reduce(0, +) / (2 * n) / variance
        }
        return (s1, st, mean, variance)
    }
}
