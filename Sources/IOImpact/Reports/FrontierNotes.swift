import Foundation

/// The prose of the frontier report: what was swept, what the ratios mean, what each cost is and
/// where it comes from.
enum FrontierNotes {
    static func leverPhrase(_ r: FrontierResult) -> String {
        let where_ = r.regions.isEmpty ? "" : " held by \(r.regions.joined(separator: "+"))"
        switch r.spec.lever {
        case .stockpile: return (r.regions.count > 1 ? "a joint stockpile" : "a national stockpile") + where_
        case .allied: return "allied supply" + (r.regions.isEmpty ? "" : " to \(r.regions.joined(separator: "+"))")
        case .stockDays: return "a stock held by users" + where_
        }
    }

    static func setup(_ r: FrontierResult) -> String {
        let mats = r.materials.map { "`\($0)`" }.joined(separator: ", ")
        var s = "The lever is \(leverPhrase(r)) of \(mats), in \(r.spec.lever.unit) of each material"
        switch r.spec.lever {
        case .stockpile:
            s += "; it opens on day \(FrontierReport.num(r.spec.releaseStartDay)) and releases at most "
            s += "1/\(FrontierReport.num(r.spec.releaseWeeks)) of itself a week, only while users are short "
            s += "(a material the case already stockpiles keeps the case's release rule, its size set by the lever)"
        case .allied:
            s += ", arriving evenly over the whole horizon on top of the case's own allied supply"
        case .stockDays:
            s += ", replacing the case's stock days for these materials (other materials keep the case's)"
        }
        s += ". Each point runs the case from \(r.start) over \(r.horizonMonths) months with its own rules "
        s += "(\(r.rules)) and the table `\(r.table)`; the first row is the same case with the lever at zero, "
        s += "against which every loss avoided is measured. Losses are gross (every sector-week below base), "
        s += "in % of one year's GDP of the table; money is at \(r.costs.finance.gdpYear) GDP "
        s += "(\(FrontierReport.money(r, r.costs.finance.gdpNominal)), \(r.costs.finance.gdpBasis)): "
        s += "the loss avoided in % times that GDP, and the cost in \(r.costs.finance.currency) at the prices' dates "
        s += "below."
        return s
    }

    static func ratioNote(_ r: FrontierResult) -> String {
        var s = "Benefit/cost is the loss avoided over the whole horizon divided by the cost; at a lever of zero "
        s += "nothing is spent and the ratio is undefined (shown as such). Marginal is the same between a row and "
        s += "the row above: what the last step of the lever saves per unit it adds to the cost."
        if let b = r.bestIndex {
            s += " The loss avoided less the cost is largest at \(FrontierReport.lever(r, r.points[b].lever))."
        }
        return s
    }

    static func costSection(_ r: FrontierResult) -> String {
        let f = r.costs.finance
        var s = "## What the lever costs\n\n"
        switch r.spec.lever {
        case .stockpile, .stockDays:
            s += "Cost = tonnes × price × (carrying share a year + interest rate) × years held: storage, insurance "
            s += "and handling, plus the capital tied up in the stock (the stock itself is not spent: it is sold "
            s += "or used in the end, at the price it was bought, ASSUMPTION).\n\n"
        case .allied:
            s += "Cost = tonnes a year × premium over the Chinese price × years: the buyer pays the premium on "
            s += "every allied tonne, with or without a cut, as under a price floor.\n\n"
        }
        s += "| material | price per tonne | source | carrying a year | basis | allied premium per tonne | basis |\n"
        s += "|---|---:|---|---:|---|---:|---|\n"
        for m in r.materials {
            guard let c = r.costs.cost(of: m) else { continue }
            s += "| `\(m)` | \(NumberFormat.grouped(c.price)) \(c.currency) | \(Markdown.escapeCell(c.priceBasis)) | "
            s += "\(NumberFormat.fixed(100 * c.carryingShare, 2))% | \(Markdown.escapeCell(c.carryingBasis)) | "
            s += "\(NumberFormat.grouped(c.alliedPremium)) \(c.currency) | \(Markdown.escapeCell(c.premiumBasis)) |\n"
        }
        s += "\n- Exchange rate: \(NumberFormat.significant(f.usdRate, 6)) \(f.currency) per US$ "
        s += "(\(f.usdRateBasis)).\n"
        s += "- Interest rate on the capital tied up: \(NumberFormat.fixed(100 * f.interestRate, 2))% a year "
        s += "(\(f.interestBasis)).\n"
        s += "- Years paid for: \(FrontierReport.num(f.yearsHeld)) (\(f.yearsBasis)).\n"
        s += "- GDP of the cost year: \(FrontierReport.money(r, f.gdpNominal)) in \(f.gdpYear) (\(f.gdpBasis)).\n"
        s += "- Files: " + r.costs.files.map { "`\(ReportRenderer.relative($0))`" }.joined(separator: ", ")
        s += " (a case's `[[lever_cost]]` and `[lever_finance]` replace their figures; docs/CASES.md).\n\n"
        return s
    }

    static func reading(_ r: FrontierResult) -> String {
        var s = "## Reading it\n\n"
        s += "- The loss avoided is what the lever saves if the cut comes; the cost is paid whether or not it "
        s += "does. With the cost of one year, a ratio of R means the lever pays for itself if a cut like this "
        s += "one comes at least once in R years (no discounting).\n"
        s += "- Prices are those outside a cut; in a cut they rise (Dy oxide in Europe tripled within a month "
        s += "of China's April 2025 licensing), which makes a stock bought beforehand worth more, not less.\n"
        s += "- The figures are one run per point with the case's own rules; the case's report gives the range "
        s += "over the other allocation and rationing rules.\n"
        return s
    }
}
