import Foundation

/// What the workbench page (`ioimpact serve`) draws for one run: the report's lead lines and headline, the
/// monthly GDP and labour path with the range over the rules, the top sectors with their local names, the
/// losses by country on a world table and the bottleneck chain. Every figure is the run's own, as the
/// report and `ioimpact run --format json` give it; nothing is computed here but the choice of what to show.
/// Pure.
public enum WorkbenchViews {
    public static let schema = "ioimpact-workbench-view/1"

    public static func json(_ r: DynamicRun) -> JSON {
        let c = r.model.dynamicCase
        let meta = r.model.model.table.metadata
        return .object([
            ("schema", .string(schema)), ("case", .string(c.id)), ("title", .string(c.title)),
            ("table", .string(meta.id)), ("table_name", .string(meta.name)), ("unit", .string(meta.unit)),
            ("start", .string(r.model.timeline.start.description)),
            ("horizon_months", .number(Double(r.model.timeline.horizonMonths))),
            ("lead", .array(Lead.block(r).map(JSON.string))),
            ("headline", .string(DynamicViews.headline(r))),
            ("summary", summary(r)),
            ("months", .array(months(r))),
            ("sectors", .array(sectors(r))),
            ("regions", .array(regions(r))),
            ("bottlenecks", .array(DynamicViews.bottleneckLines(r).map(JSON.string))),
            ("levers", LeverViews.json(r)),
            ("parameters_file", c.parametersFile.map(JSON.string) ?? .null),
            ("from_profile", .array(c.fromProfile.map {
                .object([("field", .string($0.field)), ("value", .number($0.value)),
                         ("case_value", $0.caseValue.map(JSON.number) ?? .null)])
            })),
        ])
    }

    /// The figures of the comparison table.
    static func summary(_ r: DynamicRun) -> JSON {
        let o = r.main
        return .object([
            ("gdp_loss_first_12_months_gross_percent", .number(o.gdpLossFirst12GrossPercent)),
            ("gdp_loss_first_12_months_gross", .number(o.gdpLossFirst12Gross)),
            ("first_12_months_low_percent", .number(r.first12Range.lowerBound)),
            ("first_12_months_high_percent", .number(r.first12Range.upperBound)),
            ("gdp_loss_gross_percent_of_year", .number(o.gdpLossGrossPercent)),
            ("rebound_percent_of_year", .number(o.reboundPercent)),
            ("job_years_lost_first_12_months_gross", o.jobYearsFirst12Gross.map(JSON.number) ?? .null),
            ("persons_idle_at_worst_month", o.personsIdleAtWorstMonth.map(JSON.number) ?? .null),
            ("peak_month", .string(DynamicViews.monthLabel(o.months[o.peakMonth]))),
            ("peak_month_percent", .number(o.months[o.peakMonth].valueAddedLossPercent)),
            ("first_stop", o.firstStopWeek.map { .string(DynamicViews.periodLabel(r, $0)) } ?? .null),
        ])
    }

    /// Month by month: the loss in % of the month's GDP under the case's rules, the lowest and highest over
    /// the rule combinations, and the labour input lost (full-time person-equivalents).
    static func months(_ r: DynamicRun) -> [JSON] {
        r.main.months.enumerated().map { (k, m) in
            let values = r.bracket.map { $0.months[k].valueAddedLossPercent }
            return .object([
                ("month", .string(DynamicViews.monthLabel(m))), ("gdp_loss_percent", .number(m.valueAddedLossPercent)),
                ("low_percent", .number(values.min()!)), ("high_percent", .number(values.max()!)),
                ("labour_persons", m.personsEquivalent.map(JSON.number) ?? .null),
            ])
        }
    }

    /// The fifteen sectors that lose most value added over the whole horizon (net of catch-up).
    static func sectors(_ r: DynamicRun, top: Int = 15) -> [JSON] {
        let t = r.model.model.table
        let o = r.main
        return DynamicViews.topSectors(r).prefix(top).map { j in
            .object([
                ("code", .string(t.codes[j])), ("name", .string(t.sectors[j].name)),
                ("name_local", SectorNames.local(t.sectors[j]).map(JSON.string) ?? .null),
                ("value_added_loss", .number(o.valueAddedLossBySector[j])),
                ("job_years_lost", o.labourLossBySector.map { .number($0[j]) } ?? .null),
            ])
        }
    }

    /// Losses by country on a world table (empty on a national table), the largest share of GDP first.
    static func regions(_ r: DynamicRun) -> [JSON] {
        let losses = r.main.regionLosses(r.model).sorted {
            $0.gdpLossFirst12Percent != $1.gdpLossFirst12Percent
                ? $0.gdpLossFirst12Percent > $1.gdpLossFirst12Percent : $0.region < $1.region
        }
        return losses.map { l in
            .object([
                ("region", .string(l.region)), ("cut_directly", .bool(l.cutDirectly)),
                ("gdp_loss_first_12_months_percent", .number(l.gdpLossFirst12Percent)),
                ("gdp_loss_first_12_months", .number(l.gdpLossFirst12)),
                ("job_years_lost_first_12_months", l.jobYearsFirst12.map(JSON.number) ?? .null),
            ])
        }
    }
}
