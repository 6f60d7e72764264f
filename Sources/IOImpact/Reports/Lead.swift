import Foundation

/// The two lines a reader takes in at a glance, above the full headline: the loss in % and money, the
/// job-years and the period the case covers, with its range over the rules; then which GDP, in which
/// prices. Pure.
public enum Lead {
    /// Money in the table's unit ("million JPY", "million USD") as "¥10.5 tn" or "US$214 bn".
    static func money(_ v: Double, unit: String, currency: String) -> String {
        let scale: Double = unit.hasPrefix("million") ? 1e6
            : (unit.hasPrefix("billion") ? 1e9 : (unit.hasPrefix("thousand") ? 1e3 : 1))
        let x = v * scale
        let sign = currency == "JPY" ? "¥" : (currency == "USD" ? "US$" : currency + " ")
        let a = abs(x)
        func sig(_ y: Double) -> String { NumberFormat.significant(y, 3) }
        if a >= 1e12 { return sign + sig(x / 1e12) + " tn" }
        if a >= 1e9 { return sign + sig(x / 1e9) + " bn" }
        if a >= 1e6 { return sign + sig(x / 1e6) + " m" }
        return sign + NumberFormat.grouped(x)
    }

    /// "the first 12 months (2026-01 to 2026-12)", or "the 6 months of the horizon (…)" when shorter.
    static func period(_ o: DynamicOutcome) -> String {
        let k = min(12, o.months.count)
        guard k > 0 else { return "the horizon" }
        let span = "(\(DynamicViews.monthLabel(o.months[0])) to \(DynamicViews.monthLabel(o.months[k - 1])))"
        return k == 12 ? "the first 12 months \(span)" : "the \(k) months of the horizon \(span)"
    }

    /// "first 12 months", or "6 months of the horizon" when it is shorter.
    static func shortPeriod(_ o: DynamicOutcome) -> String {
        let k = min(12, o.months.count)
        return k == 12 ? "first 12 months" : "\(k) months of the horizon"
    }

    /// Line one: "GDP −1.91% (¥10.5 tn) and 873,220 job-years over the first 12 months (2026-01 to
    /// 2026-12); range 1.60–2.31% over the rules."
    public static func first(_ r: DynamicRun) -> String {
        let t = r.model.model.table.metadata
        let o = r.main
        // Nothing lost reads as nothing, not as "GDP −0.00%".
        var s = o.gdpLossFirst12Gross == 0 ? "No GDP lost "
            : "GDP −\(NumberFormat.fixed(o.gdpLossFirst12GrossPercent, 2))% "
        s += "(\(money(o.gdpLossFirst12Gross, unit: t.unit, currency: t.currency)))"
        if let j = o.jobYearsFirst12Gross { s += " and \(NumberFormat.grouped(j)) job-years" }
        s += " over \(period(o))"
        s += r.bracket.count > 1
            ? "; range \(DynamicViews.rangeText(r.first12Range, 2))% over the allocation and rationing rules."
            : "; the case's rules only (`--rules all` gives the range over the others)."
        return s
    }

    /// Line two: which GDP, in which prices, and what the percentages are of.
    public static func second(_ r: DynamicRun) -> String {
        let table = r.model.model.table
        let t = table.metadata
        let base = money(r.main.gdpBase, unit: t.unit, currency: t.currency)
        let whose = table.regions.isEmpty
            ? (["JPN": "Japan's GDP", "USA": "the United States' GDP"][t.country] ?? "\(t.country)'s GDP")
            : "world GDP (the value added of all \(table.regions.count) regions of the table, not one country's)"
        return "Base: \(whose), value added in table `\(t.id)` at \(t.year) \(t.priceBasis) in \(t.currency) "
            + "(\(base) a year); "
            + "losses are gross (every sector-week below base), in % of one year's base; "
            + "job-years are full-time labour input lost."
    }

    /// On a world table, line three: the countries the case cuts directly, by loss in % of their own GDP.
    public static func countries(_ r: DynamicRun) -> String? {
        let losses = r.main.regionLosses(r.model).filter(\.cutDirectly).sorted {
            $0.gdpLossFirst12Percent != $1.gdpLossFirst12Percent
                ? $0.gdpLossFirst12Percent > $1.gdpLossFirst12Percent : $0.region < $1.region
        }
        guard !losses.isEmpty else { return nil }
        let shown = losses.prefix(5).map { "\($0.region) −\(NumberFormat.fixed($0.gdpLossFirst12Percent, 2))%" }
        return "By country cut directly, % of its own GDP over \(period(r.main)): " + shown.joined(separator: ", ")
            + (losses.count > 5 ? " (and \(losses.count - 5) more in the table below)." : ".")
    }

    /// The lead block: two or three lines.
    public static func block(_ r: DynamicRun) -> [String] { [first(r), second(r)] + (countries(r).map { [$0] } ?? []) }
}
