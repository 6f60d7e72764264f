import Foundation

/// The frontier's report: the answer in one sentence, the table of points, what the lever costs and
/// where each figure comes from. Pure: the same result gives the same bytes.
public enum FrontierReport {
    /// The frontiers `make run` writes (scripts/run-reference-cases.sh runs the same commands).
    public struct Reference: Sendable {
        public var caseID: String
        public var lever: LeverKind
        public var range: String
        public var question: String
    }
    public static let referenceFrontiers = [
        Reference(caseID: "jp-re-1y-dir", lever: .stockpile, range: "0:360:20",
                  question: "How many days of stockpile are worth it for Japan"),
        Reference(caseID: "world-re-1y-partnership", lever: .stockpile, range: "0:360:30",
                  question: "How many days of a joint stockpile are worth it for Japan and the United States"),
    ]

    /// "frontier-jp-re-1y-dir-stockpile": the stem of the report and chart names.
    public static func stem(_ r: FrontierResult) -> String { "frontier-\(r.caseID)-\(r.spec.lever.rawValue)" }

    /// The command line that makes this report (printed in it).
    public static func command(caseRef: String, spec: FrontierSpec) -> String {
        let shown = caseRef.hasSuffix(".toml") || caseRef.contains("/") ? ReportRenderer.relative(caseRef) : caseRef
        var s = "ioimpact frontier \(shown) --lever \(spec.lever.rawValue) --range "
            + [spec.range.from, spec.range.to, spec.range.step].map { num($0) }.joined(separator: ":")
        if let m = spec.materials { s += " --materials " + m.joined(separator: ",") }
        if let r = spec.regions { s += " --regions " + r.joined(separator: ",") }
        return s
    }

    static func num(_ v: Double) -> String { NumberFormat.significant(v, 10) }

    public static func files(_ r: FrontierResult, command: String) -> ReportWriter.RenderedFiles {
        ReportWriter.RenderedFiles(files: [("\(stem(r)).md", markdown(r, command: command)),
                                           ("\(stem(r)).svg", FrontierChart.svg(r))])
    }

    public static func render(_ r: FrontierResult, format: OutputFormat, command: String) throws -> String {
        switch format {
        case .json: return try r.json()
        case .markdown: return markdown(r, command: command)
        case .csv: return csv(r)
        case .text: return answer(r) + "\n\n" + table(r).render(.text) + "\n" + FrontierNotes.ratioNote(r) + "\n"
        }
    }

    /// Money of the cost year in the table's currency: "¥1.23 tn", "US$45.6 bn".
    static func money(_ r: FrontierResult, _ v: Double) -> String {
        Lead.money(v, unit: "", currency: r.costs.finance.currency)
    }

    static func lever(_ r: FrontierResult, _ v: Double) -> String {
        r.spec.lever == .allied ? "\(num(v))%" : "\(num(v)) days"
    }

    /// A small share with two significant digits and no exponent: 0.000033.
    static func smallPercent(_ v: Double) -> String {
        guard v > 0 else { return "0" }
        return NumberFormat.fixed(v, min(12, max(3, Int(-floor(log10(v))) + 1)))
    }

    static func ratio(_ v: Double?) -> String {
        guard let v else { return "undefined" }
        return abs(v) >= 100 ? NumberFormat.grouped(v) : NumberFormat.fixed(v, 2)
    }

    /// The answer in one sentence.
    public static func answer(_ r: FrontierResult) -> String {
        let what = FrontierNotes.leverPhrase(r)
        let y = r.costs.finance.yearsHeld
        let per = y == 1 ? "a year" : "over \(num(y)) years"
        guard let b = r.bestIndex else {
            return "No \(what) in the range saves more than it costs: every point's loss avoided is below its cost "
                + "(\(per)); the zero lever has no ratio (nothing spent)."
        }
        let p = r.points[b]
        let tonnes = NumberFormat.grouped(p.tonnes) + " t" + (r.spec.lever == .allied ? " a year" : "")
        var s = "Up to \(lever(r, p.lever)) (\(tonnes)), "
        s += "\(what) pays for itself: at that point it avoids "
        s += "\(NumberFormat.fixed(p.avoidedTotalPercent, 3))% of GDP (\(money(r, p.avoidedTotal))) over the "
        s += "\(r.horizonMonths)-month horizon for \(money(r, p.cost)) \(per), "
        s += "a benefit–cost ratio of \(ratio(p.ratio))"
        if b + 1 < r.points.count, let m = r.points[b + 1].marginalRatio {
            s += "; the next step to \(lever(r, r.points[b + 1].lever)) "
            s += m < 0.005 ? "saves nothing more (the stock is more than the cut draws)."
                : "saves \(ratio(m)) per unit spent, less than one."
        } else {
            s += "; the marginal ratio is still at least one at the end of the range: "
            s += "widen --range to find where it falls below one."
        }
        return s
    }

    /// One row per point.
    public static func table(_ r: FrontierResult) -> TextTable {
        let cur = r.costs.finance.currency
        let header = ["lever (\(r.spec.lever.unit))", "tonnes", "loss, first 12 months, % GDP",
                      "avoided, first 12 months, % GDP", "avoided, whole horizon, % GDP",
                      "avoided, whole horizon, \(cur)", "cost, \(cur)", "cost, % GDP", "benefit/cost", "marginal"]
        let rows = r.points.map { p in
            [num(p.lever), NumberFormat.grouped(p.tonnes), NumberFormat.fixed(p.lossFirst12Percent, 3),
             NumberFormat.fixed(p.avoidedFirst12Percent, 3), NumberFormat.fixed(p.avoidedTotalPercent, 3),
             money(r, p.avoidedTotal), money(r, p.cost), smallPercent(p.costPercent),
             ratio(p.ratio), p.marginalRatio.map { ratio($0) } ?? "–"]
        }
        return TextTable(header: header, rows: rows, rightAligned: Set(0..<header.count))
    }

    /// One row per point, numbers only (money in units of the currency; an undefined ratio empty).
    public static func csv(_ r: FrontierResult) -> String {
        var s = "lever,unit,tonnes,loss_first_12_months,loss_first_12_months_percent,loss_total,loss_total_percent,"
        s += "avoided_first_12_months_percent,avoided_total_percent,avoided_total,cost,cost_percent,currency,"
        s += "benefit_cost_ratio,marginal_ratio\n"
        func n(_ v: Double?) -> String { v.map { NumberFormat.significant($0, 17) } ?? "" }
        for p in r.points {
            s += [n(p.lever), "\"\(r.spec.lever.unit)\"", n(p.tonnes), n(p.lossFirst12), n(p.lossFirst12Percent),
                  n(p.lossTotal), n(p.lossTotalPercent), n(p.avoidedFirst12Percent), n(p.avoidedTotalPercent),
                  n(p.avoidedTotal), n(p.cost), n(p.costPercent), r.costs.finance.currency, n(p.ratio),
                  n(p.marginalRatio)].joined(separator: ",") + "\n"
        }
        return s
    }

    public static func markdown(_ r: FrontierResult, command: String) -> String {
        var s = "# Policy frontier: \(FrontierNotes.leverPhrase(r)) in `\(r.caseID)`\n\n"
        s += "**\(answer(r))**\n\n"
        s += "Generated by `\(command)`; do not edit by hand. Case: [\(r.caseID)](\(r.caseID).md), "
        s += Markdown.escapeCell(r.caseTitle) + ".\n\n"
        s += "![loss avoided and cost against the lever](\(stem(r)).svg)\n\n"
        s += FrontierNotes.setup(r) + "\n\n"
        s += table(r).markdown() + "\n"
        s += FrontierNotes.ratioNote(r) + "\n\n"
        s += FrontierNotes.costSection(r)
        s += FrontierNotes.reading(r)
        return s
    }
}
