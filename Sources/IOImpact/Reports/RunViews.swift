import Foundation

/// Sector-level figures of a run, computed once for every view (text, JSON, Markdown report).
public struct SectorLoss: Sendable {
    public var index: Int
    public var code: String
    public var name: String
    public var baseOutput: Double
    public var outputLoss: Double
    public var outputLossPercent: Double
    public var valueAdded: Double
    public var valueAddedLoss: Double
    public var valueAddedLossPercent: Double
    public var employment: Double?
    public var employmentLoss: Double?
    public var employmentLossPercent: Double?
    /// Share of annual output capped directly by the shortage, in percent.
    public var directCapPercent: Double
    public var constraint: Constraint
    public var bindingInputs: [String]
    public var unmetFinalDemand: Double
}

extension RunResult {
    /// Every sector, ordered by value-added loss (largest first; code breaks ties).
    static func sectorLosses(scenario: Scenario, shock: Scenario.Shock, main o: Outcome) -> [SectorLoss] {
        let t = scenario.table
        let va = t.valueAdded
        let e = t.employment
        return (0..<t.count).map { j in
            let inputs: [String]
            if case .inputs(let k) = o.result.constraints[j] { inputs = k.map { t.codes[$0] } } else { inputs = [] }
            return SectorLoss(
                index: j, code: t.codes[j], name: t.sectors[j].name, baseOutput: t.grossOutput[j],
                outputLoss: o.outputLoss[j], outputLossPercent: pct(o.outputLoss[j], t.grossOutput[j]),
                valueAdded: va[j], valueAddedLoss: o.valueAddedLoss[j], valueAddedLossPercent: pct(o.valueAddedLoss[j], va[j]),
                employment: e?[j], employmentLoss: o.employmentLoss?[j],
                employmentLossPercent: e.flatMap { e in o.employmentLoss.map { pct($0[j], e[j]) } },
                directCapPercent: 100 * shock.share[j], constraint: o.result.constraints[j], bindingInputs: inputs,
                unmetFinalDemand: o.unmetFinalDemand[j])
        }.sorted { $0.valueAddedLoss != $1.valueAddedLoss ? $0.valueAddedLoss > $1.valueAddedLoss : $0.code < $1.code }
    }

    /// One step of the bottleneck path as data: the sentences of `bottleneckPath`, structured.
    public struct BottleneckStep: Sendable {
        /// "direct" (capped by a material), "downstream" (short of produced inputs), "upstream" (lost orders).
        public var kind: String
        public var sector: String
        public var name: String
        /// The material id (direct) or the codes of the binding suppliers (downstream); empty upstream.
        public var binding: [String]
        /// The direct cap (direct) or the output loss (downstream, upstream), in % of the sector's output.
        public var sharePercent: Double
    }

    /// The same selection and order as `bottleneckPath`, for machine-readable output.
    public var bottleneckSteps: [BottleneckStep] {
        let c = scenario.supplyCase
        let losses = sectorLosses.filter { $0.outputLoss > 1e-9 * max(1, $0.baseOutput) }
        var steps: [BottleneckStep] = []
        let direct = losses.filter { $0.directCapPercent > 0 }.sorted { $0.directCapPercent != $1.directCapPercent ? $0.directCapPercent > $1.directCapPercent : $0.code < $1.code }
        for s in direct.prefix(6) {
            steps.append(.init(kind: "direct", sector: s.code, name: s.name, binding: shock.scarcest[s.index].map { [c.materials[$0].material] } ?? [],
                               sharePercent: s.directCapPercent))
        }
        let forward = losses.filter { if case .inputs = $0.constraint { return true } else { return false } }
        for s in forward.prefix(6) {
            steps.append(.init(kind: "downstream", sector: s.code, name: s.name, binding: Array(s.bindingInputs.prefix(3)), sharePercent: s.outputLossPercent))
        }
        for s in losses.filter({ $0.constraint == .demand }).sorted(by: { $0.outputLoss > $1.outputLoss }).prefix(5) {
            steps.append(.init(kind: "upstream", sector: s.code, name: s.name, binding: [], sharePercent: s.outputLossPercent))
        }
        return steps
    }

    /// The bottleneck path in words a non-specialist can follow, largest effects first.
    public var bottleneckPath: [String] {
        let t = scenario.table
        let c = scenario.supplyCase
        let catalog = scenario.dependence.materials
        func mname(_ k: Int) -> String { catalog.first { $0.id == c.materials[k].material }?.name ?? c.materials[k].material }
        func sname(_ j: Int) -> String { SectorNames.withCode(t, j) }
        var lines: [String] = []
        let losses = sectorLosses.filter { $0.outputLoss > 1e-9 * max(1, $0.baseOutput) }
        let direct = losses.filter { $0.directCapPercent > 0 }.sorted { $0.directCapPercent != $1.directCapPercent ? $0.directCapPercent > $1.directCapPercent : $0.code < $1.code }
        for s in direct.prefix(6) {
            let k = shock.scarcest[s.index]
            let what = k.map { mname($0) } ?? "the shortage"
            lines.append("Direct: short of \(what.prefix(1).lowercased() + what.dropFirst()), \(sname(s.index)) can make at most \(NumberFormat.fixed(100 - s.directCapPercent, 1))% of its usual annual output (a cap of −\(NumberFormat.fixed(s.directCapPercent, 1))%).")
        }
        let forward = losses.filter { if case .inputs = $0.constraint { return true } else { return false } }
        for s in forward.prefix(6) {
            let via = s.bindingInputs.prefix(3).compactMap { code in t.index(of: code).map { sname($0) } }
            let viaText = via.isEmpty ? "its rationed inputs" : via.joined(separator: ", ")
            lines.append("Downstream: \(sname(s.index)) cannot get enough from \(viaText), whose reduced output goes to industrial buyers first; it loses \(NumberFormat.fixed(s.outputLossPercent, 2))% of its output.")
        }
        let upstream = losses.filter { $0.constraint == .demand }.sorted { $0.outputLoss > $1.outputLoss }
        if !upstream.isEmpty {
            let top = upstream.prefix(5).map { "\(sname($0.index)) −\(NumberFormat.fixed($0.outputLossPercent, 2))%" }
            lines.append("Upstream: suppliers lose orders from the sectors above: \(top.joined(separator: "; ")).")
        }
        let unmet = main.unmetFinalDemand.reduce(0, +)
        if unmet > 0 {
            lines.append("Final demand left unmet (domestic output that consumers, investors and export buyers do not receive): \(NumberFormat.grouped(unmet)) \(t.metadata.unit).")
        }
        return lines
    }
}

func pct(_ part: Double, _ whole: Double) -> Double { whole != 0 ? 100 * part / whole : 0 }

/// What `ioimpact run` prints: the headline, the bracket, the sectors, the bottleneck path.
public enum RunViews {
    public static let schema = "ioimpact-run/1"

    public static func render(_ r: RunResult, format: OutputFormat, top: Int = 12) -> String {
        switch format {
        case .json: return json(r).render() + "\n"
        case .csv: return csv(r)
        case .markdown: return ReportRenderer.render(r, charts: nil)
        case .text: return text(r, top: top)
        }
    }

    static func money(_ v: Double, _ t: IOTable) -> String {
        // Tables are in millions: show trillions/billions of the currency for readability.
        let unit = t.metadata.unit.lowercased()
        if unit.hasPrefix("million") {
            if abs(v) >= 1e6 { return NumberFormat.fixed(v / 1e6, 2) + " trillion \(t.metadata.currency)" }
            return NumberFormat.fixed(v / 1e3, 1) + " billion \(t.metadata.currency)"
        }
        return NumberFormat.grouped(v) + " " + t.metadata.unit
    }

    public static func headline(_ r: RunResult) -> String {
        let t = r.scenario.table
        let m = r.main
        var s = "GDP loss \(NumberFormat.fixed(m.gdpLossPercent, 2))% (\(money(m.gdpLoss, t)))"
        if let e = m.employmentLossTotal, let ep = m.employmentLossPercent {
            let md = t.metadata
            var basis: [String] = []
            if md.employmentIsEstimate { basis.append("an estimated employment vector") }
            if let y = md.employmentYear, y != md.year { basis.append("employment of \(y)") }
            s += ", employment loss \(NumberFormat.fixed(ep, 2))% (\(NumberFormat.grouped(e)) \(md.employmentUnit ?? "persons")\(basis.isEmpty ? "" : ", " + basis.joined(separator: ", ")))"
        }
        s += "; method \(m.result.method.rawValue), bracket \(NumberFormat.fixed(r.bracketLow.gdpLossPercent, 2))–\(NumberFormat.fixed(r.bracketHigh.gdpLossPercent, 2))% (\(r.bracketLow.result.method.rawValue) to \(r.bracketHigh.result.method.rawValue))"
        return s
    }

    static func text(_ r: RunResult, top: Int) -> String {
        let c = r.scenario.supplyCase
        let t = r.scenario.table
        var out = "\(c.id): \(c.title)\n"
        out += "table \(t.metadata.id) (\(t.metadata.name)), duration \(NumberFormat.grouped(c.durationDays)) days, κ = \(NumberFormat.significant(c.kappa, 4)) (\(c.kappaBasis)), θ = \(NumberFormat.significant(c.theta, 3))\n\n"
        out += headline(r) + "\n\n"
        out += "Materials cut:\n"
        out += TextTable(header: ["material", "origin share", "severity", "replaced", "stock days", "shortfall s"],
                         rows: c.materials.enumerated().map { (k, m) in
                             [m.material, NumberFormat.fixed(m.originShare, 3), NumberFormat.fixed(m.severity, 2),
                              NumberFormat.fixed(m.replacementShare, 3), NumberFormat.grouped(m.stockDays), NumberFormat.fixed(r.shock.shortfalls[k], 4)]
                         }, rightAligned: [1, 2, 3, 4, 5]).text()
        out += "\nMethods (GDP loss %; bracket = mixed, industry-first, proportional; strict is a limiting case):\n"
        out += TextTable(header: ["method", "GDP loss %", "GDP loss", "employment loss %", "note"],
                         rows: r.methods.map { o in
                             [o.result.method.rawValue + (o.result.method == c.method ? " *" : ""), NumberFormat.fixed(o.gdpLossPercent, 3),
                              money(o.gdpLoss, t), o.employmentLossPercent.map { NumberFormat.fixed($0, 3) } ?? "–", o.result.note]
                         }, rightAligned: [1, 2, 3]).text()
        if !c.published.isEmpty {
            out += "\nAgainst published estimates:\n"
            out += TextTable(header: ["source", "quantity", "published", "model", "difference"],
                             rows: publishedComparison(r).map { [$0.source, $0.quantity, NumberFormat.fixed($0.published, 2), NumberFormat.fixed($0.model, 2), NumberFormat.fixed($0.model - $0.published, 2)] },
                             rightAligned: [2, 3, 4]).text()
        }
        let sectors = r.sectorLosses.prefix(top)
        out += "\nSectors hit hardest (by value-added loss, \(t.metadata.unit)):\n"
        out += SectorNames.addLocalColumn(
            TextTable(header: ["code", "sector", "direct cap %", "output loss %", "value added loss", "VA loss %", "jobs lost", "constraint"],
                      rows: sectors.map { s in
                          [s.code, s.name, NumberFormat.fixed(s.directCapPercent, 2), NumberFormat.fixed(s.outputLossPercent, 2),
                           NumberFormat.grouped(s.valueAddedLoss), NumberFormat.fixed(s.valueAddedLossPercent, 2),
                           s.employmentLoss.map { NumberFormat.grouped($0) } ?? "–", constraintText(s)]
                      }, rightAligned: [2, 3, 4, 5, 6]),
            after: 1, t, indices: sectors.map(\.index)).text()
        out += "\nBottleneck path:\n" + r.bottleneckPath.map { "- " + $0 }.joined(separator: "\n") + "\n"
        return out
    }

    public static func constraintText(_ s: SectorLoss) -> String {
        switch s.constraint {
        case .unaffected: return "unaffected"
        case .cap: return "capped by the shortage"
        case .demand: return "lost orders"
        case .inputs(let k): return k.isEmpty ? "short of inputs" : "short of " + s.bindingInputs.prefix(3).joined(separator: ", ")
        }
    }

    public struct Comparison: Sendable {
        public var source: String
        public var quantity: String
        public var unit: String
        public var published: Double
        public var model: Double
    }

    public static func modelValue(_ q: PublishedEstimate.Quantity, _ o: Outcome) -> Double? {
        switch q {
        case .gdpLossPercent: return o.gdpLossPercent
        case .gdpLoss: return o.gdpLoss
        case .employmentLoss: return o.employmentLossTotal
        case .employmentLossPercent: return o.employmentLossPercent
        }
    }

    public static func publishedComparison(_ r: RunResult) -> [Comparison] {
        r.scenario.supplyCase.published.compactMap { p in
            modelValue(p.quantity, r.main).map { Comparison(source: p.source, quantity: p.quantity.rawValue, unit: p.unit, published: p.value, model: $0) }
        }
    }

    static func constraintJSON(_ s: SectorLoss) -> String {
        switch s.constraint {
        case .unaffected: return "unaffected"
        case .cap: return "cap"
        case .demand: return "demand"
        case .inputs: return "inputs"
        }
    }

    public static func json(_ r: RunResult) -> JSON {
        let c = r.scenario.supplyCase
        let t = r.scenario.table
        let m = r.main
        func opt(_ v: Double?) -> JSON { v.map { .number($0) } ?? .null }
        let gdpBaseKind: String
        switch c.gdpBase { case .table: gdpBaseKind = "table value added"; case .stated(_, let src): gdpBaseKind = src }
        let caseJSON: JSON = .object([
            ("id", .string(c.id)), ("title", .string(c.title)), ("checksum", .string(c.checksum)),
            ("duration_days", .number(c.durationDays)), ("method", .string(c.method.rawValue)),
            ("kappa", .number(c.kappa)), ("kappa_basis", .string(c.kappaBasis)),
            ("theta", .number(c.theta)), ("combine", .string(c.combine.rawValue)),
            ("parameters_profile", c.parametersProfile.map { JSON.string($0) } ?? JSON.null),
            ("employment_convention", .string(c.employmentConvention.rawValue)),
        ])
        let tableJSON: JSON = .object([
            ("id", .string(t.metadata.id)), ("name", .string(t.metadata.name)), ("year", .number(Double(t.metadata.year))),
            ("unit", .string(t.metadata.unit)), ("checksum", .string(t.metadata.checksum)),
        ])
        let gdpJSON: JSON = .object([
            ("base", .number(m.gdpBase)), ("base_definition", .string(gdpBaseKind)), ("unit", .string(t.metadata.unit)),
            ("loss", .number(m.gdpLoss)), ("loss_percent", .number(m.gdpLossPercent)),
        ])
        var employmentJSON: JSON = .null
        if m.employmentBase != nil {
            employmentJSON = .object([
                ("base", opt(m.employmentBase)), ("unit", .string("persons")), ("loss", opt(m.employmentLossTotal)),
                ("loss_percent", opt(m.employmentLossPercent)), ("convention", .string(c.employmentConvention.rawValue)),
                ("estimate", .bool(t.metadata.employmentIsEstimate)),
            ])
        }
        let bracketGDP: JSON = .object([
            ("low", .number(r.bracketLow.gdpLossPercent)), ("high", .number(r.bracketHigh.gdpLossPercent)),
            ("low_method", .string(r.bracketLow.result.method.rawValue)), ("high_method", .string(r.bracketHigh.result.method.rawValue)),
        ])
        let bracketJSON: JSON = .object([
            ("methods", .array(PropagationMethod.bracketMethods.map { JSON.string($0.rawValue) })),
            ("gdp_loss_percent", bracketGDP),
            ("employment_loss_percent", .object([("low", opt(r.bracketLow.employmentLossPercent)), ("high", opt(r.bracketHigh.employmentLossPercent))])),
        ])
        let methodsJSON: [JSON] = r.methods.map { o -> JSON in
            let inBracket = PropagationMethod.bracketMethods.contains(o.result.method)
            return .object([("method", .string(o.result.method.rawValue)), ("gdp_loss", .number(o.gdpLoss)),
                            ("gdp_loss_percent", .number(o.gdpLossPercent)), ("employment_loss", opt(o.employmentLossTotal)),
                            ("employment_loss_percent", opt(o.employmentLossPercent)),
                            ("in_bracket", .bool(inBracket)), ("note", .string(o.result.note))])
        }
        let materialsJSON: [JSON] = c.materials.enumerated().map { (k, mm) -> JSON in
            .object([("id", .string(mm.material)), ("origin_share", .number(mm.originShare)), ("severity", .number(mm.severity)),
                     ("replacement_share", .number(mm.replacementShare)), ("stock_days", .number(mm.stockDays)),
                     ("shortfall", .number(r.shock.shortfalls[k]))])
        }
        let publishedJSON: [JSON] = publishedComparison(r).map { p -> JSON in
            .object([("source", .string(p.source)), ("quantity", .string(p.quantity)), ("unit", .string(p.unit)),
                     ("value", .number(p.published)), ("model", .number(p.model)), ("difference", .number(p.model - p.published))])
        }
        let sectorsJSON: [JSON] = r.sectorLosses.map { s -> JSON in
            let fields: [(String, JSON)] = [
                ("code", .string(s.code)), ("name", .string(s.name)), ("base_output", .number(s.baseOutput)),
                ("direct_cap_percent", .number(s.directCapPercent)),
                ("output_loss", .number(s.outputLoss)), ("output_loss_percent", .number(s.outputLossPercent)),
                ("value_added_loss", .number(s.valueAddedLoss)), ("value_added_loss_percent", .number(s.valueAddedLossPercent)),
                ("employment_loss", opt(s.employmentLoss)), ("employment_loss_percent", opt(s.employmentLossPercent)),
                ("constraint", .string(constraintJSON(s))), ("binding_inputs", .array(s.bindingInputs.map { JSON.string($0) })),
                ("unmet_final_demand", .number(s.unmetFinalDemand)),
            ]
            return .object(fields)
        }
        let top: [(String, JSON)] = [
            ("schema", .string(schema)),
            ("tool_version", .string(IOImpactVersion.string)),
            ("case", caseJSON),
            ("table", tableJSON),
            ("method", .string(m.result.method.rawValue)),
            ("gdp", gdpJSON),
            ("employment", employmentJSON),
            ("bracket", bracketJSON),
            ("methods", .array(methodsJSON)),
            ("materials", .array(materialsJSON)),
            ("published", .array(publishedJSON)),
            ("unmet_final_demand", .number(m.unmetFinalDemand.reduce(0, +))),
            ("bottleneck_path", .array(r.bottleneckPath.map { JSON.string($0) })),
            ("bottleneck_steps", .array(r.bottleneckSteps.map { b in
                .object([("kind", .string(b.kind)), ("sector", .string(b.sector)), ("name", .string(b.name)),
                         ("binding", .array(b.binding.map { .string($0) })), ("share_percent", .number(b.sharePercent))])
            })),
            ("sectors", .array(sectorsJSON)),
        ]
        return .object(top)
    }

    static func csv(_ r: RunResult) -> String {
        TextTable(header: ["code", "name", "base_output", "direct_cap_percent", "output_loss", "output_loss_percent", "value_added_loss",
                           "value_added_loss_percent", "employment_loss", "employment_loss_percent", "constraint", "binding_inputs"],
                  rows: r.sectorLosses.map { s in
                      [s.code, s.name, NumberFormat.exact(s.baseOutput), NumberFormat.exact(s.directCapPercent), NumberFormat.exact(s.outputLoss),
                       NumberFormat.exact(s.outputLossPercent), NumberFormat.exact(s.valueAddedLoss), NumberFormat.exact(s.valueAddedLossPercent),
                       s.employmentLoss.map(NumberFormat.exact) ?? "", s.employmentLossPercent.map(NumberFormat.exact) ?? "",
                       constraintJSON(s), s.bindingInputs.joined(separator: " ")]
                  }).csv()
    }
}

