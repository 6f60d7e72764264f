import Foundation

/// One parameter set fitted to every target at once, then the honest account of it: the profile of
/// each parameter, their correlation, a verdict per target, leave-one-study-out predictions and the
/// objective under the other allocation and rationing rules.
public struct JointCalibration: Sendable {
    public struct Fit: Sendable {
        public var theta: [Double]
        public var objective: Double
        public var values: [Double?]
        public var evaluations: Int
    }

    /// χ²_p(v) = min over the other parameters of χ² with parameter p held at v.
    public struct Profile: Sendable {
        public var points: [(value: Double, objective: Double)]
        /// Where the profile stays within 1 of the minimum (linear between grid points).
        public var rangeLow: Double
        public var rangeHigh: Double
        public var lowAtBound: Bool
        public var highAtBound: Bool
    }

    public enum Verdict: Sendable, Equatable {
        case explained
        /// Explained, with these parameters at a bound of their prior range and moving this target.
        case explainedAtBound([String])
        /// Outside its tolerance at the optimum: the closest fit is the fitted value.
        case notExplained
    }

    public struct LeaveOut: Sendable {
        public var study: String
        public var fit: Fit
        /// Held-out targets: index, predicted value, error in tolerances.
        public var predictions: [(target: Int, predicted: Double, errorInTolerances: Double)]
        public var degreesOfFreedom: Int
    }

    public struct RuleCheck: Sendable {
        public var allocation: AllocationRule
        public var rationing: RationingRule
        public var objective: Double
        public var values: [Double?]
    }

    public var problem: CalibrationProblem
    public var fit: Fit
    public var profiles: [Profile]
    /// From (JᵀJ)⁻¹ of the residuals' secant Jacobian; nil when JᵀJ is singular.
    public var correlation: [[Double]]?
    public var verdicts: [Verdict]
    public var leaveOneOut: [LeaveOut]
    public var rules: [RuleCheck]
    public var evaluations: Int

    /// Targets outside their tolerance at the optimum.
    public var misses: [Int] { verdicts.indices.filter { verdicts[$0] == .notExplained } }

    public typealias Progress = @Sendable (_ stage: String, _ done: Int, _ total: Int) -> Void

    /// Minimises χ² over the box of prior ranges: a coarse grid (cell centres), then Nelder–Mead from
    /// the best point found, in coordinates scaled to [0, 1], holding parameters in `fixed` at their
    /// values. Deterministic.
    public static func minimise(_ p: CalibrationProblem, start: [Double], subset: [Int]? = nil, fixed: [Int: Double] = [:],
                                maxEvaluations: Int, initialStep: Double = 0.25) throws -> Fit {
        let free = p.parameters.indices.filter { fixed[$0] == nil }
        func theta(_ u: [Double]) -> [Double] {
            var t = start
            for (k, i) in free.enumerated() { t[i] = p.low[i] + u[k] * (p.high[i] - p.low[i]) }
            for (i, v) in fixed { t[i] = v }
            return t
        }
        var cache: [[Double]: Double] = [:]
        var evaluations = 0
        func f(_ u: [Double]) throws -> Double {
            if let v = cache[u] { return v }
            evaluations += 1
            let v = try p.objective(theta(u), subset: subset)
            cache[u] = v
            return v
        }
        var u0 = free.map { (start[$0] - p.low[$0]) / (p.high[$0] - p.low[$0]) }
        let best: [Double]
        if free.isEmpty { best = [] } else {
            // Week targets make χ² a step function, on which a simplex stalls: a coarse grid over the
            // box (about a third of the budget, g levels per parameter) picks where the simplex starts.
            let levels = Int(pow(Double(maxEvaluations) / 3, 1 / Double(free.count)).rounded(.down))
            if levels >= 2 {
                var fBest = try f(u0)
                for cell in 0..<Int(pow(Double(levels), Double(free.count))) {
                    var u = [Double](repeating: 0, count: free.count), rest = cell
                    for k in free.indices { u[k] = (Double(rest % levels) + 0.5) / Double(levels); rest /= levels }
                    let v = try f(u)
                    if v < fBest { fBest = v; u0 = u }
                }
            }
            best = try Optimizers.nelderMead(f, start: u0, low: free.map { _ in 0 }, high: free.map { _ in 1 },
                                             tolerance: 1e-9, maxEvaluations: max(free.count + 2, maxEvaluations - evaluations),
                                             initialStep: initialStep).x
        }
        let t = theta(best)
        let values = try p.modelValues(t, subset: subset)
        return Fit(theta: t, objective: p.residuals(values, subset: subset).map { $0 * $0 }.reduce(0, +), values: values,
                   evaluations: evaluations + 1)
    }

    public static func run(_ p: CalibrationProblem, maxEvaluations: Int, profilePoints: Int, refitEvaluations: Int,
                           profileBisections: Int = 3, progress: Progress? = nil) throws -> JointCalibration {
        var evaluations = 0
        progress?("fit", 0, 1)
        let fit = try minimise(p, start: p.start, maxEvaluations: maxEvaluations)
        evaluations += fit.evaluations
        progress?("fit", 1, 1)

        // Profiles: a grid over each prior range plus the optimum, the others refitted at each point;
        // then each crossing of min + 1 is narrowed by bisection.
        var profiles: [Profile] = []
        let total = p.parameters.count * (profilePoints + 2 * profileBisections)
        var done = 0
        for (i, par) in p.parameters.enumerated() {
            func profileAt(_ v: Double) throws -> Double {
                var s = fit.theta
                s[i] = v
                let r = try minimise(p, start: s, fixed: [i: v], maxEvaluations: refitEvaluations, initialStep: 0.15)
                evaluations += r.evaluations
                done += 1
                progress?("profiles", min(done, total), total)
                return r.objective
            }
            var pts: [(value: Double, objective: Double)] = [(fit.theta[i], fit.objective)]
            for g in 0..<profilePoints {
                let v = profilePoints == 1 ? par.low : par.low + Double(g) * (par.high - par.low) / Double(profilePoints - 1)
                if abs(v - fit.theta[i]) < 1e-9 * (par.high - par.low) { continue }
                pts.append((v, try profileAt(v)))
            }
            pts.sort { $0.value < $1.value }
            let minimum = min(fit.objective, pts.map(\.objective).min()!)
            for side in [-1, 1] {
                for _ in 0..<profileBisections {
                    let k0 = pts.firstIndex { $0.value >= fit.theta[i] } ?? pts.count - 1
                    var k = k0
                    while k + side >= 0 && k + side < pts.count && pts[k + side].objective <= minimum + 1 { k += side }
                    guard k + side >= 0 && k + side < pts.count else { break }
                    let v = 0.5 * (pts[k].value + pts[k + side].value)
                    pts.append((v, try profileAt(v)))
                    pts.sort { $0.value < $1.value }
                }
            }
            profiles.append(profileRange(pts, minimum: minimum, at: fit.theta[i], low: par.low, high: par.high))
        }

        // Correlation from the secant Jacobian of the residuals over 5% of each range.
        var jac = [[Double]](repeating: [Double](repeating: 0, count: p.parameters.count), count: p.targets.count)
        for i in p.parameters.indices {
            let h = 0.05 * (p.high[i] - p.low[i])
            var up = fit.theta, down = fit.theta
            up[i] = min(p.high[i], up[i] + h); down[i] = max(p.low[i], down[i] - h)
            let ru = p.residuals(try p.modelValues(up)), rd = p.residuals(try p.modelValues(down))
            evaluations += 2
            for k in p.targets.indices { jac[k][i] = (ru[k] - rd[k]) / (up[i] - down[i]) }
        }
        let correlation = correlationMatrix(jac)

        // A target explained at the optimum is explained "only at a bound" when a parameter sits at a
        // bound of its prior and moving it 5% of its range inward moves that target by a tenth of a
        // tolerance or more.
        let residuals = p.residuals(fit.values)
        let atBound = p.parameters.indices.filter {
            let tol = 1e-3 * (p.high[$0] - p.low[$0])
            return fit.theta[$0] <= p.low[$0] + tol || fit.theta[$0] >= p.high[$0] - tol
        }
        let verdicts: [Verdict] = residuals.indices.map { k in
            guard abs(residuals[k]) <= 1 else { return .notExplained }
            let binding = atBound.filter { abs(jac[k][$0]) * 0.05 * (p.high[$0] - p.low[$0]) >= 0.1 }.map { p.parameters[$0].name }
            return binding.isEmpty ? .explained : .explainedAtBound(binding)
        }

        // Leave one study out: refit without its targets, predict them.
        var studies: [String] = []
        for t in p.targets where !studies.contains(t.study) { studies.append(t.study) }
        var loso: [LeaveOut] = []
        for (k, s) in studies.enumerated() where studies.count > 1 {
            let kept = p.targets.indices.filter { p.targets[$0].study != s }
            let held = p.targets.indices.filter { p.targets[$0].study == s }
            let r = try minimise(p, start: fit.theta, subset: kept, maxEvaluations: max(refitEvaluations, maxEvaluations / 2))
            evaluations += r.evaluations
            let pred = try p.modelValues(r.theta, subset: held)
            loso.append(LeaveOut(study: s, fit: r, predictions: held.map { ($0, pred[$0]!, (pred[$0]! - p.targets[$0].value) / p.targets[$0].tolerance) },
                                 degreesOfFreedom: kept.count - p.parameters.count))
            progress?("leave-one-study-out", k + 1, studies.count)
        }

        // The allocation rule is a discrete choice, not a fitted parameter: the objective at the
        // fitted values under every rule combination.
        var rules: [RuleCheck] = []
        for a in AllocationRule.allCases {
            for r in RationingRule.allCases {
                let v = try p.modelValues(fit.theta, allocation: a, rationing: r)
                evaluations += 1
                rules.append(RuleCheck(allocation: a, rationing: r, objective: p.residuals(v).map { $0 * $0 }.reduce(0, +), values: v))
            }
        }
        return JointCalibration(problem: p, fit: fit, profiles: profiles, correlation: correlation, verdicts: verdicts,
                                leaveOneOut: loso, rules: rules, evaluations: evaluations)
    }

    /// The range where the profile is within 1 of the minimum, walking out from the optimum on the grid.
    static func profileRange(_ pts: [(value: Double, objective: Double)], minimum: Double, at x: Double, low: Double, high: Double) -> Profile {
        let limit = minimum + 1
        let k0 = pts.firstIndex { $0.value >= x } ?? pts.count - 1
        var lo = low, hi = high, loBound = true, hiBound = true
        var k = k0
        while k > 0 {
            if pts[k - 1].objective > limit {
                let (a, b) = (pts[k - 1], pts[k])
                lo = b.value - (b.value - a.value) * max(0, min(1, (limit - b.objective) / (a.objective - b.objective)))
                loBound = false
                break
            }
            k -= 1
        }
        k = k0
        while k < pts.count - 1 {
            if pts[k + 1].objective > limit {
                let (a, b) = (pts[k], pts[k + 1])
                hi = a.value + (b.value - a.value) * max(0, min(1, (limit - a.objective) / (b.objective - a.objective)))
                hiBound = false
                break
            }
            k += 1
        }
        return Profile(points: pts, rangeLow: lo, rangeHigh: hi, lowAtBound: loBound, highAtBound: hiBound)
    }

    /// Correlation of (JᵀJ)⁻¹ by Gauss–Jordan on the small normal matrix; nil when singular.
    static func correlationMatrix(_ j: [[Double]]) -> [[Double]]? {
        guard let n = j.first?.count, n > 0 else { return nil }
        var a = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for row in j { for r in 0..<n { for c in 0..<n { a[r][c] += row[r] * row[c] } } }
        let scale = (0..<n).map { a[$0][$0] }
        guard scale.allSatisfy({ $0 > 0 && $0.isFinite }) else { return nil }
        var inv = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for r in 0..<n { inv[r][r] = 1 }
        for c in 0..<n {
            guard let p = (c..<n).max(by: { abs(a[$0][c]) < abs(a[$1][c]) }), abs(a[p][c]) > 1e-12 * scale.max()! else { return nil }
            a.swapAt(c, p); inv.swapAt(c, p)
            let d = a[c][c]
            for k in 0..<n { a[c][k] /= d; inv[c][k] /= d }
            for r in 0..<n where r != c {
                let f = a[r][c]
                if f == 0 { continue }
                for k in 0..<n { a[r][k] -= f * a[c][k]; inv[r][k] -= f * inv[c][k] }
            }
        }
        guard (0..<n).allSatisfy({ inv[$0][$0] > 0 }) else { return nil }
        var corr = inv
        for r in 0..<n {
            for c in 0..<n {
                let d: Double = (inv[r][r] * inv[c][c]).squareRoot()
                corr[r][c] = inv[r][c] / d
            }
        }
        return corr
    }
}
