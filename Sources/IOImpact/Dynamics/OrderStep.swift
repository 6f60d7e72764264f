import Foundation

/// What a period's buyers ask for, decided from the state at the end of the last period only:
/// final demand (with catch-up), the demand-driven plan and the orders of every essential pair.
struct Orders {
    /// f(t), annual rates; the part of it above base that catches up backlog.
    var finalDemand: [Double]
    var catchUp: [Double]
    /// x̂ = (I − A)⁻¹ (f(t) + r(t)): what every sector would make if every order were met.
    var plan: [Double]
    /// O_p = max(0, a_p x̂_j + (target_p − S_p)/τ): pair p's order, annual rate.
    var pairOrders: [Double]
    /// R̂_i: the orders supplier i receives at the plan (intermediate and positive final demand).
    var received: [Double]
    /// R̂_i − f⁺_i: the intermediate part of R̂_i.
    var intermediate: [Double]
    /// Planned output P_j = R̂_j − max(0, −f_j): orders less what a drawdown of stocks supplies.
    var planned: [Double]
}

enum OrderStep {
    /// Steps 1–2 of the order–delivery loop: the plan from final demand and inventory restoration,
    /// then the orders each buyer places with its essential suppliers.
    static func place(_ m: DynamicModel, _ s: DynamicState, finalDemand f: [Double], catchUp: [Double],
                      period t: Int, yearFraction yf: Double) throws -> Orders {
        let n = m.n
        let pairs = m.pairSupplier.indices
        // Restoration of each pair's stock towards n_p days over the restock time (never more than the gap
        // in one period); negative when the buyer holds more than its target.
        let tau = max(yf, m.dynamicCase.restockDays / 365)
        var restore = [Double](repeating: 0, count: pairs.count)
        var r = [Double](repeating: 0, count: n)
        for p in pairs {
            let use = m.pairCoefficient[p] * m.x0[m.pairBuyer[p]]
            let gap = use * m.pairDays[p] / 365 - s.inputInventory[p]
            // Gaps of rounding size (below 1e-9 of a period's use) are not ordered: a zero cut stays at base.
            restore[p] = abs(gap) > 1e-9 * use * yf ? gap / tau : 0
            r[m.pairSupplier[p]] += restore[p]
        }
        var demand = f
        for i in 0..<n { demand[i] += r[i] }
        let atBase = zip(demand, m.f0).allSatisfy { $0 == $1 }
        let plan = atBase ? m.x0 : try m.model.factorization.solve(demand)

        // R̂_i = Σ_nonpair a_ij x̂_j + Σ_pairs O_p + f⁺_i. As x̂_i = Σ_all a_ij x̂_j + f_i + r_i, this is
        // x̂_i − f_i + f⁺_i plus, per pair, its order less its use at the plan and its restoration.
        var orders = [Double](repeating: 0, count: pairs.count)
        var received = [Double](repeating: 0, count: n)
        for i in 0..<n { received[i] = plan[i] - f[i] + max(0, f[i]) }
        for p in pairs {
            let use = m.pairCoefficient[p] * plan[m.pairBuyer[p]]
            orders[p] = max(0, use + restore[p])
            // A cut flow: the supplier accepts and ships no more than the control allows this period.
            if !m.pairCap[p].isEmpty { orders[p] = min(orders[p], m.pairCap[p][t]) }
            received[m.pairSupplier[p]] += orders[p] - use - restore[p]
        }
        var intermediate = received
        var planned = received
        for i in 0..<n {
            received[i] = max(0, received[i])
            intermediate[i] = max(0, received[i] - max(0, f[i]))
            planned[i] = max(0, received[i] - max(0, -f[i]))
        }
        return Orders(finalDemand: f, catchUp: catchUp, plan: plan, pairOrders: orders, received: received,
                      intermediate: intermediate, planned: planned)
    }
}
