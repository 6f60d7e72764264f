import Foundation

/// Steps 4–5 of the order–delivery loop: production, deliveries and the buyers' stocks.
struct Deliveries {
    /// x_j this period (annual rate).
    var output: [Double]
    /// ρ_i: the share of intermediate orders delivered, and the share of final demand delivered.
    var intermediateShare: [Double]
    var finalShare: [Double]
    var finalDelivered: [Double]
    /// Σ of supplier i's deliveries (annual rate).
    var productDelivered: [Double]
}

enum ProductionStep {
    /// Production: the greatest x with x = min(x̄, A′x + f + Σ_pairs O) (the mixed model on LAPACK,
    /// upstream at once: a supplier makes no more than it is asked; pair buyers ask by their orders).
    static func produce(_ m: DynamicModel, _ o: Orders, _ c: Capacity,
                        columns: WoodburyColumns) throws -> (x: [Double], ax: [Double]) {
        var demand = o.finalDemand
        for p in m.pairSupplier.indices { demand[m.pairSupplier[p]] += o.pairOrders[p] }
        var prop = Propagator(coefficients: m.network.coefficients, finalDemand: demand, baseOutput: m.x0,
                              labels: m.model.table.codes)
        prop.baseFactorization = m.network.factorization
        prop.columnCache = columns
        return try prop.mixedOutput(caps: c.caps)
    }

    /// Deliveries: each supplier shares what it made over the orders it received by the rule
    /// (proportional: every order alike; industry-first: intermediate orders first). Deliveries sum to
    /// production (plus any drawdown of stocks recorded as negative final demand).
    static func deliver(_ m: DynamicModel, _ o: Orders, x: [Double], ax: [Double],
                        rationing: RationingRule) -> Deliveries {
        let n = m.n
        var pairOrdered = [Double](repeating: 0, count: n)
        for p in m.pairSupplier.indices { pairOrdered[m.pairSupplier[p]] += o.pairOrders[p] }
        var rho = [Double](repeating: 1, count: n), fin = rho
        var finalDelivered = o.finalDemand, delivered = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let f = o.finalDemand[i]
            let fPlus = max(0, f)
            let intermediate = max(0, ax[i] + pairOrdered[i])
            let supply = max(0, x[i] + max(0, -f))
            switch rationing {
            case .proportional:
                let orders = intermediate + fPlus
                rho[i] = orders > 0 ? min(1, supply / orders) : 1
                fin[i] = rho[i]
            case .industryFirst:
                rho[i] = intermediate > 0 ? min(1, supply / intermediate) : 1
                fin[i] = fPlus > 0 ? min(1, max(0, (supply - rho[i] * intermediate) / fPlus)) : 1
            }
            finalDelivered[i] = f > 0 ? fin[i] * f : f
            delivered[i] = rho[i] * intermediate + fin[i] * fPlus
        }
        return Deliveries(output: x, intermediateShare: rho, finalShare: fin, finalDelivered: finalDelivered,
                          productDelivered: delivered)
    }

    /// The buyers' stocks: S_p ← S_p + (ρ_i O_p − a_p x_j)·Δ. A critical buyer never uses more than it
    /// holds (its capacity saw to that); an important one makes do without the rest (stock floors at 0).
    /// Returns the largest overdraft of a critical pair's stock before the floor, in periods of its base
    /// use (0 up to rounding: the capacity sweep saw to it; a test holds it).
    @discardableResult
    static func restock(_ m: DynamicModel, _ s: inout DynamicState, _ o: Orders, _ d: Deliveries,
                        yearFraction yf: Double) -> Double {
        var overdraft = 0.0
        for p in m.pairSupplier.indices {
            let i = m.pairSupplier[p], j = m.pairBuyer[p]
            let arrived = d.intermediateShare[i] * o.pairOrders[p]
            let next = s.inputInventory[p] + (arrived - m.pairCoefficient[p] * d.output[j]) * yf
            let critical = m.pairEssentiality[p].map { $0 >= 1 }
                ?? (!m.switches.inputClasses || m.pairClass[p] == .critical)
            if critical && next < 0 {
                overdraft = max(overdraft, -next / max(1e-300, m.pairCoefficient[p] * m.x0[j] * yf))
            }
            s.inputInventory[p] = max(0, next)
        }
        s.deliveredShare = d.intermediateShare
        return overdraft
    }
}

/// Final demand with catch-up, and the backlog of durable goods (DYNAMICS.md step 8, as amended by the
/// order–delivery loop: catch-up waits for the constraint to lift; part of unmet exports is lost).
enum RecoveryStep {
    /// f(t) = f⁰ + min(B/τ_b, α_max f⁰, B/Δ) for durables with a backlog whose supply constraint has lifted.
    static func finalDemand(_ m: DynamicModel, _ s: DynamicState,
                            yearFraction yf: Double) -> (f: [Double], catchUp: [Double]) {
        var f = m.f0
        var extra = [Double](repeating: 0, count: m.n)
        let c = m.dynamicCase
        for j in 0..<m.n where s.backlog[j] > 0 {
            if m.switches.gatedRecovery && s.supplyBound[j] { continue }
            extra[j] = min(s.backlog[j] * 365 / c.backlogDays, c.maxExtra * m.f0[j], s.backlog[j] / yf)
            f[j] += extra[j]
        }
        return (f, extra)
    }

    /// B ← max(0, B + (f⁰ − delivered)·Δ·(1 − lost)) while short, B − (delivered − f⁰)·Δ while
    /// catching up; lost = the export share times `export_lost_share`.
    static func updateBacklog(_ m: DynamicModel, _ s: inout DynamicState, _ d: Deliveries, yearFraction yf: Double) {
        let lostShare = m.switches.gatedRecovery ? m.dynamicCase.exportLostShare : 0
        for j in 0..<m.n where m.durable[j] && m.f0[j] > 0 {
            let gap = (m.f0[j] - d.finalDelivered[j]) * yf
            let postponed = gap > 0 ? gap * (1 - lostShare * m.exportShare[j]) : gap
            s.backlog[j] = max(0, s.backlog[j] + postponed)
        }
    }
}
