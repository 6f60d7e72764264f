import Foundation

/// The policy frontier: a lever swept over a range, the loss it avoids against what it costs.
///
/// The case is resolved once (table, satellite, the order network and its LU); every point is a copy
/// of that model with the lever changed, so the runs share the factorisation. The runs go in parallel
/// over the machine's cores with BLAS pinned to one thread per run, and each result lands in its own
/// slot: the output does not depend on thread timing.
public enum Frontier {
    /// Loads the costs for the case's table and sweeps. The server and the command call this.
    /// `isCancelled` is asked before each point starts; once it says yes, the sweep throws
    /// `CancellationError` when the points already running end (nothing is written anywhere).
    public static func sweep(_ c: DynamicCase, spec: FrontierSpec,
                             isCancelled: @escaping @Sendable () -> Bool = { false }) throws -> FrontierResult {
        let model = try DynamicModel.resolve(c)
        let costs = try LeverCosts.load(table: model.model.table.metadata.id, case: c)
        return try sweep(model, spec: spec, costs: costs, isCancelled: isCancelled)
    }

    public static func sweep(_ model: DynamicModel, spec: FrontierSpec, costs: LeverCosts,
                             isCancelled: @escaping @Sendable () -> Bool = { false }) throws -> FrontierResult {
        let meta = model.model.table.metadata
        guard costs.finance.currency == meta.currency else {
            throw InputError(file: "Tables/materials/lever-finance.csv", field: "column currency",
                             "table \(meta.id) is in \(meta.currency), the row says \(costs.finance.currency)")
        }
        let targets = try model.leverTargets(spec, costs: costs)
        var values = spec.range.values
        if values.first != 0 { values.insert(0, at: 0) }
        let outcomes = try runAll(values.map { model.applying(spec, targets, value: $0) }, isCancelled: isCancelled)
        var points: [FrontierPoint] = []
        for (v, o) in zip(values, outcomes) {
            let tonnes = model.leverTonnes(spec.lever, targets, value: v)
            let cost = try FrontierCost.cost(spec.lever, tonnes: tonnes, costs: costs)
            points.append(FrontierPoint.make(lever: v, outcome: o, base: outcomes[0], tonnes: tonnes,
                                             cost: cost, finance: costs.finance, previous: points.last))
        }
        let c = model.dynamicCase
        return FrontierResult(caseID: c.id, caseTitle: c.title, table: meta.id, tableUnit: meta.unit,
                              tableYear: meta.year, spec: spec, materials: targets.materials,
                              regions: targets.regions, start: c.start.description, horizonMonths: c.horizonMonths,
                              rules: "allocation \(model.allocation.rawValue), rationing \(model.rationing.rawValue)",
                              costs: costs, points: points)
    }

    /// One run of the case's own rules per model, on every core; results in the order of `models`.
    public static func runAll(_ models: [DynamicModel],
                              isCancelled: @escaping @Sendable () -> Bool = { false }) throws -> [DynamicOutcome] {
        let slots = Slots(count: models.count)
        BLASRuntime.pinnedToOneThread {
            DispatchQueue.concurrentPerform(iterations: models.count) { i in
                slots.set(i, Result {
                    if isCancelled() { throw CancellationError() }
                    return DynamicOutcome(model: models[i], path: try Simulation.run(models[i]))
                })
            }
        }
        return try slots.items.map { try $0!.get() }
    }

    /// One slot per run, written once each from the worker threads.
    final class Slots: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var items: [Result<DynamicOutcome, any Error>?]
        init(count: Int) { items = Array(repeating: nil, count: count) }
        func set(_ i: Int, _ r: Result<DynamicOutcome, any Error>) { lock.lock(); items[i] = r; lock.unlock() }
    }
}

extension FrontierPoint {
    static func make(lever: Double, outcome o: DynamicOutcome, base: DynamicOutcome, tonnes: [String: Double],
                     cost: Double, finance f: LeverFinance, previous: FrontierPoint?) -> FrontierPoint {
        let avoidedTotalPercent = base.gdpLossGrossPercent - o.gdpLossGrossPercent
        let costPercent = 100 * cost / f.gdpNominal
        var p = FrontierPoint(
            lever: lever, tonnes: tonnes.keys.sorted().map { tonnes[$0]! }.reduce(0, +),
            lossFirst12: o.gdpLossFirst12Gross, lossFirst12Percent: o.gdpLossFirst12GrossPercent,
            lossTotal: o.gdpLossGross, lossTotalPercent: o.gdpLossGrossPercent,
            jobYearsFirst12: o.jobYearsFirst12Gross,
            avoidedFirst12Percent: base.gdpLossFirst12GrossPercent - o.gdpLossFirst12GrossPercent,
            avoidedTotalPercent: avoidedTotalPercent, avoidedTotal: avoidedTotalPercent / 100 * f.gdpNominal,
            cost: cost, costPercent: costPercent, ratio: nil, marginalRatio: nil)
        if cost > 0 { p.ratio = p.avoidedTotal / cost }
        if let q = previous, cost > q.cost { p.marginalRatio = (p.avoidedTotal - q.avoidedTotal) / (cost - q.cost) }
        return p
    }
}

/// The cost model (docs/METHOD.md, "What a lever costs"), in units of the table's currency.
public enum FrontierCost {
    /// A stockpile or users' stock: tonnes × price × (carrying share + interest rate) × years held.
    /// Allied supply: tonnes a year × premium × years.
    public static func cost(_ lever: LeverKind, tonnes: [String: Double], costs: LeverCosts) throws -> Double {
        let f = costs.finance
        var total = 0.0
        for m in tonnes.keys.sorted() {
            guard let c = costs.cost(of: m) else {
                throw InputError(file: "Tables/materials/lever-costs.csv", field: "column material",
                                 "no row for '\(m)'")
            }
            let rate = try f.rate(from: c.currency, file: "Tables/materials/lever-costs.csv")
            let t = tonnes[m]!
            switch lever {
            case .stockpile, .stockDays: total += t * c.price * rate * (c.carryingShare + f.interestRate) * f.yearsHeld
            case .allied: total += t * c.alliedPremium * rate * f.yearsHeld
            }
        }
        return total
    }
}
