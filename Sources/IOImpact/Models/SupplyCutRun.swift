import Foundation

/// A case resolved against its table and dependence table: every name checked before anything runs.
public struct Scenario: Sendable {
    public var supplyCase: SupplyCutCase
    public let model: LeontiefModel
    public let dependence: DependenceTable
    /// The propagation engine; the Monte Carlo gives it the table's LU to reuse.
    public var propagator: Propagator
    /// Sector index → indices of its essential inputs, from the case.
    public let essential: [Int: [Int]]
    public let extractionSector: Int?

    public var table: IOTable { model.table }

    public static func resolve(_ c: SupplyCutCase) throws -> Scenario {
        let caseDir = URL(fileURLWithPath: c.path).deletingLastPathComponent()
        func resolvePath(_ ref: String) -> String {
            ref.hasPrefix("/") ? ref : caseDir.appendingPathComponent(ref).standardizedFileURL.path
        }
        let table: IOTable
        do {
            table = try (c.table.contains("/") ? TableLoader.load(directory: resolvePath(c.table)) : TableCatalog.load(c.table))
        } catch let e as InputError where e.message.hasPrefix("unknown table") {
            throw InputError(file: c.path, field: "key 'table'", "unknown table '\(c.table)': \(e.message.replacingOccurrences(of: "unknown table: ", with: ""))")
        }
        let materials = try MaterialCatalog.shipped()
        let depPath = c.dependence.contains("/") || c.dependence.hasSuffix(".csv")
            ? resolvePath(c.dependence) : try ProjectLocator.tablesDirectory() + "/dependence/\(c.dependence).csv"
        guard FileManager.default.fileExists(atPath: depPath) else {
            throw InputError(file: c.path, field: "key 'dependence'", "no dependence table '\(c.dependence)' (looked for \(depPath))")
        }
        let dependence = try DependenceTable.load(path: depPath, table: table, materials: materials)
        for m in c.materials where !materials.contains(where: { $0.id == m.material }) {
            throw InputError(file: c.path, field: "material '\(m.material)'", "unknown material; known: \(materials.map(\.id).joined(separator: ", "))")
        }
        guard c.kappa.isFinite else {
            throw InputError(file: c.path, field: "key 'model.kappa'", "κ is missing: give [model] kappa or a parameters file that sets it")
        }
        func sector(_ code: String, _ field: String) throws -> Int {
            guard let j = table.index(of: code) else {
                throw InputError(file: c.path, field: field, "unknown sector '\(code)' in table \(table.metadata.id); valid codes: \(table.codes.joined(separator: ", "))")
            }
            return j
        }
        var essential: [Int: [Int]] = [:]
        for (k, inputs) in c.essentialInputs {
            essential[try sector(k, "key 'model.essential_inputs.\(k)'")] = try inputs.map { try sector($0, "key 'model.essential_inputs.\(k)'") }
        }
        let extraction = try c.extractionSector.map { try sector($0, "key 'model.extraction_sector'") }
        if case .stated(let v, _) = c.gdpBase {
            try GDPBase.checkStated(v, against: table, file: c.path, line: c.gdpValueLine)
        }
        let model = try LeontiefModel(table: table)
        return Scenario(supplyCase: c, model: model, dependence: dependence, propagator: Propagator(model: model),
                        essential: essential, extractionSector: extraction)
    }

    // MARK: The shock

    public struct Shock: Sendable {
        /// s_m for each material cut, in case order.
        public var shortfalls: [Double]
        /// Share of sector j's annual output at risk from each material (rows in case order).
        public var shareByMaterial: [[Double]]
        /// Combined share of annual output at risk.
        public var share: [Double]
        /// x̄ = x⁰ − output at risk.
        public var caps: [Double]
        /// The material that sets each sector's share (max rule), if any.
        public var scarcest: [Int?]
    }

    /// Output at risk in j over the table year: x_j · (T/365) · min(1, κ · scale_m · d_mj · s_m); materials
    /// combine by the scarcest (max) or as independent shortfalls (product). T/365 is capped at one:
    /// the table year is the accounting period.
    public func shock() -> Shock {
        let c = supplyCase
        let n = table.count
        let yearShare = min(1, c.durationDays / 365)
        let s = c.materials.map { c.shortfall($0) }
        let byMaterial: [[Double]] = c.materials.enumerated().map { (k, m) in
            let d = dependence.dependence(material: m.material)!
            return (0..<n).map { j in yearShare * min(1, c.kappa * m.scale * d[j] * s[k]) }
        }
        var share = [Double](repeating: 0, count: n)
        var scarcest = [Int?](repeating: nil, count: n)
        for j in 0..<n {
            switch c.combine {
            case .max:
                for k in byMaterial.indices where byMaterial[k][j] > share[j] { share[j] = byMaterial[k][j]; scarcest[j] = k }
            case .product:
                let inner = byMaterial.indices.map { byMaterial[$0][j] / max(yearShare, 1e-300) }
                share[j] = yearShare * (1 - inner.reduce(1) { $0 * (1 - $1) })
                scarcest[j] = byMaterial.indices.max { byMaterial[$0][j] < byMaterial[$1][j] }.flatMap { byMaterial[$0][j] > 0 ? $0 : nil }
            }
        }
        let caps = (0..<n).map { table.grossOutput[$0] * (1 - share[$0]) }
        return Shock(shortfalls: s, shareByMaterial: byMaterial, share: share, caps: caps, scarcest: scarcest)
    }

    // MARK: Running

    public func propagate(_ method: PropagationMethod, caps: [Double]) throws -> PropagationResult {
        let c = supplyCase
        switch method {
        case .mixed: return try propagator.mixed(caps: caps)
        case .industryFirst:
            return try propagator.industryFirst(caps: caps, binding: propagator.bindingInputs(theta: c.theta, essential: essential))
        case .strict:
            return try propagator.industryFirst(caps: caps, binding: propagator.bindingInputs(theta: 0, essential: essential), method: .strict)
        case .proportional:
            return try propagator.proportional(caps: caps, binding: propagator.bindingInputs(theta: c.theta, essential: essential), rounds: c.rounds)
        case .ghosh: return try propagator.ghosh(caps: caps)
        case .extraction:
            guard let e = extractionSector else {
                throw InputError(file: c.path, field: "key 'model.extraction_sector'", "method 'extraction' needs model.extraction_sector")
            }
            return try propagator.extraction(sector: e)
        }
    }

    /// Runs the case's method, the bracket across methods, and the comparisons.
    public func run() throws -> RunResult {
        let sh = shock()
        let chosen = try propagate(supplyCase.method, caps: sh.caps)
        var others: [Outcome] = []
        var methods = PropagationMethod.bracketMethods + [.strict, .ghosh]
        if extractionSector != nil { methods.append(.extraction) }
        for m in methods {
            let r = m == supplyCase.method ? chosen : try propagate(m, caps: sh.caps)
            others.append(Outcome(scenario: self, result: r))
        }
        let main = Outcome(scenario: self, result: chosen)
        let bracketValues = others.filter { PropagationMethod.bracketMethods.contains($0.result.method) }
        let low = bracketValues.min { $0.gdpLoss < $1.gdpLoss }!
        let high = bracketValues.max { $0.gdpLoss < $1.gdpLoss }!
        return RunResult(scenario: self, shock: sh, main: main, methods: others, bracketLow: low, bracketHigh: high,
                         sectorLosses: RunResult.sectorLosses(scenario: self, shock: sh, main: main))
    }
}

/// GDP, employment and sector losses of one propagation result (losses as positive numbers).
public struct Outcome: Sendable {
    public var result: PropagationResult
    public var outputLoss: [Double]
    public var valueAddedLoss: [Double]
    public var employmentLoss: [Double]?
    public var gdpBase: Double
    public var gdpLoss: Double
    public var gdpLossPercent: Double
    public var employmentBase: Double?
    public var employmentLossTotal: Double?
    public var employmentLossPercent: Double?
    /// Final demand (domestic output) left unmet: f⁰ − delivered, where positive.
    public var unmetFinalDemand: [Double]

    public init(scenario s: Scenario, result: PropagationResult) {
        let t = s.table
        let x0 = t.grossOutput
        let n = t.count
        self.result = result
        let dx = (0..<n).map { x0[$0] - result.output[$0] }
        outputLoss = dx
        let cv = s.model.valueAddedCoefficients
        valueAddedLoss = (0..<n).map { cv[$0] * dx[$0] }
        gdpLoss = valueAddedLoss.reduce(0, +)
        switch s.supplyCase.gdpBase {
        case .table: gdpBase = t.gdp
        case .stated(let v, _): gdpBase = v
        }
        gdpLossPercent = 100 * gdpLoss / gdpBase
        if let e = t.employment {
            let total = e.reduce(0, +)
            employmentBase = total
            let ce = IOMath.intensities(e, per: x0)
            var byCoefficient = (0..<n).map { ce[$0] * dx[$0] }
            if s.supplyCase.employmentConvention == .proRataValueAdded {
                // Employment falls by the GDP percentage in total; sectors keep their coefficient shares.
                let target = total * gdpLoss / t.gdp
                let sum = byCoefficient.reduce(0, +)
                byCoefficient = byCoefficient.map { sum > 0 ? $0 * target / sum : 0 }
            }
            employmentLoss = byCoefficient
            employmentLossTotal = byCoefficient.reduce(0, +)
            employmentLossPercent = 100 * employmentLossTotal! / total
        }
        let f0 = s.propagator.finalDemand
        unmetFinalDemand = (0..<n).map { max(0, f0[$0] - result.finalDemandDelivered[$0]) }
    }
}

/// Everything a run produced: the shock, the chosen method's outcome, every method, the bracket.
public struct RunResult: Sendable {
    public var scenario: Scenario
    public var shock: Scenario.Shock
    public var main: Outcome
    public var methods: [Outcome]
    public var bracketLow: Outcome
    public var bracketHigh: Outcome
    /// Every sector's losses under the case's method, the largest value-added loss first.
    public var sectorLosses: [SectorLoss]
}
