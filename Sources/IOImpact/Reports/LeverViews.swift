import Foundation

/// What a case's levers save, for `ioimpact run` and the case's report: the loss without the allied
/// supply and stockpiles, the loss with them, and the difference, in total and on a world table by
/// country. Pure: no I/O.
public enum LeverViews {
    /// One sentence: the loss without and with the levers, and what they save, over the first twelve
    /// months and over the whole horizon (gross: sector-weeks below base; the rebound is not netted).
    public static func summary(_ r: DynamicRun) -> String? {
        guard let l = r.levers else { return nil }
        let unit = r.model.model.table.metadata.unit
        let w = l.withoutLevers, o = r.main
        var s = "Without its levers (\(l.levers.joined(separator: "; "))) the same case loses "
        s += "\(NumberFormat.fixed(w.gdpLossFirst12GrossPercent, 2))% of one year's GDP over the first 12 months "
        s += "and \(NumberFormat.fixed(w.gdpLossGrossPercent, 2))% over the whole horizon, gross; "
        s += "with them \(NumberFormat.fixed(o.gdpLossFirst12GrossPercent, 2))% "
        s += "and \(NumberFormat.fixed(o.gdpLossGrossPercent, 2))%: "
        s += "they save \(NumberFormat.fixed(w.gdpLossFirst12GrossPercent - o.gdpLossFirst12GrossPercent, 2)) points "
        s += "(\(NumberFormat.grouped(w.gdpLossFirst12Gross - o.gdpLossFirst12Gross)) \(unit))"
        if let a = w.jobYearsFirst12, let b = o.jobYearsFirst12 { s += " and \(NumberFormat.grouped(a - b)) job-years of labour input" }
        s += " in the first 12 months, \(NumberFormat.fixed(l.gdpSavedPercent(o), 2)) points (\(NumberFormat.grouped(l.gdpSaved(o))) \(unit))"
        if let j = l.jobYearsSaved(o) { s += " and \(NumberFormat.grouped(j)) job-years" }
        s += " over the whole horizon, gross"
        return s + " (rules: allocation \(o.allocation.rawValue), rationing \(o.rationing.rawValue))"
    }

    /// By country on a world table: the countries a cut reaches, then those the levers change most.
    /// Nil on a national table or without levers.
    public static func regionsTable(_ r: DynamicRun, top: Int = 10) -> TextTable? {
        guard let l = r.levers, !r.model.model.table.regions.isEmpty else { return nil }
        let unit = r.model.model.table.metadata.unit
        let pairs = l.regions(r.model, main: r.main)
        func saved(_ p: (without: RegionLoss, with: RegionLoss)) -> Double { p.without.gdpLossFirst12 - p.with.gdpLossFirst12 }
        let cut = pairs.filter { $0.with.cutDirectly }
        let others = pairs.filter { !$0.with.cutDirectly && (abs(saved($0)) > 0 || $0.without.gdpLossFirst12 > 0) }
            .sorted { abs(saved($0)) != abs(saved($1)) ? abs(saved($0)) > abs(saved($1)) : $0.with.region < $1.with.region }
        let rows = (cut + others.prefix(max(0, top - cut.count))).map { p -> [String] in
            [p.with.region, p.with.cutDirectly ? "cut" : "spill-over",
             NumberFormat.fixed(p.without.gdpLossFirst12Percent, 3), NumberFormat.fixed(p.with.gdpLossFirst12Percent, 3),
             NumberFormat.fixed(p.without.gdpLossFirst12Percent - p.with.gdpLossFirst12Percent, 3), NumberFormat.grouped(saved(p)),
             p.without.jobYearsFirst12.flatMap { a in p.with.jobYearsFirst12.map { NumberFormat.grouped(a - $0) } } ?? "–"]
        }
        return TextTable(header: ["region", "reached by", "without levers %", "with levers %", "saved (pt of GDP)", "saved (\(unit))", "job-years saved, first 12 months"],
                         rows: rows, rightAligned: [2, 3, 4, 5, 6])
    }

    /// The text block `ioimpact run` prints (empty without levers).
    public static func text(_ r: DynamicRun) -> String {
        guard let s = summary(r) else { return "" }
        var out = "\nWhat the levers save:\n" + s + ".\n"
        if let t = regionsTable(r) { out += "By country (first 12 months, % of each country's GDP):\n" + t.text() }
        return out
    }

    /// The report section (empty without levers).
    public static func markdown(_ r: DynamicRun) -> String {
        guard let s = summary(r) else { return "" }
        var out = "## What the levers save\n\n" + s + ". The comparison is the same case with the same parameters, run again without its allied supply and stockpiles.\n\n"
        if let t = regionsTable(r) { out += "By country, first twelve months, % of each country's GDP:\n\n" + t.markdown() + "\n" }
        return out
    }

    public static func json(_ r: DynamicRun) -> JSON {
        guard let l = r.levers else { return .null }
        let regions: [JSON] = r.model.model.table.regions.isEmpty ? [] : l.regions(r.model, main: r.main).map { p in
            .object([("region", .string(p.with.region)),
                     ("gdp_loss_first_12_months_without_levers", .number(p.without.gdpLossFirst12)),
                     ("gdp_loss_first_12_months_with_levers", .number(p.with.gdpLossFirst12)),
                     ("gdp_saved_first_12_months", .number(p.without.gdpLossFirst12 - p.with.gdpLossFirst12)),
                     ("gdp_saved_first_12_months_percent", .number(p.without.gdpLossFirst12Percent - p.with.gdpLossFirst12Percent)),
                     ("job_years_saved_first_12_months", p.without.jobYearsFirst12.flatMap { a in p.with.jobYearsFirst12.map { .number(a - $0) } } ?? .null)])
        }
        return .object([
            ("levers", .array(l.levers.map { .string($0) })),
            ("gdp_loss_total_without_levers", .number(l.withoutLevers.gdpLossTotal)),
            ("gdp_loss_total_percent_without_levers", .number(l.withoutLevers.gdpLossTotalPercent)),
            ("gdp_saved", .number(l.gdpSaved(r.main))), ("gdp_saved_percent_of_year", .number(l.gdpSavedPercent(r.main))),
            ("job_years_saved", l.jobYearsSaved(r.main).map { .number($0) } ?? .null),
            ("gdp_saved_first_12_months", .number(l.withoutLevers.gdpLossFirst12Gross - r.main.gdpLossFirst12Gross)),
            ("gdp_saved_first_12_months_percent",
             .number(l.withoutLevers.gdpLossFirst12GrossPercent - r.main.gdpLossFirst12GrossPercent)),
            ("regions", .array(regions)),
        ])
    }
}
