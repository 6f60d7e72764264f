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
    public static func run(_ m: DynamicModel, allocation: AllocationRule? = nil,
                           rationing: RationingRule? = nil) throws -> Path {
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

    /// One period of the order–delivery loop (DYNAMICS.md, last section): every decision from the state
    /// at the end of the last period, then one production and one delivery; no fixed point.
    static func step(_ m: DynamicModel, _ s: inout DynamicState, t: Int, rationing: RationingRule,
                     columns: WoodburyColumns) throws -> PeriodRecord {
        let yf = m.timeline.yearFraction(t)
        let (f, catchUp) = RecoveryStep.finalDemand(m, s, yearFraction: yf)
        let orders = try OrderStep.place(m, s, finalDemand: f, catchUp: catchUp, period: t, yearFraction: yf)
        let basis = CapacityStep.expectedOutput(m, s, orders, yearFraction: yf)
        var rec = MaterialRecord(count: m.materialCount)
        let availability = materials(m, &s, t: t, basis: basis, into: &rec)
        let (factor, material) = CapacityStep.materialFactor(m, availability: availability)
        let cap = CapacityStep.capacity(m, s, orders, basis: basis, factor: factor, material: material,
                                        rationing: rationing, yearFraction: yf)
        let (x, ax) = try ProductionStep.produce(m, orders, cap, columns: columns)
        let d = ProductionStep.deliver(m, orders, x: x, ax: ax, rationing: rationing)
        let overdraft = ProductionStep.restock(m, &s, orders, d, yearFraction: yf)
        RecoveryStep.updateBacklog(m, &s, d, yearFraction: yf)
        var binding = [Binding](repeating: .none, count: m.n)
        var capacity = cap.caps
        for j in 0..<m.n {
            s.supplyBound[j] = cap.caps[j] < orders.planned[j] * (1 - 1e-9)
            if !capacity[j].isFinite { capacity[j] = max(x[j], orders.planned[j]) }
            guard x[j] < m.x0[j] * (1 - 1e-9) else { continue }
            if cap.caps[j].isFinite && x[j] >= cap.caps[j] * (1 - 1e-9) {
                binding[j] = cap.pair[j] >= 0 ? .input(m.pairSupplier[cap.pair[j]]) : .material(max(0, cap.material[j]))
            } else {
                binding[j] = .demand
            }
        }
        return PeriodRecord(output: x, capacity: capacity, finalDelivered: d.finalDelivered,
                            productDelivered: d.productDelivered, catchUp: catchUp, binding: binding,
                            supply: rec.supply, delivered: rec.delivered, used: rec.used,
                            userStock: rec.stock, nationalStock: s.nationalStock, unused: rec.unused,
                            released: rec.released,
                            userStockBefore: rec.before, iterations: cap.sweeps, stockOverdraft: overdraft,
                            capacitySettled: cap.settled)
    }

    /// Per material, the period's figures for the record.
    struct MaterialRecord {
        var supply, delivered, used, stock, unused, released, before: [Double]
        init(count g: Int) {
            supply = [Double](repeating: 0, count: g)
            (delivered, used, stock, unused, released, before) = (supply, supply, supply, supply, supply, supply)
        }
    }

    /// Steps 1–4 of DYNAMICS.md for every material, inputs of a conversion first; returns a_gj.
    static func materials(_ m: DynamicModel, _ s: inout DynamicState, t: Int, basis: [Double],
                          into rec: inout MaterialRecord) -> [[Double]] {
        var availability = [[Double]](repeating: [], count: m.materialCount)
        for k in m.materialOrder {
            var adjustment = 0.0
            for cv in m.conversions[k] {
                // The origin's output runs at the worst of 1 − share·(1 − availability) over its inputs.
                let worst = zip(cv.inputs, cv.dependentShares).map { (k, d) in
                    availability[k].isEmpty ? 1 : 1 - d * (1 - availability[k][cv.sector])
                }.min() ?? 1
                adjustment += cv.share * (worst - 1)
            }
            let o = MaterialStep.run(m, &s, g: k, t: t, xPlan: basis, shareAdjustment: adjustment)
            availability[k] = o.availability
            rec.supply[k] = o.supply; rec.delivered[k] = o.delivered; rec.used[k] = o.used
            rec.stock[k] = o.stockAfter; rec.unused[k] = o.unused; rec.released[k] = o.released
            rec.before[k] = o.stockBefore
        }
        return availability
    }
}
