import Foundation

/// What `ioimpact run` prints for a time-stepped case: the headline, the yearly losses, the monthly
/// path with the bracket, the sectors, the bottleneck path. Pure: no I/O, no clock.
public enum DynamicViews {
    static func monthLabel(_ m: DynamicOutcome.Month) -> String { String(format: "%04d-%02d", m.year, m.month) }

    /// The date a period starts, for messages ("week 8, from 2025-05-30").
    public static func periodLabel(_ r: DynamicRun, _ t: Int) -> String {
        let tl = r.model.timeline
        let unit = tl.stepDays == 7 ? "week" : (tl.stepDays == 1 ? "day" : "period")
        return "\(unit) \(t + 1) (from \(tl.start.adding(days: tl.startDay(t))))"
    }

    static func bindingText(_ r: DynamicRun, _ b: Binding) -> String {
        let t = r.model.model.table
        switch b {
        case .none: return "none"
        case .demand: return "lost orders"
        case .material(let g): return "material \(r.model.materials[g].id)"
        case .input(let i): return "input \(t.codes[i]) \(t.sectors[i].name)"
        }
    }

    /// A range over the rule combinations: "0.93–2.83", or "-0.077 to -0.036" when it reaches below zero.
    static func rangeText(_ r: ClosedRange<Double>, _ decimals: Int) -> String {
        let lo = NumberFormat.fixed(r.lowerBound, decimals), hi = NumberFormat.fixed(r.upperBound, decimals)
        return r.lowerBound < 0 ? "\(lo) to \(hi)" : "\(lo)–\(hi)"
    }

    /// The headline in one line: the gross loss over the first twelve months and over the whole horizon,
    /// each with its own range over the rule combinations, and the rebound beside it (never netted).
    public static func headline(_ r: DynamicRun) -> String {
        let unit = r.model.model.table.metadata.unit
        let o = r.main
        let period = Lead.period(o)
        var s = "GDP loss over \(period), gross, "
        s += "\(NumberFormat.fixed(o.gdpLossFirst12GrossPercent, 2))% of one year's GDP "
        s += "(\(NumberFormat.grouped(o.gdpLossFirst12Gross)) \(unit); "
        s += "range over allocation/rationing rules \(rangeText(r.first12Range, 2))%); "
        s += "rebound inside them (catch-up above base) \(NumberFormat.fixed(o.reboundFirst12Percent, 2))%"
        s += "; over the whole horizon, gross \(NumberFormat.fixed(o.gdpLossGrossPercent, 2))% "
        s += "(\(NumberFormat.grouped(o.gdpLossGross)) \(unit); "
        s += "range over rules \(rangeText(r.totalRange, 2))%), rebound \(NumberFormat.fixed(o.reboundPercent, 2))%"
        // Gross, as the lead line above it: the same phrase never gives two figures.
        if let j12 = o.jobYearsFirst12Gross, let j = o.jobYears {
            s += "; labour input lost \(NumberFormat.grouped(j12)) job-years over \(period), gross, "
            s += "\(NumberFormat.grouped(j)) over the whole horizon less the catch-up"
        }
        if let p = o.personsIdleAtWorstMonth { s += "; \(NumberFormat.grouped(p)) persons idle at the worst month (η = \(NumberFormat.significant(o.elasticity, 3)))" }
        if let h = headcountPhrase(o, period: period) { s += h }
        return s
    }

    /// Days to one decimal; "less than 0.05" below that.
    static func daysText(_ d: Double) -> String { d < 0.05 ? "less than 0.05" : NumberFormat.fixed(d, 1) }

    /// The durable-goods backlog left at the end of the horizon, in one sentence (nil without a backlog).
    public static func backlogLine(_ r: DynamicRun) -> String? {
        guard r.model.dynamicCase.backlogEnabled, let days = r.main.backlogAtEndDays, let last = r.main.months.last else { return nil }
        let unit = r.model.model.table.metadata.unit
        var s = "Backlog of durable-goods orders still outstanding at the end of the horizon (\(monthLabel(last))): "
        s += "\(NumberFormat.grouped(r.main.backlogAtEnd)) \(unit), "
        s += "\(DynamicViews.daysText(days)) days of base durable final demand; "
        s += "its catch-up falls after the horizon and is not in the whole-horizon rebound"
        if let clear = r.main.backlogClearsInDays, r.main.backlogAtEnd > 0 {
            s += "; at the fastest catch-up (α_max = \(NumberFormat.significant(r.model.dynamicCase.maxExtra, 3))"
            s += " above base) it would clear in about \(NumberFormat.fixed(clear, 0)) more days"
        }
        return s
    }

    public static func yearsTable(_ r: DynamicRun) -> TextTable {
        let unit = r.model.model.table.metadata.unit
        let rows = r.main.years.enumerated().map { (k, y) -> [String] in
            [String(y.year), String(y.days), NumberFormat.fixed(y.gdpLossPercent, 3), NumberFormat.grouped(y.gdpLoss),
             rangeText(r.yearRange(k), 3), y.jobYears.map { NumberFormat.grouped($0) } ?? "–"]
        }
        return TextTable(header: ["year", "days", "GDP loss % of year", "GDP loss (\(unit))", "range over allocation/rationing rules, this year %", "job-years lost in the year"],
                         rows: rows, rightAligned: [1, 2, 3, 4, 5])
    }

    public static func monthsTable(_ r: DynamicRun) -> TextTable {
        let rows = r.main.months.enumerated().map { (k, m) -> [String] in
            let values = r.bracket.map { $0.months[k].valueAddedLossPercent }
            return [monthLabel(m), NumberFormat.fixed(m.valueAddedLossPercent, 3),
                    NumberFormat.fixed(values.min()!, 3), NumberFormat.fixed(values.max()!, 3),
                    m.personsEquivalent.map { NumberFormat.grouped($0) } ?? "–"]
        }
        return TextTable(header: ["month", "GDP loss % of month", "lowest over rules %", "highest over rules %", "labour input lost (full-time person-equivalents: job-years in the month × 365/days)"],
                         rows: rows, rightAligned: [1, 2, 3, 4])
    }

    /// Indices of the sectors that lost value added over the whole horizon (net of catch-up), largest first.
    public static func topSectors(_ r: DynamicRun) -> [Int] {
        let v = r.main.valueAddedLossBySector
        return v.indices.filter { abs(v[$0]) > 0 }.sorted { v[$0] != v[$1] ? v[$0] > v[$1] : $0 < $1 }
    }

    /// Sectors with the largest value-added loss over the whole horizon, net of catch-up.
    public static func sectorsTable(_ r: DynamicRun, top: Int = 15) -> TextTable {
        let t = r.model.model.table
        let o = r.main
        let order = topSectors(r)
        let years = Double(r.model.timeline.horizonDays) / 365
        let rows = order.prefix(top).map { j -> [String] in
            let firstBinding = r.main.bottlenecks.first { $0.sector == j }.map { bindingText(r, $0.binding) } ?? "lost orders"
            return [t.codes[j], t.sectors[j].name,
                    NumberFormat.fixed(pct(o.outputLossBySector[j], t.grossOutput[j] * years), 2),
                    NumberFormat.grouped(o.valueAddedLossBySector[j]),
                    o.labourLossBySector.map { NumberFormat.grouped($0[j]) } ?? "–",
                    labourIntensity(r, j), o.headcount.map { NumberFormat.grouped($0.first12BySector[j]) } ?? "–",
                    o.firstShort[j].map { String($0 + 1) } ?? "–",
                    o.recovered[j].map { String($0 + 1) } ?? (o.firstShort[j] == nil ? "–" : "not within horizon"),
                    firstBinding]
        }
        let table = TextTable(header: ["code", "sector", "output loss % of horizon, net of catch-up", "VA loss, whole horizon net of catch-up (\(t.metadata.unit))", "job-years lost, whole horizon net of catch-up",
                                       "persons engaged per 1,000 \(t.metadata.unit) of value added",
                                       "persons below base, person-years over the \(Lead.shortPeriod(o))",
                                       "first short", "recovered", "binding"],
                              rows: rows, rightAligned: [2, 3, 4, 5, 6, 7])
        return SectorNames.addLocalColumn(table, after: 1, t, indices: Array(order.prefix(top)))
    }

    /// Labour intensity of sector j: persons engaged per 1,000 units of the table's money of value added.
    static func labourIntensity(_ r: DynamicRun, _ j: Int) -> String {
        let m = r.model
        guard let l = m.labourCoefficients else { return "–" }
        let va = m.valueAddedCoefficients[j] * m.x0[j]
        return va > 0 ? NumberFormat.significant(l[j] * m.x0[j] / va * 1000, 3) : "–"
    }

    /// The annual-average change in persons employed over the first twelve months, in one phrase.
    static func headcountPhrase(_ o: DynamicOutcome, period: String) -> String? {
        guard let h = o.headcount else { return nil }
        var s = "; persons employed \(NumberFormat.grouped(h.first12)) below base on average over \(period) "
        s += "(partial adjustment: firing τ_F = \(NumberFormat.fixed(h.firingDays, 0)) days, "
        s += "hiring τ_H = \(NumberFormat.fixed(h.hiringDays, 0)) days)"
        return s
    }

    /// Losses by country on a world table, the largest share of GDP first.
    public static func regionsTable(_ r: DynamicRun, top: Int? = nil) -> TextTable {
        let t = r.model.model.table
        let losses = r.main.regionLosses(r.model).sorted {
            $0.gdpLossFirst12Percent != $1.gdpLossFirst12Percent ? $0.gdpLossFirst12Percent > $1.gdpLossFirst12Percent : $0.region < $1.region
        }
        let data = materialData(r.model)
        let rows = losses.prefix(top ?? losses.count).map { l -> [String] in
            [l.region, l.cutDirectly ? "cut" : "spill-over", data[l.region] ?? "none", NumberFormat.grouped(l.gdpBase),
             NumberFormat.grouped(l.gdpLossFirst12),
             NumberFormat.fixed(l.gdpLossFirst12Percent, 3), l.jobYearsFirst12.map { NumberFormat.grouped($0) } ?? "–",
             NumberFormat.grouped(l.gdpLossTotal), l.jobYears.map { NumberFormat.grouped($0) } ?? "–",
             l.topSectors.map { "\(t.codes[$0]) \(t.sectors[$0].name)" }.joined(separator: "; ")]
        }
        return TextTable(header: ["region", "reached by", "material data", "GDP base (\(t.metadata.unit)/yr)",
                                  "loss first 12 months (\(t.metadata.unit))", "% of GDP, first 12 months",
                                  "job-years lost, first 12 months",
                                  "loss, whole horizon net of catch-up (\(t.metadata.unit))", "job-years lost, whole horizon net of catch-up", "sectors hit hardest (whole horizon)"],
                         rows: rows, rightAligned: [3, 4, 5, 6, 7, 8])
    }

    /// Whose figures each region's satellite rows carry, from the rows' reasons: "transplanted" when every
    /// row is (TRANSPLANTED: another's means), "own totals" when some carry the region's own published
    /// totals (OWN TOTAL), "own" otherwise.
    static func materialData(_ m: DynamicModel) -> [String: String] {
        let t = m.model.table
        var kinds: [String: Set<String>] = [:]
        for u in m.satellite.uses where u.tonnesPerYear > 0 {
            guard let j = t.index(of: u.sector), let r = t.sectors[j].region else { continue }
            let kind = u.reason.hasPrefix("TRANSPLANTED") ? "transplanted"
                : u.reason.hasPrefix("OWN TOTAL") ? "own totals" : "own"
            kinds[r, default: []].insert(kind)
        }
        return kinds.mapValues { k in
            if k == ["transplanted"] { return "transplanted" }
            if k == ["own totals"] { return "own totals, transplanted split and ratings" }
            return k.contains("own totals") ? "own totals for some materials, the rest transplanted" : "own"
        }
    }

    public static func materialsTable(_ r: DynamicRun) -> TextTable {
        let rows = r.model.materials.enumerated().map { (g, mat) -> [String] in
            let recs = r.path.periods
            let supply = recs.map { $0.supply[g] }.reduce(0, +)
            let used = recs.map { $0.used[g] }.reduce(0, +)
            let minStockDays = recs.map { $0.userStock[g] }.min() ?? 0
            let base = r.model.tonnesTotal[g] * Double(r.model.timeline.horizonDays) / 365
            return [mat.id, mat.group, NumberFormat.grouped(r.model.tonnesTotal[g]), NumberFormat.grouped(base), NumberFormat.grouped(supply),
                    NumberFormat.grouped(used), NumberFormat.fixed(r.model.stockDays[g], 0),
                    NumberFormat.fixed(r.model.tonnesTotal[g] > 0 ? minStockDays / r.model.tonnesTotal[g] * 365 : 0, 1)]
        }
        return TextTable(header: ["material", "group", "t/yr base", "base t over horizon", "supplied t", "used t", "stock days", "lowest stock days"],
                         rows: rows, rightAligned: [2, 3, 4, 5, 6, 7])
    }

    /// The bottleneck path in words: which sector was first held down, by what, and for how long.
    public static func bottleneckLines(_ r: DynamicRun, limit: Int = 12) -> [String] {
        let t = r.model.model.table
        return r.main.bottlenecks.prefix(limit).map { b in
            let weeks = b.lastWeek - b.firstWeek + 1
            return "\(periodLabel(r, b.firstWeek)): \(SectorNames.withCode(t, b.sector)) held down by \(bindingText(r, b.binding)) for \(weeks) period(s)"
        }
    }

    public static func render(_ r: DynamicRun, format: OutputFormat) -> String {
        switch format {
        case .json: return json(r).render() + "\n"
        case .csv: return pathCSV(r)
        case .markdown: return DynamicReport.render(r)  // the report itself (Reports/<id>.md), charts linked
        case .text:
            let c = r.model.dynamicCase
            let tl = r.model.timeline
            var s = "\(c.id): \(c.title)\n"
            s += "table \(r.model.model.table.metadata.id), start \(tl.start), \(tl.periods) steps of \(tl.stepDays) day(s), horizon \(tl.horizonMonths) months; allocation \(c.allocation.rawValue), rationing \(c.rationing.rawValue)\n\n"
            s += Lead.block(r).joined(separator: "\n") + "\n\nIn full: " + headline(r) + "\n"
            let peak = r.main.months[r.main.peakMonth]
            s += "Peak month \(monthLabel(peak)): \(NumberFormat.fixed(peak.valueAddedLossPercent, 2))% of that month's GDP"
            if let w = r.main.firstStopWeek { s += "; first supply shortage in \(periodLabel(r, w))" }
            if let b = backlogLine(r) { s += "\n" + b }
            s += "\n\nLoss by calendar year:\n" + yearsTable(r).text()
            s += "\nMonthly path (range over allocation proportional/priority × rationing proportional/industry-first, month by month):\n" + monthsTable(r).text()
            if !r.model.model.table.regions.isEmpty {
                s += "\nLosses by country ('spill-over': no cut of this case reaches the country, its loss comes through trade):\n" + regionsTable(r).text()
            } else {
                s += "\nMaterials:\n" + materialsTable(r).text()
            }
            s += LeverViews.text(r)
            s += "\nSectors hit hardest (over the whole horizon, net of catch-up):\n"
                + (topSectors(r).isEmpty ? "No sector's output falls below base.\n" : sectorsTable(r).text())
            let lines = bottleneckLines(r)
            if !lines.isEmpty { s += "\nBottleneck path:\n" + lines.map { "- " + $0 }.joined(separator: "\n") + "\n" }
            return s
        }
    }

    /// The monthly path by sector as CSV (what `ioimpact run` writes beside the report).
    public static func pathCSV(_ r: DynamicRun) -> String {
        let t = r.model.model.table
        var lines = ["month,sector,output_loss,value_added_loss,labour_input_lost_job_years"]  // money in the table's unit
        for m in r.main.months {
            for j in 0..<t.count {
                // Fixed decimals: the same file on every machine (the last bits of a BLAS sum may differ).
                lines.append([monthLabel(m), TextTable.csvField(t.codes[j]), NumberFormat.fixed(m.outputLoss[j], 3), NumberFormat.fixed(m.valueAddedLoss[j], 3),
                              m.labourLoss.map { NumberFormat.fixed($0[j], 3) } ?? ""].joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public static func json(_ r: DynamicRun) -> JSON {
        let t = r.model.model.table
        func outcome(_ o: DynamicOutcome) -> JSON {
            .object([
                ("allocation", .string(o.allocation.rawValue)), ("rationing", .string(o.rationing.rawValue)),
                ("gdp_loss_total", .number(o.gdpLossTotal)), ("gdp_loss_total_percent_of_year", .number(o.gdpLossTotalPercent)),
                ("gdp_loss_gross", .number(o.gdpLossGross)), ("gdp_loss_gross_percent_of_year", .number(o.gdpLossGrossPercent)),
                ("gdp_loss_first_12_months_gross", .number(o.gdpLossFirst12Gross)),
                ("gdp_loss_first_12_months_gross_percent", .number(o.gdpLossFirst12GrossPercent)),
                ("rebound_first_12_months", .number(o.reboundFirst12)),
                ("rebound_first_12_months_percent", .number(o.reboundFirst12Percent)),
                ("rebound", .number(o.rebound)), ("rebound_percent_of_year", .number(o.reboundPercent)),
                ("gdp_loss_first_12_months", .number(o.gdpLossFirst12)), ("gdp_loss_first_12_months_percent", .number(o.gdpLossFirst12Percent)),
                ("job_years_lost", o.jobYears.map { .number($0) } ?? .null),
                ("job_years_lost_first_12_months", o.jobYearsFirst12.map { .number($0) } ?? .null),
                ("persons_idle_at_worst_month", o.personsIdleAtWorstMonth.map { .number($0) } ?? .null),
                ("headcount_below_base_first_12_months", o.headcount.map { .number($0.first12) } ?? .null),
                ("headcount_hiring_days", o.headcount.map { .number($0.hiringDays) } ?? .null),
                ("headcount_firing_days", o.headcount.map { .number($0.firingDays) } ?? .null),
                ("years", .array(o.years.map { y in .object([("year", .number(Double(y.year))), ("days", .number(Double(y.days))),
                                                             ("gdp_loss", .number(y.gdpLoss)), ("gdp_loss_percent", .number(y.gdpLossPercent)),
                                                             ("job_years_lost", y.jobYears.map { .number($0) } ?? .null)]) })),
                ("months", .array(o.months.map { m in .object([("month", .string(monthLabel(m))), ("gdp_loss", .number(m.valueAddedLossTotal)),
                                                              ("gdp_loss_percent_of_month", .number(m.valueAddedLossPercent)),
                                                              ("labour_input_lost_persons", m.personsEquivalent.map { .number($0) } ?? .null)]) })),
                ("peak_month", .string(monthLabel(o.months[o.peakMonth]))),
                ("first_stop_period", o.firstStopWeek.map { .number(Double($0 + 1)) } ?? .null),
                ("backlog_at_end", .number(o.backlogAtEnd)), ("backlog_at_end_days", o.backlogAtEndDays.map { .number($0) } ?? .null),
                ("backlog_clears_in_days", o.backlogClearsInDays.map { .number($0) } ?? .null),
            ])
        }
        let spells: [JSON] = r.main.bottlenecks.map { b in
            var kind = "demand", what = "", whatName = ""
            switch b.binding {
            case .material(let g): kind = "material"; what = r.model.materials[g].id; whatName = r.model.materials[g].name
            case .input(let i): kind = "input"; what = t.codes[i]; whatName = t.sectors[i].name
            default: break
            }
            return .object([("sector", .string(t.codes[b.sector])), ("name", .string(t.sectors[b.sector].name)),
                            ("name_local", SectorNames.local(t.sectors[b.sector]).map(JSON.string) ?? .null),
                            ("first_period", .number(Double(b.firstWeek + 1))),
                            ("last_period", .number(Double(b.lastWeek + 1))), ("binding", .string(kind)), ("binding_id", .string(what)),
                            ("binding_name", .string(whatName))])
        }
        let c = r.model.dynamicCase
        return .object([
            ("schema", .string("ioimpact-run-dynamic/2")), ("case", .string(c.id)), ("title", .string(c.title)),
            ("table", .string(t.metadata.id)), ("unit", .string(t.metadata.unit)), ("start", .string(r.model.timeline.start.description)),
            ("step_days", .number(Double(r.model.timeline.stepDays))), ("periods", .number(Double(r.model.timeline.periods))),
            ("gdp_base", .number(r.main.gdpBase)),
            ("main", outcome(r.main)),
            ("bracket", .object([("low_percent", .number(r.totalRange.lowerBound)), ("high_percent", .number(r.totalRange.upperBound)),
                                 ("first_12_months_low_percent", .number(r.first12Range.lowerBound)),
                                 ("first_12_months_high_percent", .number(r.first12Range.upperBound))])),
            ("rules", .array(r.bracket.map(outcome))),
            ("bottlenecks", .array(spells)),
            ("essential_inputs", .object([("listed", .number(Double(r.model.listedPairCount))), ("pairs", .number(Double(r.model.pairSupplier.count))),
                                          ("dropped", .array(r.model.droppedPairs.map { p in
                                              .object([("supplier", .string(t.codes[p.supplier])), ("buyer", .string(t.codes[p.buyer])), ("reason", .string(p.reason))])
                                          }))])),
            ("levers", LeverViews.json(r)),
            ("regions", .array(r.main.regionLosses(r.model).map { l in
                .object([("region", .string(l.region)), ("cut_directly", .bool(l.cutDirectly)), ("gdp_base", .number(l.gdpBase)),
                         ("gdp_loss_first_12_months", .number(l.gdpLossFirst12)), ("gdp_loss_first_12_months_percent", .number(l.gdpLossFirst12Percent)),
                         ("gdp_loss_total", .number(l.gdpLossTotal)), ("job_years_lost", l.jobYears.map { .number($0) } ?? .null),
                         ("job_years_lost_first_12_months", l.jobYearsFirst12.map { .number($0) } ?? .null),
                         ("top_sectors", .array(l.topSectors.map { .string(t.codes[$0]) }))])
            })),
        ])
    }
}
