import Foundation

/// Minimisers for the calibration objective Σ((model − target)/tolerance)². Deterministic.
public enum Optimizers {
    /// Brent's method (golden section with parabolic steps) for one parameter on [a, b]
    /// (Brent 1973, "Algorithms for Minimization without Derivatives", ch. 5).
    public static func brent(_ f: (Double) throws -> Double, _ a0: Double, _ b0: Double,
                             tolerance: Double = 1e-10, maxIterations: Int = 200) rethrows -> (x: Double, fx: Double, evaluations: Int) {
        let golden = 0.3819660112501051
        var a = a0, b = b0
        var x = a + golden * (b - a), w = x, v = x
        var fx = try f(x), fw = fx, fv = fx
        var d = 0.0, e = 0.0
        var evals = 1
        for _ in 0..<maxIterations {
            let m = 0.5 * (a + b)
            let tol1 = tolerance * abs(x) + 1e-12, tol2 = 2 * tol1
            if abs(x - m) <= tol2 - 0.5 * (b - a) { break }
            var useGolden = true
            if abs(e) > tol1 {
                let r = (x - w) * (fx - fv)
                var q = (x - v) * (fx - fw)
                var p = (x - v) * q - (x - w) * r
                q = 2 * (q - r)
                if q > 0 { p = -p }
                q = abs(q)
                let eTemp = e
                e = d
                if abs(p) < abs(0.5 * q * eTemp) && p > q * (a - x) && p < q * (b - x) {
                    d = p / q
                    let u = x + d
                    if u - a < tol2 || b - u < tol2 { d = m >= x ? tol1 : -tol1 }
                    useGolden = false
                }
            }
            if useGolden {
                e = (x >= m ? a : b) - x
                d = golden * e
            }
            let u = abs(d) >= tol1 ? x + d : x + (d > 0 ? tol1 : -tol1)
            let fu = try f(u)
            evals += 1
            if fu <= fx {
                if u >= x { a = x } else { b = x }
                v = w; fv = fw; w = x; fw = fx; x = u; fx = fu
            } else {
                if u < x { a = u } else { b = u }
                if fu <= fw || w == x { v = w; fv = fw; w = u; fw = fu }
                else if fu <= fv || v == x || v == w { v = u; fv = fu }
            }
        }
        // The ends of the interval are candidates too (Brent only approaches them).
        for end in [a0, b0] {
            let fe = try f(end)
            evals += 1
            if fe < fx { x = end; fx = fe }
        }
        return (x, fx, evals)
    }

    /// Nelder–Mead simplex (Nelder & Mead 1965; standard coefficients 1, 2, 0.5, 0.5) with box bounds
    /// enforced by clamping every trial point. Restarts once from the best point. The initial simplex
    /// steps `initialStep` of each range; the search stops after `maxEvaluations` evaluations.
    public static func nelderMead(_ f: ([Double]) throws -> Double, start: [Double], low: [Double], high: [Double],
                                  tolerance: Double = 1e-12, maxIterations: Int = 4000, maxEvaluations: Int = .max,
                                  initialStep: Double = 0.1) rethrows -> (x: [Double], fx: Double, evaluations: Int) {
        let n = start.count
        func clamp(_ p: [Double]) -> [Double] { (0..<n).map { min(high[$0], max(low[$0], p[$0])) } }
        var evals = 0
        func eval(_ p: [Double]) throws -> Double { evals += 1; return try f(p) }
        var best = clamp(start)
        var bestF = try eval(best)
        for _ in 0..<2 {
            var simplex = [best]
            for i in 0..<n {
                var p = best
                let step = initialStep * (high[i] - low[i])
                p[i] = p[i] + step <= high[i] ? p[i] + step : p[i] - step
                simplex.append(clamp(p))
            }
            var values = try simplex.map(eval)
            for _ in 0..<maxIterations where evals < maxEvaluations {
                let order = values.indices.sorted { values[$0] != values[$1] ? values[$0] < values[$1] : $0 < $1 }
                simplex = order.map { simplex[$0] }
                values = order.map { values[$0] }
                if abs(values[n] - values[0]) <= tolerance * (abs(values[0]) + 1e-12) { break }
                let centroid = (0..<n).map { i in simplex.prefix(n).map { $0[i] }.reduce(0, +) / Double(n) }
                let worst = simplex[n]
                let reflected = clamp((0..<n).map { centroid[$0] + (centroid[$0] - worst[$0]) })
                let fr = try eval(reflected)
                if fr < values[0] {
                    let expanded = clamp((0..<n).map { centroid[$0] + 2 * (centroid[$0] - worst[$0]) })
                    let fe = try eval(expanded)
                    if fe < fr { simplex[n] = expanded; values[n] = fe } else { simplex[n] = reflected; values[n] = fr }
                } else if fr < values[n - 1] {
                    simplex[n] = reflected; values[n] = fr
                } else {
                    let contracted = clamp((0..<n).map { centroid[$0] + 0.5 * (worst[$0] - centroid[$0]) })
                    let fc = try eval(contracted)
                    if fc < values[n] {
                        simplex[n] = contracted; values[n] = fc
                    } else {
                        for k in 1...n {
                            simplex[k] = clamp((0..<n).map { simplex[0][$0] + 0.5 * (simplex[k][$0] - simplex[0][$0]) })
                            values[k] = try eval(simplex[k])
                        }
                    }
                }
            }
            let k = values.indices.min { values[$0] != values[$1] ? values[$0] < values[$1] : $0 < $1 }!
            if values[k] <= bestF { best = simplex[k]; bestF = values[k] }
        }
        return (best, bestF, evals)
    }
}

/// A small deterministic generator (SplitMix64) for Monte Carlo draws with a seed.
public struct SplitMix64: Sendable {
    public var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> Double {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        z ^= z >> 31
        return Double(z >> 11) / Double(UInt64(1) << 53)
    }
}
