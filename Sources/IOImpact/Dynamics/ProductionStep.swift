import Foundation

/// Steps 5–8 of DYNAMICS.md in one period: capacity, production with upstream adjustment (the mixed
/// model on LAPACK), rationing downstream with inventories of essential inputs, final demand and backlog.
struct ProductionStep {
    /// Largest number of passes of the rationing map in one period.
    static let maxIterations = 20_000

    /// - Parameters:
    ///   - xPlan, fPlan: planned output and final demand (annual rates), fPlan including catch-up and restock orders.
    ///   - restockBySupplier: the restock orders inside fPlan, by supplier.
    ///   - materialFactor: min_g (1 − e_gj + e_gj a_gj) per sector, and the material that sets it.
    static func run(_ m: DynamicModel, _ s: inout DynamicState, t: Int, xPlan: [Double], fPlan: [Double],
                    restockBySupplier: [Double], materialFactor: [Double], materialBinding: [Int],
                    rationing: RationingRule, columns: WoodburyColumns) throws -> (output: [Double], capacity: [Double], finalDelivered: [Double], binding: [Binding], iterations: Int) {
        let n = m.n
        let yf = m.timeline.yearFraction(t)

        // 5. Capacity from the materials each sector receives.
        var caps = [Double](repeating: 0, count: n)
        for j in 0..<n { caps[j] = max(0, xPlan[j]) * materialFactor[j] }

        // 6. Production: the greatest x with x = min(x̄, A·x + f) (upstream: suppliers lose orders).
        var prop = Propagator(coefficients: m.a, finalDemand: fPlan, baseOutput: m.x0, labels: m.model.table.codes)
        prop.baseFactorization = m.model.factorization
        prop.columnCache = columns
        var (x, ax) = try prop.mixedOutput(caps: caps)

        // 7. Rationing downstream: a short supplier serves buyers in proportion to orders (or industry
        // first); a buyer whose delivered share ρ_i falls short draws its inventory I_p, and once that is
        // gone produces only what its deliveries allow: x_j ← min(x_j, x̄_j, (A·x + f)_j, ρ_i·x_j + I_p/(a_ij·Δ/365)).
        var limitedBy = [Int](repeating: -1, count: n)
        var rho = [Double](repeating: 1, count: n)
        var iterations = 0
        var moves = 0
        func shares(_ ax: [Double]) {
            for i in 0..<n {
                let supply = x[i] + max(0, -fPlan[i])
                switch rationing {
                case .proportional:
                    let orders = ax[i] + max(0, fPlan[i])
                    rho[i] = orders > 0 ? min(1, supply / orders) : 1
                case .industryFirst:
                    rho[i] = ax[i] > 0 ? min(1, supply / ax[i]) : 1
                }
            }
        }
        if !m.pairSupplier.isEmpty {
            while iterations < maxIterations {
                iterations += 1
                shares(ax)
                var change = 0.0
                var moved: [(Int, Double)] = []
                for j in 0..<n {
                    var v = min(x[j], caps[j], ax[j] + fPlan[j])
                    var by = -1
                    for p in m.pairsOfBuyer[j] {
                        let r = rho[m.pairSupplier[p]]
                        if r >= 1 { continue }
                        let lim = r * x[j] + s.inputInventory[p] / (m.pairCoefficient[p] * yf)
                        if lim < v { v = lim; by = p }
                    }
                    let d = x[j] - max(0, v)
                    if d > 0 {
                        change = max(change, d / max(m.x0[j], 1e-300))
                        x[j] = max(0, v)
                        moved.append((j, d))
                        if by >= 0 { limitedBy[j] = by }
                    }
                }
                if change < 1e-13 { break }
                moves += moved.count
                // A·x updated column by column for the sectors that moved (a full product when most did).
                if moved.count > n / 8 {
                    ax = m.a * x
                } else {
                    for (j, d) in moved { m.a.subtractColumn(j, times: d, from: &ax) }
                }
            }
        }
        if moves > 0 { ax = m.a * x }  // exact A·x for the deliveries below
        shares(ax)

        // Deliveries to final demand and to input inventories.
        var finalDelivered = [Double](repeating: 0, count: n)
        var finalShare = [Double](repeating: 1, count: n)
        for i in 0..<n {
            switch rationing {
            case .proportional: finalShare[i] = rho[i]
            case .industryFirst:
                let supply = x[i] + max(0, -fPlan[i])
                finalShare[i] = fPlan[i] > 0 ? min(1, max(0, (supply - ax[i]) / fPlan[i])) : 1
            }
            let consumer = fPlan[i] - restockBySupplier[i]
            finalDelivered[i] = consumer > 0 ? finalShare[i] * consumer : consumer
        }
        for p in m.pairSupplier.indices {
            let i = m.pairSupplier[p], j = m.pairBuyer[p]
            let use = m.pairCoefficient[p] * x[j] * yf
            let delivered = rho[i] * use + finalShare[i] * s.restockOrders[p] * yf
            s.inputInventory[p] = max(0, s.inputInventory[p] + delivered - use)
            // Orders to rebuild the inventory over the restock time (never more than the gap in one period).
            let gap = m.pairCoefficient[p] * m.x0[j] * m.pairDays[p] / 365 - s.inputInventory[p]
            s.restockOrders[p] = gap > 1e-12 * m.x0[j] ? gap / max(yf, m.dynamicCase.restockDays / 365) : 0
        }

        // 8. Backlog of durable goods: B ← max(0, B + (f⁰ − delivered)·Δ/365).
        for j in 0..<n where m.durable[j] && m.f0[j] > 0 {
            s.backlog[j] = max(0, s.backlog[j] + (m.f0[j] - finalDelivered[j]) * yf)
        }

        var binding = [Binding](repeating: .none, count: n)
        for j in 0..<n where x[j] < m.x0[j] * (1 - 1e-9) {
            if limitedBy[j] >= 0 {
                binding[j] = .input(m.pairSupplier[limitedBy[j]])
            } else if materialFactor[j] < 1 - 1e-12 && x[j] >= caps[j] * (1 - 1e-9) {
                binding[j] = .material(materialBinding[j])
            } else {
                binding[j] = .demand
            }
        }
        return (x, caps, finalDelivered, binding, iterations)
    }
}
