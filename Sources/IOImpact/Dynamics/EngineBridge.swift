import Foundation

/// The bridge from the second engine to the third (docs/METHOD.md, "From the second engine to the
/// third"): one case run with the order–delivery loop alone, then with each of the engine's other
/// choices turned on by itself, then with all of them; and the sensitivity of the first-12-month loss
/// to every pair's stock days and to the restock time. The second engine's own figure is not computed
/// here (its rationing map is gone): the note states it from a run of that commit.
public struct EngineBridge: Sendable {
    public struct Row: Sendable {
        public var label: String
        public var outcome: DynamicOutcome
    }
    public var caseID: String
    public var rows: [Row]
    /// First-12-month gross loss (%) with every pair's days and the restock time × 0.5, 1 and 2.
    public var daysSensitivity: [(scale: Double, loss: Double)]
    /// With every pair's stock days alone × 0.5, 1 and 2.
    public var pairDaysSensitivity: [(scale: Double, loss: Double)]
    /// With `restock_days` alone at 7, 30, 120 and 365 days.
    public var restockSensitivity: [(days: Double, loss: Double)]

    public static func run(_ model: DynamicModel) throws -> EngineBridge {
        func outcome(_ m: DynamicModel) throws -> DynamicOutcome {
            DynamicOutcome(model: m, path: try Simulation.run(m))
        }
        func with(_ s: EngineSwitches) -> DynamicModel { var m = model; m.switches = s; return m }
        let loop = EngineSwitches.loopOnly
        var alone: [(String, EngineSwitches)] = []
        var s = loop; s.productLines = true; alone.append(("+ product lines (4)", s))
        s = loop; s.inputClasses = true; alone.append(("+ input classes (3)", s))
        s = loop; s.allocateOnExpectedOutput = true; alone.append(("+ tonnes on expected output (5)", s))
        s = loop; s.gatedRecovery = true; alone.append(("+ recovery after the constraint, exports lost (6)", s))
        var rows = [Row(label: "order–delivery loop alone (1, 2)", outcome: try outcome(with(loop)))]
        for (label, sw) in alone { rows.append(Row(label: label, outcome: try outcome(with(sw)))) }
        rows.append(Row(label: "all together (the engine)", outcome: try outcome(with(EngineSwitches()))))
        var days: [(Double, Double)] = []
        for scale in [0.5, 1, 2] {
            var m = model
            m.pairDays = model.pairDays.map { $0 * scale }
            m.dynamicCase.restockDays = model.dynamicCase.restockDays * scale
            days.append((scale, try outcome(m).gdpLossFirst12GrossPercent))
        }
        var pairDays: [(Double, Double)] = []
        for scale in [0.5, 1, 2] {
            var m = model
            m.pairDays = model.pairDays.map { $0 * scale }
            pairDays.append((scale, try outcome(m).gdpLossFirst12GrossPercent))
        }
        var restock: [(Double, Double)] = []
        for d in [7.0, 30, 120, 365] {
            var m = model
            m.dynamicCase.restockDays = d
            restock.append((d, try outcome(m).gdpLossFirst12GrossPercent))
        }
        return EngineBridge(caseID: model.dynamicCase.id, rows: rows, daysSensitivity: days,
                            pairDaysSensitivity: pairDays, restockSensitivity: restock)
    }

    /// The bridge as a Markdown table, then the two sensitivities in one line each.
    public var markdown: String {
        func pc(_ v: Double) -> String { NumberFormat.fixed(v, 3) }
        var s = "### `\(caseID)`\n\n"
        s += "| engine | first 12 months, gross % | rebound % (first 12 months) | whole horizon, gross % "
        s += "| backlog left (days) |\n|---|---:|---:|---:|---:|\n"
        for r in rows {
            let o = r.outcome
            s += "| \(r.label) | \(pc(o.gdpLossFirst12GrossPercent)) | \(pc(o.reboundFirst12Percent)) "
            s += "| \(pc(o.gdpLossGrossPercent)) | "
            s += (o.backlogAtEndDays.map { NumberFormat.fixed($0, 1) } ?? "–") + " |\n"
        }
        s += "\nEvery pair's stock days and the restock time × 0.5 / 1 / 2: "
        s += daysSensitivity.map { pc($0.loss) }.joined(separator: " / ") + "% (first 12 months, gross). "
        s += "Pair days alone × 0.5 / 1 / 2: "
        s += pairDaysSensitivity.map { pc($0.loss) }.joined(separator: " / ") + "%. "
        s += "`restock_days` 7 / 30 / 120 / 365: "
        s += restockSensitivity.map { pc($0.loss) }.joined(separator: " / ") + "%.\n"
        return s
    }
}
