import Foundation

/// Why a sector produces what it produces at the solution.
public enum Constraint: Sendable, Equatable {
    /// Not reduced.
    case unaffected
    /// Held at its capacity cap x̄_j (the direct effect of the material shortage).
    case cap
    /// Lost orders: output equals what its customers and final demand still buy (upstream effect).
    case demand
    /// Short of inputs: the listed suppliers deliver everything they make to industry and still
    /// fall short (downstream effect). Indices of the binding suppliers, largest coefficient first.
    case inputs([Int])
}

/// The solution of one propagation method.
public struct PropagationResult: Sendable {
    public var method: PropagationMethod
    public var output: [Double]
    /// Final demand met from domestic output: x − A·x.
    public var finalDemandDelivered: [Double]
    public var constraints: [Constraint]
    /// Active-set passes (LAPACK solves) or fixed-point iterations.
    public var iterations: Int
    public var note: String
}

/// The static propagation methods of ../shared/design/MODEL.md, on the domestic coefficients
/// A (= (I − M̂)A for competitive-import tables) and domestic final demand f⁰.
///
/// The trap they avoid: proportional rationing across all buyers, final demand included, iterated
/// to a static fixed point with f⁰ held, has no interior solution when binding inputs form a cycle
/// (output spirals to zero). Here final demand absorbs shortages first (industry-first), or the
/// rationing runs a fixed number of rounds (proportional).
public struct Propagator: Sendable {
    public let a: Matrix
    public let finalDemand: [Double]
    public let baseOutput: [Double]
    public let labels: [String]
    /// Relative tolerance for cap and demand comparisons.
    public var tolerance = 1e-10
    /// An LU of I − A to reuse across solves (Monte Carlo): the mixed solve then needs no new
    /// factorisation of I − A_NN, only a k×k system (Sherman–Morrison–Woodbury; see `mixedSolve`).
    public var baseFactorization: LUFactorization? = nil
    /// Columns B⁻¹e_c of the base LU kept across calls (the time-stepped engine's periods): a capped
    /// set that persists from one week to the next costs no new solves.
    public var columnCache: WoodburyColumns? = nil

    public init(model: LeontiefModel) {
        self.a = model.domesticCoefficients
        self.finalDemand = model.domesticFinalDemand
        self.baseOutput = model.table.grossOutput
        self.labels = model.table.codes
        self.baseFactorization = model.factorization
    }

    public init(coefficients: Matrix, finalDemand: [Double], baseOutput: [Double], labels: [String]) {
        self.a = coefficients
        self.finalDemand = finalDemand
        self.baseOutput = baseOutput
        self.labels = labels
    }

    var n: Int { baseOutput.count }

    /// Binding inputs K_j: suppliers i ≠ j with a_ij ≥ θ (θ = 0: every input with a_ij > 0), or the
    /// essential inputs a case names for j (which replace the threshold for that sector).
    public func bindingInputs(theta: Double, essential: [Int: [Int]] = [:]) -> [[Int]] {
        (0..<n).map { j in
            if let e = essential[j] { return e.filter { $0 != j } }
            return (0..<n).filter { i in i != j && (theta == 0 ? a[i, j] > 0 : a[i, j] >= theta) }
        }
    }

    // MARK: Mixed exogenous/endogenous model (upstream only)

    /// The greatest x with x = min(x̄, A·x + f⁰): the mixed model (M&B §13.1) with the capped
    /// sectors exogenous. Active set: guess the capped set C, solve (I − A_NN)·x_N = f⁰_N + A_NC·x̄_C
    /// with LAPACK, move sectors above their cap into C (and sectors whose demand fell below their
    /// cap out of it), repeat.
    public func mixed(caps: [Double]) throws -> PropagationResult {
        let (x, _, passes) = try mixedActiveSet(caps: caps)
        if passes < 0 {
            return try fixedPoint(caps: caps, start: x, note: "active set did not settle; solved by iteration")
        }
        return finish(.mixed, x, caps: caps, essential: nil, iterations: passes, note: "active set, \(passes) LAPACK solve(s)")
    }

    /// The mixed model's output alone, without classifying the sectors (the time-stepped engine's step).
    /// Also returns A·x at the solution, which the caller would otherwise compute again.
    public func mixedOutput(caps: [Double]) throws -> (x: [Double], ax: [Double]) {
        let (x, ax, passes) = try mixedActiveSet(caps: caps)
        if passes < 0 {
            let y = try fixedPoint(caps: caps, start: x).output
            return (y, a * y)
        }
        return (x, ax)
    }

    /// The active set; passes < 0 when it did not settle (the caller falls back to iteration). It starts
    /// from the capped set the column cache remembers from the last call (a week's capped set is mostly
    /// last week's), and leaves the final set there; the answer does not depend on the start.
    func mixedActiveSet(caps: [Double]) throws -> (x: [Double], ax: [Double], passes: Int) {
        var capped = (columnCache?.lastCapped ?? []).filter { $0 < n && caps[$0].isFinite }
        var x = baseOutput
        var ax = [Double]()
        var passes = 0
        while true {
            passes += 1
            let free = (0..<n).filter { !capped.contains($0) }
            let fixed = capped.sorted()
            x = try mixedSolve(free: free, fixed: fixed, caps: caps)
            ax = a * x
            let over = free.filter { x[$0] > caps[$0] * (1 + tolerance) + tolerance }
            let under = fixed.filter { ax[$0] + finalDemand[$0] < caps[$0] * (1 - tolerance) - tolerance }
            if over.isEmpty && under.isEmpty { break }
            // Cycling between sets (never seen); the min-map iteration is the safe fallback.
            if passes > 4 * n + 10 { columnCache?.lastCapped = []; return (x, ax, -1) }
            capped.formUnion(over)
            capped.subtract(under)
        }
        columnCache?.lastCapped = capped
        return (x, ax, passes)
    }

    /// x_N = (I − A_NN)⁻¹ (f_N + A_NC x̄_C), x_C = x̄_C.
    ///
    /// With `baseFactorization`, the same x comes from the one LU of B = I − A: the system whose
    /// capped rows read x_c = x̄_c is M = B + E_C·A_C,: (a rank-k change of B), so
    /// x = y − Z·(I_k + A_C,:·Z)⁻¹·A_C,:·y with y = B⁻¹b, Z = B⁻¹E_C, b = (f_N, x̄_C): one solve with
    /// k + 1 right-hand sides and a k×k system per active-set pass.
    func mixedSolve(free: [Int], fixed: [Int], caps: [Double]) throws -> [Double] {
        if let lu = baseFactorization, fixed.count < n / 2 {
            return try mixedSolveWoodbury(lu, fixed: fixed, caps: caps)
        }
        var x = [Double](repeating: 0, count: n)
        for c in fixed { x[c] = caps[c] }
        if free.isEmpty { return x }
        let ann = a.submatrix(rows: free, columns: free)
        var rhs = free.map { finalDemand[$0] }
        if !fixed.isEmpty {
            let anc = a.submatrix(rows: free, columns: fixed)
            let push = anc * fixed.map { caps[$0] }
            for k in rhs.indices { rhs[k] += push[k] }
        }
        let lu = try LUFactorization(IOMath.identityMinus(ann), labels: free.map { labels[$0] })
        let xn = try lu.solve(rhs)
        for (k, j) in free.enumerated() { x[j] = xn[k] }
        return x
    }

    func mixedSolveWoodbury(_ lu: LUFactorization, fixed: [Int], caps: [Double]) throws -> [Double] {
        let k = fixed.count
        var b = finalDemand
        for c in fixed { b[c] = caps[c] }
        var x = try lu.solve(b)
        if k == 0 { return x }
        let cache = columnCache ?? WoodburyColumns()
        let sol = try cache.columns(fixed, lu: lu, n: n)
        // S = I_k + A_C,:·Z and r = A_C,:·y, then x = y − Z·S⁻¹r: products through BLAS. S depends on the
        // capped set only, so its LU is kept for the next call with the same set.
        let z = Matrix(rows: n, columns: k, columnMajor: sol.flatMap { $0 })
        let ac = a.submatrix(rows: fixed, columns: Array(0..<n))
        let slu = try cache.capacitance(fixed) {
            try LUFactorization(Matrix.identity(k) + ac * z, labels: fixed.map { labels[$0] })
        }
        let r = ac * x
        let w = try slu.solve(r)
        let zw = z * w
        for j in 0..<n { x[j] -= zw[j] }
        for c in fixed { x[c] = caps[c] }
        return x
    }

    /// Plain iteration of the min-map x ← min(x̄, A·x + f⁰) from x⁰: a cross-check of the active
    /// set. It converges geometrically, slowly when the spectral radius of A is near one.
    public func fixedPoint(caps: [Double], start: [Double]? = nil, maxIterations: Int = 200_000, note: String = "min-map iteration") throws -> PropagationResult {
        var x = start ?? baseOutput
        var it = 0
        while it < maxIterations {
            it += 1
            let ax = a * x
            var change = 0.0
            for j in 0..<n {
                let v = min(caps[j], ax[j] + finalDemand[j])
                change = max(change, abs(v - x[j]) / max(baseOutput[j], 1e-300))
                x[j] = v
            }
            if change < 1e-13 { break }
        }
        return finish(.mixed, x, caps: caps, essential: nil, iterations: it, note: note)
    }

    // MARK: Industry-first bottlenecks (central)

    /// The iteration limit of industry-first. Every reference case converges within a handful of
    /// iterations; only a collapsing economy (a bottleneck whose unbound buyers alone want more than it
    /// makes, so its bound buyers shrink geometrically towards zero) needs more, and there the note says
    /// the limit was reached. A million iterations made an unreachable calibration run for a minute.
    public static let maxIndustryFirstIterations = 50_000

    /// A short supplier serves its industrial customers first, proportionally among them, and final
    /// demand gets what is left. From the mixed solution iterate
    /// m = A·x; ρ_i = min(1, (x_i + max(0, −f⁰_i)) / m_i); x_j ← min(x̄_j, (A·x + f⁰)_j, x_j · min_{i∈K_j} ρ_i).
    /// (A negative f⁰_i, such as a stock drawdown, is supply to industry: without it ρ_i < 1 at baseline and
    /// a zero cut stopped printing, bread and broadcasting on the 185-sector table.)
    /// The sequence falls monotonically and converges; it equals the mixed model unless some capped
    /// sector cannot meet its industrial customers.
    public func industryFirst(caps: [Double], binding: [[Int]], method: PropagationMethod = .industryFirst,
                              maxIterations: Int = maxIndustryFirstIterations) throws -> PropagationResult {
        let start = try mixed(caps: caps)
        var x = start.output
        var it = 0
        var converged = false
        while it < maxIterations {
            it += 1
            let m = a * x
            // A negative final-demand entry (a stock drawdown, or imports recorded against domestic
            // demand) is supply to industrial buyers, never a shortage: at baseline x + max(0, −f) = A·x.
            let rho = (0..<n).map { i in m[i] > 0 ? min(1, (x[i] + max(0, -finalDemand[i])) / m[i]) : 1 }
            var change = 0.0
            for j in 0..<n {
                var r = 1.0
                for i in binding[j] where rho[i] < r { r = rho[i] }
                let v = min(caps[j], m[j] + finalDemand[j], x[j] * r)
                change = max(change, abs(v - x[j]) / max(baseOutput[j], 1e-300))
                x[j] = v
            }
            if change < 1e-12 { converged = true; break }
        }
        let note = (converged ? "converged" : "stopped at the iteration limit") + " after \(it) iteration(s) from the mixed solution"
        return finish(method, x, caps: caps, essential: binding, iterations: it + start.iterations, note: note)
    }

    // MARK: Proportional propagation, k rounds (upper sensitivity)

    /// Each buyer of a short supplier loses the same share of that input, ρ_i = x̄_i / x⁰_i, applied
    /// k rounds downstream, then the mixed model. A sensitivity, not an equilibrium.
    public func proportional(caps: [Double], binding: [[Int]], rounds: Int) throws -> PropagationResult {
        var c = caps
        var done = 0
        for _ in 0..<rounds {
            done += 1
            let rho = (0..<n).map { baseOutput[$0] > 0 ? c[$0] / baseOutput[$0] : 1 }
            var next = c
            var change = 0.0
            for j in 0..<n {
                var r = 1.0
                for i in binding[j] where rho[i] < r { r = rho[i] }
                next[j] = min(c[j], baseOutput[j] * r)
                change = max(change, (c[j] - next[j]) / max(baseOutput[j], 1e-300))
            }
            c = next
            // Each round only passes on ratios already present, so the caps settle within n rounds;
            // further rounds change nothing (beyond rounding) and are skipped.
            if change <= 1e-15 { break }
        }
        var result = try mixed(caps: c)
        result.method = .proportional
        result.note = "\(rounds) round(s) of proportional rationing, then the mixed model (\(result.note))"
        result.constraints = classify(result.output, caps: caps, effectiveCaps: c, binding: binding)
        return result
    }

    // MARK: Comparisons

    /// Ghosh: the lost capacity enters as lost primary inputs, Δx′ = Δv′ G. Caveat (Oosterhaven
    /// 1988): fixed allocation coefficients assume buyers substitute any input, so Ghosh misses
    /// bottlenecks, and it ignores the demand side.
    public func ghosh(caps: [Double]) throws -> PropagationResult {
        let dv = (0..<n).map { baseOutput[$0] - caps[$0] }
        let dx: [Double]
        if let lu = baseFactorization {
            // B = x̂⁻¹ A x̂, so (I − B)ᵀ Δx = Δv is (I − A)ᵀ y = x̂⁻¹ Δv with Δx = x̂ y: the table's own LU,
            // transposed (a zero-output sector has a zero row and column in B: Δx_j = Δv_j).
            let x = baseOutput
            let y = try lu.solve((0..<n).map { x[$0] != 0 ? dv[$0] / x[$0] : 0 }, transposed: true)
            dx = (0..<n).map { x[$0] != 0 ? x[$0] * y[$0] : dv[$0] }
        } else {
            let b = IOMath.allocation(transactions: a.scalingColumns(by: baseOutput), output: baseOutput)
            dx = try LUFactorization(IOMath.identityMinus(b), labels: labels).solve(dv, transposed: true)
        }
        let x = (0..<n).map { max(0, baseOutput[$0] - dx[$0]) }
        return finish(.ghosh, x, caps: caps, essential: nil, iterations: 1,
                      note: "supply-driven; comparison only (Oosterhaven 1988: buyers may substitute any input)")
    }

    /// Complete hypothetical extraction of sector e: its row and column removed, x*_N = (I − A_NN)⁻¹ f_N.
    /// An upper bound on what losing the whole supplying sector would cost, not a forecast.
    public func extraction(sector e: Int) throws -> PropagationResult {
        let free = (0..<n).filter { $0 != e }
        var x = [Double](repeating: 0, count: n)
        let xn = try LUFactorization(IOMath.identityMinus(a.submatrix(rows: free, columns: free)), labels: free.map { labels[$0] })
            .solve(free.map { finalDemand[$0] })
        for (k, j) in free.enumerated() { x[j] = xn[k] }
        var caps = baseOutput
        caps[e] = 0
        return finish(.extraction, x, caps: caps, essential: nil, iterations: 1,
                      note: "sector \(labels[e]) extracted (row and column); an upper bound, not a forecast")
    }

    // MARK: Common

    func finish(_ method: PropagationMethod, _ x: [Double], caps: [Double], essential: [[Int]]?, iterations: Int, note: String) -> PropagationResult {
        let ax = a * x
        return PropagationResult(method: method, output: x, finalDemandDelivered: (0..<n).map { x[$0] - ax[$0] },
                                 constraints: classify(x, caps: caps, effectiveCaps: caps, binding: essential),
                                 iterations: iterations, note: note)
    }

    func classify(_ x: [Double], caps: [Double], effectiveCaps: [Double], binding: [[Int]]?) -> [Constraint] {
        let ax = a * x
        let tol = 1e-9
        return (0..<n).map { j in
            let x0 = baseOutput[j]
            if x[j] >= x0 * (1 - tol) { return .unaffected }
            if x[j] >= caps[j] - tol * x0 && caps[j] < x0 * (1 - tol) { return .cap }
            if x[j] >= ax[j] + finalDemand[j] - tol * x0 { return .demand }
            if let binding {
                let short = binding[j].filter { x[$0] + max(0, -finalDemand[$0]) <= ax[$0] * (1 + 1e-7) || x[$0] < effectiveCaps[$0] * (1 - tol) || x[$0] < baseOutput[$0] * (1 - 1e-6) }
                    .sorted { a[$0, j] != a[$1, j] ? a[$0, j] > a[$1, j] : $0 < $1 }
                if !short.isEmpty { return .inputs(short) }
            }
            if x[j] < effectiveCaps[j] * (1 + tol) && effectiveCaps[j] < caps[j] { return .inputs([]) }
            return .demand
        }
    }
}

/// Columns z_c = B⁻¹e_c of one LU, solved in batches as they are first needed and kept; with them the
/// LU of the last capacitance matrix S = I + A_C,:·Z and the last capped set, for the next call. One
/// cache belongs to one matrix A and one path (not shared across threads).
public final class WoodburyColumns: @unchecked Sendable {
    private var stored: [Int: [Double]] = [:]
    private var lastSet: [Int] = []
    private var lastS: LUFactorization? = nil
    /// The capped set the last active-set solve ended with.
    var lastCapped = Set<Int>()
    public init() {}

    /// The LU of S for this capped set: the kept one when the set is the last one, else `make()`.
    func capacitance(_ fixed: [Int], make: () throws -> LUFactorization) throws -> LUFactorization {
        if let s = lastS, fixed == lastSet { return s }
        let s = try make()
        lastSet = fixed
        lastS = s
        return s
    }

    func columns(_ which: [Int], lu: LUFactorization, n: Int) throws -> [[Double]] {
        let missing = which.filter { stored[$0] == nil }
        if !missing.isEmpty {
            var rhs = Matrix(rows: n, columns: missing.count)
            for (col, c) in missing.enumerated() { rhs[c, col] = 1 }
            let sol = try lu.solve(rhs)
            for (col, c) in missing.enumerated() { stored[c] = sol.column(col) }
        }
        return which.map { stored[$0]! }
    }
}
