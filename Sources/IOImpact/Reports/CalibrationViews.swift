import Foundation

/// What `ioimpact calibrate` prints, and Reports/calibration.md.
public enum CalibrationViews {
    static func v(_ x: Double) -> String { NumberFormat.significant(x, 5) }

    /// An objective value; below 1e-9 it is rounding noise whose last digits differ between machines.
    public static func objective(_ x: Double) -> String { x < 1e-9 ? "< 1e-9" : NumberFormat.significant(x, 4) }

    /// A model − target difference; below a millionth of the tolerance it is rounding noise.
    static func difference(_ d: Double, _ tolerance: Double) -> String { abs(d) < tolerance * 1e-6 ? "0" : v(d) }

    public static func json(_ results: [CalibrationResult]) -> JSON {
        func one(_ r: CalibrationResult) -> JSON {
            func row(_ f: CalibrationResult.FitRow) -> JSON {
                .object([("target_id", .string(f.targetID)), ("case", .string(f.caseRef)), ("quantity", .string(f.quantity)),
                         ("unit", .string(f.unit)), ("target", .number(f.target)), ("tolerance", .number(f.tolerance)),
                         ("model", .number(f.model)), ("difference", .number(f.model - f.target)), ("within_tolerance", .bool(f.withinTolerance))])
            }
            let loo: [JSON] = r.leaveOneOut.map { l in
                .object([("left_out", .string(l.leftOut)), ("fitted_on", .array(l.fittedOn.map { .string($0) })),
                         ("parameters", .object(l.values.map { ($0.0, .number($0.1)) })), ("held_at_start", .array(l.held.map { .string($0) })),
                         ("target", .number(l.target)), ("predicted", .number(l.predicted)), ("error", .number(l.error))])
            }
            var fields: [(String, JSON)] = [
                ("profile", .string(r.spec.profile)),
                ("parameters", .object(r.values.map { ($0.0, .number($0.1)) })),
                ("fixed", .object(r.fixed.map { ($0.0, .number($0.1)) })),
                ("method", .string(r.method)), ("objective", .number(r.objective)), ("evaluations", .number(Double(r.evaluations))),
                ("fit", .array(r.fit.map(row))), ("checks", .array(r.checks.map(row))),
                ("fitted_ranges", .object(r.profiles.map { ($0.parameter, .object([("low", .number($0.low)), ("high", .number($0.high))])) })),
                ("leave_one_out", .array(loo)),
                ("predictions", .array(r.predictions.map { p in
                    .object([("case", .string(p.caseRef)), ("fitted", .bool(p.fitted)), ("gdp_loss_percent", .number(p.gdpLossPercent)),
                             ("gdp_loss", .number(p.gdpLoss)), ("employment_loss", p.employmentLoss.map { .number($0) } ?? .null),
                             ("employment_loss_percent", p.employmentLossPercent.map { .number($0) } ?? .null)])
                })),
                ("unreachable", .array(r.unreachable.map { .string($0) })),
            ]
            if let u = r.uncertainty {
                func band(_ b: MonteCarloResult.Band?) -> JSON {
                    b.map { .object([("p5", .number($0.p5)), ("p50", .number($0.p50)), ("p95", .number($0.p95))]) } ?? .null
                }
                fields.append(("uncertainty", .object([
                    ("case", .string(u.caseRef)), ("draws", .number(Double(u.draws))), ("seed", .number(Double(u.seed))),
                    ("gdp_loss_percent", band(u.gdpLossPercent)), ("employment_loss_percent", band(u.employmentLossPercent)),
                    ("employment_loss", band(u.employmentLoss)),
                    ("tornado", .array(u.tornado.map { t in
                        .object([("parameter", .string(t.parameter)), ("low", .number(t.low)), ("high", .number(t.high)),
                                 ("gdp_loss_percent_at_low", .number(t.lossAtLow)), ("gdp_loss_percent_at_high", .number(t.lossAtHigh))])
                    })),
                ])))
            }
            return .object(fields)
        }
        if results.count == 1 { return one(results[0]) }
        return .object([("profiles", .array(results.map(one)))])
    }

    public static func text(_ r: CalibrationResult) -> String {
        var s = "Profile \(r.spec.profile): \(r.spec.title)\n"
        s += "fitted by \(r.method), objective Σ((model − target)/tolerance)² = \(objective(r.objective)) after \(r.evaluations) model runs\n"
        if !r.fixed.isEmpty { s += "held fixed: " + r.fixed.map { "\($0.0) = \(v($0.1))" }.joined(separator: ", ") + "\n" }
        s += "\nFitted parameters:\n"
        s += TextTable(header: ["parameter", "value", "fitted range (objective ≤ min + 1)"],
                       rows: zip(r.values, r.profiles).map { [$0.0.0, v($0.0.1), "\(v($0.1.low)) – \(v($0.1.high))"] }, rightAligned: [1]).text()
        s += "\nFit:\n" + fitTable(r.fit).text()
        if !r.checks.isEmpty { s += "\nChecks (same studies, other units; not fitted):\n" + fitTable(r.checks).text() }
        for m in r.unreachable { s += "\nWARNING: " + m + "\n" }
        if !r.leaveOneOut.isEmpty { s += "\nLeave-one-out:\n" + looTable(r).text() }
        s += "\nPredictions (not fitted: employment, sectors, other cases):\n" + predictionTable(r).text()
        if let u = r.uncertainty {
            s += "\nUncertainty on \(u.caseRef) (\(u.draws) draws, seed \(u.seed)): GDP loss P5 \(NumberFormat.fixed(u.gdpLossPercent.p5, 2))%, P50 \(NumberFormat.fixed(u.gdpLossPercent.p50, 2))%, P95 \(NumberFormat.fixed(u.gdpLossPercent.p95, 2))%"
            if let e = u.employmentLoss { s += "; jobs lost P5 \(NumberFormat.grouped(e.p5)), P50 \(NumberFormat.grouped(e.p50)), P95 \(NumberFormat.grouped(e.p95))" }
            s += "\n" + tornadoTable(u).text()
        }
        return s
    }

    static func fitTable(_ rows: [CalibrationResult.FitRow]) -> TextTable {
        TextTable(header: ["target", "case", "quantity", "target value", "tolerance", "model", "difference", "within tolerance"],
                  rows: rows.map { [$0.targetID, $0.caseRef, "\($0.quantity) (\($0.unit))", v($0.target), v($0.tolerance), v($0.model),
                                    difference($0.model - $0.target, $0.tolerance), $0.withinTolerance ? "yes" : "NO"] },
                  rightAligned: [3, 4, 5, 6])
    }

    static func looTable(_ r: CalibrationResult) -> TextTable {
        TextTable(header: ["left out", "fitted on", "parameters", "target", "predicted", "error", "error / tolerance"],
                  rows: r.leaveOneOut.map { l in
                      [l.leftOut, l.fittedOn.joined(separator: ", "),
                       l.values.map { "\($0.0) = \(v($0.1))" + (l.held.contains($0.0) ? " (held)" : "") }.joined(separator: ", "),
                       v(l.target), v(l.predicted), v(l.error), NumberFormat.fixed(l.error / l.tolerance, 1)]
                  }, rightAligned: [3, 4, 5, 6])
    }

    static func predictionTable(_ r: CalibrationResult) -> TextTable {
        TextTable(header: ["case", "fitted", "GDP loss %", "GDP loss", "jobs lost", "jobs %", "largest sector losses"],
                  rows: r.predictions.map { p in
                      let money = p.unit.lowercased().hasPrefix("million") ? NumberFormat.fixed(p.gdpLoss / 1e6, 2) + " trillion \(p.currency)" : NumberFormat.grouped(p.gdpLoss)
                      return [p.caseRef, p.fitted ? "GDP fitted" : "no", NumberFormat.fixed(p.gdpLossPercent, 3), money,
                              p.employmentLoss.map { NumberFormat.grouped($0) } ?? "–", p.employmentLossPercent.map { NumberFormat.fixed($0, 3) } ?? "–",
                              p.topSectors.joined(separator: "; ")]
                  }, rightAligned: [2, 3, 4, 5])
    }

    static func tornadoTable(_ u: MonteCarloResult) -> TextTable {
        TextTable(header: ["parameter", "range", "GDP loss % at low", "at high", "swing (pt)", "basis of the range"],
                  rows: u.tornado.map { [$0.parameter, "\(v($0.low)) – \(v($0.high))", NumberFormat.fixed($0.lossAtLow, 3), NumberFormat.fixed($0.lossAtHigh, 3),
                                         NumberFormat.fixed($0.swing, 3), $0.basis] },
                  rightAligned: [2, 3, 4])
    }

    /// Reports/calibration.md: every profile's targets, fit, profiles, leave-one-out and uncertainty.
    public static func markdown(_ results: [CalibrationResult]) -> String {
        var s = "# Calibration against published estimates\n\n"
        s += "Generated by `ioimpact calibrate` (run by `make run`); do not edit by hand. Objective: Σ((model − target)/tolerance)², each target's tolerance being the rounding of the published figure. Brent's method fits one parameter, Nelder–Mead several. Studies that disagree are separate profiles, not averaged: each profile writes the parameter file its cases read.\n\n"
        s += "## Targets\n\n| id | quantity | value | tolerance | source | the study's assumptions |\n|---|---|---:|---:|---|---|\n"
        var seen = Set<String>()
        for r in results {
            for t in r.targets where !seen.contains(t.id) && (r.fit + r.checks).contains(where: { $0.targetID == t.id }) {
                seen.insert(t.id)
                let a = t.assumptions.map { "\($0.0): \($0.1)" }.joined(separator: "; ")
                s += "| \(Markdown.escapeCell(t.id)) | \(Markdown.escapeCell(t.quantity.name)) (\(Markdown.escapeCell(t.unit))) | \(v(t.value)) | \(v(t.tolerance)) | \(Markdown.escapeCell(t.source)) | \(Markdown.escapeCell(a)) |\n"
            }
        }
        for r in results {
            s += "\n## Profile `\(r.spec.profile)`\n\n\(Markdown.escapeCell(r.spec.title)).\n\n"
            s += "Spec `\(ReportRenderer.relative(r.spec.path))`, parameters written to `\(ReportRenderer.relative(r.spec.outputPath))`. Fitted by \(r.method); objective \(objective(r.objective)).\n\n"
            if !r.fixed.isEmpty { s += "Held fixed from `\(ReportRenderer.relative(r.spec.fixedFrom ?? ""))`: " + r.fixed.map { "\($0.0) = \(v($0.1))" }.joined(separator: ", ") + ".\n\n" }
            s += "### Parameters\n\n| parameter | fitted value | fitted range (objective ≤ min + 1) | bounds | meaning |\n|---|---:|---|---|---|\n"
            for (k, p) in r.spec.parameters.enumerated() {
                s += "| \(Markdown.escapeCell(p.name)) | \(v(r.values[k].1)) | \(v(r.profiles[k].low)) – \(v(r.profiles[k].high)) | \(v(p.low)) – \(v(p.high)) | \(Markdown.escapeCell(p.basis)) |\n"
            }
            s += "\n### Fit\n\n" + fitTable(r.fit).markdown()
            if !r.checks.isEmpty {
                s += "\nChecks against the same studies' figures in other units (not fitted). A fit in % of GDP with a miss in yen means the study's GDP base differs from the table's (2015 gross value added, ¥548 trillion; Japan's nominal GDP in 2024–25 is larger).\n\n" + fitTable(r.checks).markdown()
            }
            for m in r.unreachable { s += "\n**Not reached:** " + Markdown.escapeCell(m) + "\n" }
            s += "\n### Profile of the objective\n\nEach parameter moved alone around its optimum, the others at their fitted values.\n\n"
            for p in r.profiles {
                s += "| \(Markdown.escapeCell(p.parameter)) | objective |\n|---:|---:|\n"
                for (x, y) in p.points { s += "| \(v(x)) | \(objective(y)) |\n" }
                s += "\n"
            }
            if !r.leaveOneOut.isEmpty {
                s += "### Leave-one-out\n\nFit on all targets but one, predict the one left out. With fewer targets left than parameters, the later parameters are held at their start values (marked held).\n\n" + looTable(r).markdown()
            }
            s += "\n### What the fitted model predicts\n\nEmployment, sector losses and other reference cases were not fitted.\n\n" + predictionTable(r).markdown()
            if let u = r.uncertainty {
                s += "\n### Uncertainty\n\nMonte Carlo on `\(u.caseRef)` (method \(u.method)): \(u.draws) uniform draws over the ranges below, seed \(u.seed), one LU factorisation of I − A reused for every draw.\n\n"
                s += "| quantity | P5 | P50 | P95 | central |\n|---|---:|---:|---:|---:|\n"
                s += "| GDP loss % | \(NumberFormat.fixed(u.gdpLossPercent.p5, 3)) | \(NumberFormat.fixed(u.gdpLossPercent.p50, 3)) | \(NumberFormat.fixed(u.gdpLossPercent.p95, 3)) | \(NumberFormat.fixed(u.central, 3)) |\n"
                if let e = u.employmentLossPercent, let p = u.employmentLoss {
                    s += "| employment loss % | \(NumberFormat.fixed(e.p5, 3)) | \(NumberFormat.fixed(e.p50, 3)) | \(NumberFormat.fixed(e.p95, 3)) | |\n"
                    s += "| jobs lost (persons) | \(NumberFormat.grouped(p.p5)) | \(NumberFormat.grouped(p.p50)) | \(NumberFormat.grouped(p.p95)) | |\n"
                }
                s += "\nSensitivity (tornado): each parameter alone at the ends of its range.\n\n" + tornadoTable(u).markdown()
            }
        }
        return s
    }
}
