import Foundation

/// The loop: a pure step per period from the state and the case's expanded schedules, a recorder
/// keeping the path. No I/O; the same inputs give the same path bit for bit.
public enum Simulation {
    /// The recorded path of one run.
    public struct Path: Sendable {
        public var allocation: AllocationRule
        public var rationing: RationingRule
        public var periods: [PeriodRecord]
        public var finalState: DynamicState
    }

    /// Runs the model with the given rules (the case's by default).
    public static func run(_ m: DynamicModel, allocation: AllocationRule? = nil, rationing: RationingRule? = nil) throws -> Path {
        var model = m
        if let allocation { model.allocation = allocation }
        let rule = rationing ?? m.rationing
        var s = DynamicState(model: model)
        var records: [PeriodRecord] = []
        records.reserveCapacity(model.timeline.periods)
        // Columns of the base LU for the capped sets, reused from week to week (the set changes slowly).
        let columns = WoodburyColumns()
        for t in 0..<model.timeline.periods {
            records.append(try step(model, &s, t: t, rationing: rule, columns: columns))
        }
        return Path(allocation: model.allocation, rationing: rule, periods: records, finalState: s)
    }

    /// One period.
    static func step(_ m: DynamicModel, _ s: inout DynamicState, t: Int, rationing: RationingRule, columns: WoodburyColumns) throws -> PeriodRecord {
        let n = m.n
        let yf = m.timeline.yearFraction(t)
        let c = m.dynamicCase

        // Planned final demand: base, catch-up of the durable backlog (at most α_max·f⁰ and the backlog
        // itself), and last period's restock orders for input inventories.
        var fPlan = m.f0
        for j in 0..<n where s.backlog[j] > 0 {
            fPlan[j] += min(s.backlog[j] * 365 / c.backlogDays, c.maxExtra * m.f0[j], s.backlog[j] / yf)
        }
        var restock = [Double](repeating: 0, count: n)
        for p in m.pairSupplier.indices where s.restockOrders[p] > 0 { restock[m.pairSupplier[p]] += s.restockOrders[p] }
        for i in 0..<n { fPlan[i] += restock[i] }
        let unchanged = zip(fPlan, m.f0).allSatisfy { $0 == $1 }
        let xPlan = unchanged ? m.x0 : try m.model.factorization.solve(fPlan)

        // Materials: availability per user and the capacity factor min_g (1 − e + e·a).
        let g = m.materialCount
        var factor = [Double](repeating: 1, count: n)
        var bindingMaterial = [Int](repeating: -1, count: n)
        var rec = (supply: [Double](repeating: 0, count: g), delivered: [Double](repeating: 0, count: g),
                   used: [Double](repeating: 0, count: g), stock: [Double](repeating: 0, count: g),
                   unused: [Double](repeating: 0, count: g), released: [Double](repeating: 0, count: g),
                   before: [Double](repeating: 0, count: g))
        var availability = [[Double]](repeating: [], count: g)
        for k in m.materialOrder {
            var adjustment = 0.0
            for cv in m.conversions[k] {
                // The origin's output runs at the worst of 1 − share·(1 − availability) over its inputs.
                let worst = zip(cv.inputs, cv.dependentShares).map { (k, d) in
                    availability[k].isEmpty ? 1 : 1 - d * (1 - availability[k][cv.sector])
                }.min() ?? 1
                adjustment += cv.share * (worst - 1)
            }
            let o = MaterialStep.run(m, &s, g: k, t: t, xPlan: xPlan, shareAdjustment: adjustment)
            availability[k] = o.availability
            rec.supply[k] = o.supply; rec.delivered[k] = o.delivered; rec.used[k] = o.used
            rec.stock[k] = o.stockAfter; rec.unused[k] = o.unused; rec.released[k] = o.released; rec.before[k] = o.stockBefore
            let e = m.essentiality[k]
            for j in 0..<n where e[j] > 0 && o.availability[j] < 1 {
                let f = 1 - e[j] + e[j] * o.availability[j]
                if f < factor[j] { factor[j] = f; bindingMaterial[j] = k }
            }
        }
        let r = try ProductionStep.run(m, &s, t: t, xPlan: xPlan, fPlan: fPlan, restockBySupplier: restock,
                                       materialFactor: factor, materialBinding: bindingMaterial, rationing: rationing, columns: columns)
        return PeriodRecord(output: r.output, capacity: r.capacity, finalDelivered: r.finalDelivered, binding: r.binding,
                            supply: rec.supply, delivered: rec.delivered, used: rec.used, userStock: rec.stock,
                            nationalStock: s.nationalStock, unused: rec.unused, released: rec.released,
                            userStockBefore: rec.before, iterations: r.iterations)
    }
}
