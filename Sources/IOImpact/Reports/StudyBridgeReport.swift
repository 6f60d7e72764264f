import Foundation

/// The calibration report's headline (docs/METHOD.md, "Each study under its own assumptions"): a
/// bridge table per study from its figure to the model's, and the labour a reader can compare with
/// DIR's persons. Pure: no I/O.
public enum StudyBridgeReport {
    static func pc(_ v: Double) -> String { NumberFormat.fixed(v, 3) }
    static func cell(_ s: String) -> String { Markdown.escapeCell(s) }

    public static func markdown(_ bridges: [StudyBridge]) -> String {
        var s = "## Headline: why the model differs from each study\n\n"
        s += "Each published figure is first reproduced under the study's own assumptions, in the engine's "
        s += "static limit (one period of the study's length; no users' stocks, no substitution, no essential "
        s += "produced-input pairs, no domestic magnet making, no backlog; the study's materials and its duration "
        s += "scaling), which equals the static mixed model (docs/METHOD.md sections 2 and 10). Then the reference "
        s += "case's assumptions are restored one at a time, ending at the model's figure (gross loss over the "
        s += "first twelve months, the reports' headline). Figures are % of one year's GDP; each contribution is "
        s += "the step's figure less the one before, in percentage points, rounded so that the column adds up "
        s += "exactly to the model less the study. "
        s += "`ioimpact bridge --study dir` (or `nri`) prints these tables.\n\n"
        for b in bridges {
            s += table(b)
            if let quarter = bridges.first(where: { $0.spec.caseRef == b.spec.reproductionCaseRef }),
               b.spec.durationScale != 1 {
                s += scaling(b, quarter) + "\n\n"
            }
        }
        return s
    }

    static func table(_ b: StudyBridge) -> String {
        let sp = b.spec
        var s = "### \(sp.study.uppercased()) \(sp.id): \(pc(sp.published))% against `\(sp.caseRef)`\n\n"
        s += "| step | % of one year's GDP | contribution (pt) |\n|---|---:|---:|\n"
        let shown = b.steps.map { (NumberFormat.fixed($0.value, 3) as NSString).doubleValue }
        for (k, st) in b.steps.enumerated() {
            let label = k == 0 ? "\(sp.study.uppercased())'s published figure" : st.label
            let bold = k == b.steps.count - 1
            let v = bold ? "**\(pc(shown[k]))**" : pc(shown[k])
            s += "| \(cell(label)) | \(v) | " + (k == 0 ? "" : signed(shown[k] - shown[k - 1])) + " |\n"
        }
        s += "| model less study | | **\(signed(shown[shown.count - 1] - shown[0]))** |\n\n"
        s += verdict(b)
        if let alone = b.magnetMakingOnReproduction {
            s += " The order of the steps matters: domestic magnet making added first, to the reproduction "
            s += "alone, gives \(pc(alone))% (\(signed(alone - b.reproduction.lossPercent)) pt)."
        }
        s += "\n\n"
        s += "What the study states and what the reproduction assumes: \(sp.assumptions). Source: \(sp.source).\n\n"
        if sp.personsPublished != nil { s += labour(b) }
        return s
    }

    /// A study that scales a shorter figure (NRI's year = 4 × its quarter) against the model's own ratio.
    static func scaling(_ b: StudyBridge, _ short: StudyBridge) -> String {
        let who = b.spec.study.uppercased()
        var s = "**Duration.** \(who)'s \(b.spec.id) is its \(short.spec.id) × "
        s += "\(NumberFormat.significant(b.spec.durationScale, 3)), a loss linear in duration; the model's "
        // A short case whose loss rounds to zero (users' stocks outlast it) has no meaningful ratio.
        if short.modelFigure < 0.0005 {
            s += "\(pc(b.modelFigure))% against \(pc(short.modelFigure))% for `\(short.spec.caseRef)`, which users' "
            s += "stocks outlast, so there is no ratio: the loss is not linear in duration; it follows each case's "
            s += "flow path, "
        } else {
            s += "\(pc(b.modelFigure))% is \(NumberFormat.fixed(b.modelFigure / short.modelFigure, 2)) × its "
            s += "\(pc(short.modelFigure))% for `\(short.spec.caseRef)`: the ratio follows each case's flow path, "
        }
        s += "users' stocks (which cover the first days of either cut) and substitution (which grows with time), "
        s += "not a fixed scaling."
        return s
    }

    static func signed(_ v: Double) -> String {
        let r = NumberFormat.fixed(v, 3)
        return r.hasPrefix("-") ? "−" + r.dropFirst() : "+" + r
    }

    static func verdict(_ b: StudyBridge) -> String {
        let sp = b.spec, r = b.reproduction
        let m = r.model
        var s = ""
        if let req = r.required {
            s += "**Not reproduced**: under its stated assumptions the engine gives \(pc(r.lossPercent))% against "
            s += "\(pc(sp.published))%. "
            let name = m.model.table.sectors[req.topSector].name
            let code = m.model.table.sectors[req.topSector].code
            if let k = req.k {
                s += "To reach \(pc(sp.published))% the study must have stopped \(NumberFormat.significant(k, 3)) "
                s += "times the share of each user that the ratings stop (capped at the whole sector): "
                s += "\(code) \(name) would stop "
                s += "\(NumberFormat.fixed(100 * req.topSectorStopShare, 1))% of its output instead of "
                s += "\(NumberFormat.fixed(100 * req.topSectorStopShareAtOne, 1))%"
                if let g = req.sectorLossPercentAtK, let label = sp.sectorLabel {
                    s += ", and \(label) would lose \(NumberFormat.fixed(g, 1))% of its value added"
                }
                s += "."
            } else {
                s += "Even with every user of a cut material stopped entirely the static limit gives only "
                s += "\(pc(req.lossAtK))%: the study must count losses the table's users of these materials "
                s += "cannot carry (a wider scope of sectors, or a demand effect on top)."
            }
        } else {
            s += "**Reproduced** within a quarter of the figure: the engine gives \(pc(r.lossPercent))% against "
            s += "\(pc(sp.published))% under the study's stated assumptions."
        }
        if let g = r.sectorLossPercent, let label = sp.sectorLabel, let pub = sp.sectorPublished {
            s += " The study puts \(label) at −\(NumberFormat.fixed(pub, 1))%; the reproduction at "
            s += "−\(NumberFormat.fixed(g, 1))%."
        }
        return s
    }

    /// Labour input lost (FTE years) and the annual-average headcount, scaled to the study's GDP loss,
    /// against the study's persons; and the labour intensity of the sectors that lose most.
    static func labour(_ b: StudyBridge) -> String {
        let m = b.model, o = b.outcome, sp = b.spec
        guard let l = m.labourCoefficients, let fte = o.jobYearsFirst12Gross, let persons = sp.personsPublished,
              b.modelFigure > 0 else { return "" }
        let scale = sp.published / b.modelFigure
        let employed = (0..<m.n).map { l[$0] * m.x0[$0] }.reduce(0, +)
        let average = employed / m.gdpBase
        let who = sp.study.uppercased()
        let lossIntensity = o.gdpLossFirst12Gross > 0 ? fte / o.gdpLossFirst12Gross : 0
        func per(_ v: Double) -> String { NumberFormat.significant(v * 1e3, 3) }
        var s = "**Employment at \(who)'s GDP loss.** \(who) puts persons employed at "
        s += "−\(NumberFormat.grouped(persons)) "
        s += "(\(NumberFormat.fixed(100 * persons / employed, 2))% of the table's \(NumberFormat.grouped(employed)) "
        s += "persons engaged): the same percentage as its GDP loss, an economy-average labour intensity "
        s += "(\(per(average)) persons per ¥1,000 million of value added). The model loses "
        s += "\(NumberFormat.grouped(fte)) full-time-equivalent (FTE) years of labour input in the first 12 months at "
        s += "\(pc(b.modelFigure))% of GDP: \(NumberFormat.grouped(fte * scale)) FTE years at \(pc(sp.published))%, "
        s += "\(NumberFormat.fixed(fte * scale / persons * 100, 0))% of \(who)'s persons: the sectors that lose employ "
        s += "\(per(lossIntensity)) persons per ¥1,000 million of the value added they lose, against \(per(average)) "
        s += "in the economy as a whole. "
        if let h = b.headcount, fte > 0 {
            s += "Persons employed (annual average over the first 12 months; partial adjustment with firing τ_F = "
            s += "\(NumberFormat.fixed(h.firingDays, 0)) days and hiring τ_H = \(NumberFormat.fixed(h.hiringDays, 0)) "
            s += "days, docs/CASES.md `[employment]`): −\(NumberFormat.grouped(h.first12)), or "
            s += "−\(NumberFormat.grouped(h.first12 * scale)) at \(pc(sp.published))%: "
            s += "\(NumberFormat.fixed(100 * h.first12 / fte, 0))% of the FTE loss; the rest is idle labour kept on "
            s += "the payroll within the year."
        }
        s += "\n\n"
        s += "| code | sector | value added lost, first 12 months (million) "
        s += "| persons per ¥1,000 million of value added | FTE years lost | persons below base, annual average |\n"
        s += "|---|---|---:|---:|---:|---:|\n"
        let months = o.months.prefix(12)
        let va = (0..<m.n).map { j in months.map { $0.grossLossBySector[j] }.reduce(0, +) }
        let top = va.indices.sorted { (va[$0], -$0) > (va[$1], -$1) }.prefix(8)
        for j in top where va[j] > 0 {
            let sector = m.model.table.sectors[j]
            let vaBase = m.valueAddedCoefficients[j] * m.x0[j]
            let intensity = vaBase > 0 ? l[j] * m.x0[j] / vaBase * 1e3 : 0
            let fteJ = fteOf(m, o, j)
            s += "| \(sector.code) | \(cell(sector.name)) | \(NumberFormat.grouped(va[j])) | "
            let persons = b.headcount.map { NumberFormat.grouped($0.first12BySector[j]) } ?? "–"
            s += "\(NumberFormat.significant(intensity, 3)) | \(NumberFormat.grouped(fteJ)) | \(persons) |\n"
        }
        s += "| | economy average | | \(NumberFormat.significant(average * 1e3, 3)) | | |\n\n"
        return s
    }

    /// FTE years lost by sector j over the first 12 months, gross (each sector-month below base).
    static func fteOf(_ m: DynamicModel, _ o: DynamicOutcome, _ j: Int) -> Double {
        o.months.prefix(12).compactMap { $0.labourLoss?[j] }.map { max(0, $0) }.reduce(0, +)
    }
}
