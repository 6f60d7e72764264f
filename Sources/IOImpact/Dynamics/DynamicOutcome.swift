import Foundation

/// What a path means: losses per month and calendar year, the peak month, when each sector first
/// falls short and recovers, and the bottleneck path. Losses are positive numbers; units are named.
public struct DynamicOutcome: Sendable {
    public struct Month: Sendable {
        public var year: Int
        public var month: Int
        public var days: Int
        /// Output, value added and labour input lost in the month, by sector (money; money; job-years).
        public var outputLoss: [Double]
        public var valueAddedLoss: [Double]
        public var labourLoss: [Double]?
        /// Base value added of the month (the table's annual GDP × days/365).
        public var baseValueAdded: Double
        /// Value added lost where sectors ran below base (gross), and made above base while catching up
        /// (rebound), money; `valueAddedLossTotal` is gross − rebound.
        public var grossLoss: Double = 0
        public var rebound: Double = 0
        /// The gross loss by sector (each sector-period below base) and the gross labour input lost (job-years).
        public var grossLossBySector: [Double] = []
        public var grossLabourLoss: Double = 0
        public var valueAddedLossTotal: Double { valueAddedLoss.reduce(0, +) }
        public var valueAddedLossPercent: Double { baseValueAdded > 0 ? 100 * valueAddedLossTotal / baseValueAdded : 0 }
        /// Labour input lost as persons over the month: job-years × 365 / days.
        public var personsEquivalent: Double? { labourLoss.map { $0.reduce(0, +) * 365 / Double(days) } }
    }

    public struct Year: Sendable {
        public var year: Int
        public var days: Int
        public var gdpLoss: Double
        /// Loss as % of a full year's GDP base.
        public var gdpLossPercent: Double
        public var jobYears: Double?
    }

    /// A run of consecutive periods in which a sector's output was held down by the same supply constraint.
    public struct BottleneckSpell: Sendable, Equatable {
        public var sector: Int
        public var firstWeek: Int
        public var lastWeek: Int
        public var binding: Binding
    }

    public var allocation: AllocationRule
    public var rationing: RationingRule
    public var months: [Month]
    public var years: [Year]
    public var gdpBase: Double
    /// Value added lost over the horizon, net of catch-up output above base (money), and as % of one year's GDP.
    public var gdpLossTotal: Double
    public var gdpLossTotalPercent: Double
    /// Job-years of labour input lost over the horizon, net of catch-up (nil without employment data).
    public var jobYears: Double?
    /// Persons idle at the worst month: η × labour input lost that month (persons).
    public var personsIdleAtWorstMonth: Double?
    public var elasticity: Double
    /// Persons employed by the partial-adjustment rule (Headcount.swift; nil without employment data).
    public var headcount: Headcount?
    public var peakMonth: Int
    /// Per sector: the first period (0-based week index for weekly steps) with a supply constraint, and
    /// the first later period with none and output back within 0.1% of base.
    public var firstShort: [Int?]
    public var recovered: [Int?]
    public var bottlenecks: [BottleneckSpell]
    /// Output loss by sector over the horizon (money) and value-added loss.
    public var outputLossBySector: [Double]
    public var valueAddedLossBySector: [Double]
    public var labourLossBySector: [Double]?
    /// Unmet final demand for durable goods still outstanding at the end of the horizon (money), and
    /// in days of base durable final demand (nil when no durable good has final demand).
    public var backlogAtEnd: Double
    public var backlogAtEndDays: Double?
    /// Days the backlog left at the end would take to clear at the fastest catch-up (nil when α_max = 0).
    public var backlogClearsInDays: Double?

    public init(model m: DynamicModel, path: Simulation.Path) {
        let tl = m.timeline
        let n = m.n
        let cv = m.valueAddedCoefficients
        let cl = m.labourCoefficients
        let calendar = tl.months
        let baseVA = m.gdpBase
        var months = calendar.map { ym in
            Month(year: ym.year, month: ym.month, days: 0, outputLoss: [Double](repeating: 0, count: n),
                  valueAddedLoss: [Double](repeating: 0, count: n), labourLoss: cl.map { _ in [Double](repeating: 0, count: n) },
                  baseValueAdded: 0, grossLossBySector: [Double](repeating: 0, count: n))
        }
        var outTot = [Double](repeating: 0, count: n), vaTot = outTot
        var labTot: [Double]? = cl.map { _ in [Double](repeating: 0, count: n) }
        for (t, rec) in path.periods.enumerated() {
            for (k, days) in tl.monthDays(t) {
                let yf = Double(days) / 365
                months[k].days += days
                months[k].baseValueAdded += baseVA * yf
                for j in 0..<n {
                    // Output within 1e-10 of base is at base: the rounding of the period's fixed point
                    // (the engine itself counts a sector below base only 1e-9 under it). Without this, a case
                    // that loses nothing listed sectors "losing" 1e-15 of GDP in its charts and tables.
                    let gap = m.x0[j] - rec.output[j]
                    if abs(gap) <= 1e-10 * m.x0[j] { continue }
                    let dx = gap * yf
                    months[k].outputLoss[j] += dx
                    months[k].valueAddedLoss[j] += cv[j] * dx
                    if dx > 0 {
                        months[k].grossLoss += cv[j] * dx
                        months[k].grossLossBySector[j] += cv[j] * dx
                        if let cl { months[k].grossLabourLoss += cl[j] * dx }
                    } else {
                        months[k].rebound -= cv[j] * dx
                    }
                    outTot[j] += dx
                    vaTot[j] += cv[j] * dx
                    if let cl {
                        months[k].labourLoss![j] += cl[j] * dx
                        labTot![j] += cl[j] * dx
                    }
                }
            }
        }
        self.months = months
        var years: [Year] = []
        for mo in months {
            if years.last?.year != mo.year {
                years.append(Year(year: mo.year, days: 0, gdpLoss: 0, gdpLossPercent: 0, jobYears: cl == nil ? nil : 0))
            }
            years[years.count - 1].days += mo.days
            years[years.count - 1].gdpLoss += mo.valueAddedLossTotal
            if let l = mo.labourLoss { years[years.count - 1].jobYears! += l.reduce(0, +) }
        }
        for k in years.indices { years[k].gdpLossPercent = 100 * years[k].gdpLoss / baseVA }
        self.years = years
        allocation = path.allocation
        rationing = path.rationing
        gdpBase = baseVA
        gdpLossTotal = vaTot.reduce(0, +)
        gdpLossTotalPercent = 100 * gdpLossTotal / baseVA
        jobYears = labTot.map { $0.reduce(0, +) }
        elasticity = m.dynamicCase.employmentElasticity
        headcount = Headcount(model: m, path: path)
        let worst = months.indices.max { months[$0].valueAddedLossPercent < months[$1].valueAddedLossPercent } ?? 0
        peakMonth = worst
        let worstLabour = months.compactMap(\.personsEquivalent).max()
        personsIdleAtWorstMonth = worstLabour.map { m.dynamicCase.employmentElasticity * max(0, $0) }
        outputLossBySector = outTot
        valueAddedLossBySector = vaTot
        labourLossBySector = labTot
        backlogAtEnd = path.finalState.backlog.reduce(0, +)
        let durableDemand = (0..<n).filter { m.durable[$0] }.map { max(0, m.f0[$0]) }.reduce(0, +)
        backlogAtEndDays = durableDemand > 0 ? backlogAtEnd / durableDemand * 365 : nil
        // At the fastest catch-up (α_max above base final demand) the backlog of each durable good needs
        // B_j / (α_max f⁰_j) years; the longest of these, in days.
        let alpha = m.dynamicCase.maxExtra
        backlogClearsInDays = alpha > 0
            ? (0..<n).filter { m.durable[$0] && m.f0[$0] > 0 && path.finalState.backlog[$0] > 0 }
                .map { path.finalState.backlog[$0] / (alpha * m.f0[$0]) * 365 }.max() ?? 0
            : nil

        var first = [Int?](repeating: nil, count: n), back = [Int?](repeating: nil, count: n)
        var spells: [BottleneckSpell] = []
        var open = [Int?](repeating: nil, count: n)
        for (t, rec) in path.periods.enumerated() {
            for j in 0..<n {
                let b = rec.binding[j]
                if b.isSupply {
                    if first[j] == nil { first[j] = t }
                    if let o = open[j], spells[o].binding == b, spells[o].lastWeek == t - 1 {
                        spells[o].lastWeek = t
                    } else {
                        open[j] = spells.count
                        spells.append(BottleneckSpell(sector: j, firstWeek: t, lastWeek: t, binding: b))
                    }
                } else if first[j] != nil, back[j] == nil, rec.output[j] >= m.x0[j] * (1 - 1e-3) {
                    back[j] = t
                }
                if b.isSupply { back[j] = nil }
            }
        }
        firstShort = first
        recovered = back
        bottlenecks = spells.sorted { ($0.firstWeek, $0.sector) < ($1.firstWeek, $1.sector) }
    }

    /// The first period in which any sector was held down by a supply constraint.
    public var firstStopWeek: Int? { firstShort.compactMap { $0 }.min() }

    /// Value added lost over the first twelve calendar months of the path (money) and in % of one year's
    /// GDP: what one-year studies report as the effect on a year's GDP. Gross counts every sector-period
    /// below base; the rebound is value added above base while a backlog is caught up; net = gross − rebound.
    /// Headlines give the gross figure and the rebound beside it, never only their difference.
    public var gdpLossFirst12: Double { months.prefix(12).map(\.valueAddedLossTotal).reduce(0, +) }
    public var gdpLossFirst12Percent: Double { gdpLossFirst12 / gdpBase * 100 }
    public var gdpLossFirst12Gross: Double { months.prefix(12).map(\.grossLoss).reduce(0, +) }
    public var gdpLossFirst12GrossPercent: Double { gdpLossFirst12Gross / gdpBase * 100 }
    public var reboundFirst12: Double { months.prefix(12).map(\.rebound).reduce(0, +) }
    /// Value added lost by sector over the first twelve months, gross (money), in the table's sector order.
    public var grossLossFirst12BySector: [Double] {
        var lost = [Double](repeating: 0, count: months.first?.grossLossBySector.count ?? 0)
        for month in months.prefix(12) {
            for j in lost.indices { lost[j] += month.grossLossBySector[j] }
        }
        return lost
    }
    public var reboundFirst12Percent: Double { reboundFirst12 / gdpBase * 100 }
    /// Job-years of labour input lost over the first twelve months (nil without employment data).
    public var jobYearsFirst12: Double? {
        labourLossBySector == nil ? nil : months.prefix(12).compactMap(\.labourLoss).map { $0.reduce(0, +) }.reduce(0, +)
    }
    /// Job-years lost over the first twelve months, gross: each sector-period below base counts.
    public var jobYearsFirst12Gross: Double? {
        labourLossBySector == nil ? nil : months.prefix(12).map(\.grossLabourLoss).reduce(0, +)
    }
    /// The horizon's gross loss and rebound (money, % of one year's GDP); `gdpLossTotal` is their difference.
    public var gdpLossGross: Double { months.map(\.grossLoss).reduce(0, +) }
    public var gdpLossGrossPercent: Double { gdpLossGross / gdpBase * 100 }
    public var rebound: Double { months.map(\.rebound).reduce(0, +) }
    public var reboundPercent: Double { rebound / gdpBase * 100 }
}
