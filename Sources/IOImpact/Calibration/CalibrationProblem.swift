import Foundation

/// The targets, the resolved model of each case they name, and the free parameters: everything the
/// objective needs, resolved once. An evaluation copies each model with the trial values
/// (`DynamicModel.applying`), reusing its table and LU factorisation, and runs its path once.
///
/// Objective: χ²(θ) = Σ_k ((m_k(θ) − y_k) / τ_k)², y_k the target, τ_k its tolerance (one tolerance
/// is read as one standard error, so Δχ² = 1 bounds a parameter's range).
public struct CalibrationProblem: Sendable {
    public var parameters: [CalibrationSpec.Parameter]
    public var targets: [CalibrationTarget]
    /// One resolved model per distinct case, and each target's model and sector.
    public var models: [DynamicModel]
    public var modelOfTarget: [Int]
    public var sectorOfTarget: [Int?]

    public var low: [Double] { parameters.map(\.low) }
    public var high: [Double] { parameters.map(\.high) }
    public var start: [Double] { parameters.map(\.start) }
    /// Targets minus free parameters.
    public var degreesOfFreedom: Int { targets.count - parameters.count }

    /// `models` maps each target's `caseRef` to its resolved model; every sector is checked.
    public init(parameters: [CalibrationSpec.Parameter], targets: [CalibrationTarget], models byCase: [String: DynamicModel]) throws {
        self.parameters = parameters
        self.targets = targets
        var refs: [String] = []
        var models: [DynamicModel] = []
        var modelOf: [Int] = []
        var sectors: [Int?] = []
        for t in targets {
            guard let m = byCase[t.caseRef] else { throw InputError(file: t.path, line: t.line, field: "column case", "no case '\(t.caseRef)'") }
            if let k = refs.firstIndex(of: t.caseRef) { modelOf.append(k) } else { refs.append(t.caseRef); models.append(m); modelOf.append(models.count - 1) }
            if let code = t.quantity.sector {
                guard let j = m.model.table.index(of: code) else {
                    throw InputError(file: t.path, line: t.line, field: "column sector", "unknown sector '\(code)' in table \(m.model.table.metadata.id) of case '\(t.caseRef)'")
                }
                sectors.append(j)
            } else {
                sectors.append(nil)
                if case .gdpLossPercentFirstMonths(let n) = t.quantity, n > m.timeline.months.count {
                    throw InputError(file: t.path, line: t.line, field: "column quantity", "case '\(t.caseRef)' runs \(m.timeline.months.count) months, fewer than \(n)")
                }
            }
        }
        self.models = models
        modelOfTarget = modelOf
        sectorOfTarget = sectors
    }

    /// Loads the targets' cases (a reference case id, or a `.toml` path relative to the targets file)
    /// without their `parameters` file: the free fields are set by the calibration, the others are
    /// the case's own.
    public static func resolve(parameters: [CalibrationSpec.Parameter], targets: [CalibrationTarget]) throws -> CalibrationProblem {
        var models: [String: DynamicModel] = [:]
        for t in targets where models[t.caseRef] == nil {
            models[t.caseRef] = try DynamicModel.resolve(try loadCase(t.caseRef, relativeTo: t.path, line: t.line))
        }
        for p in parameters {
            for case .stockDaysOf(let g) in p.fields { try checkMaterial(g, models) }
            for case .substitutionCeilingOf(let g) in p.fields { try checkMaterial(g, models) }
        }
        return try CalibrationProblem(parameters: parameters, targets: targets, models: models)
    }

    static func checkMaterial(_ g: String, _ models: [String: DynamicModel]) throws {
        guard let m = models.values.first, m.satellite.materials.contains(where: { $0.id == g }) else {
            throw InputError(file: models.values.first?.dynamicCase.path ?? "", "unknown material '\(g)' in a calibrated field")
        }
    }

    /// A case by reference id or path; an unknown case names the file and line that asked for it.
    public static func loadCase(_ ref: String, relativeTo file: String, line: Int? = nil, field: String = "column case") throws -> DynamicCase {
        let path: String
        if ref.hasSuffix(".toml") || ref.contains("/") {
            path = ref.hasPrefix("/") ? ref : URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent(ref).standardizedFileURL.path
        } else {
            path = try DynamicCaseLoader.casesDirectory() + "/\(ref).toml"
        }
        guard FileManager.default.fileExists(atPath: path) else {
            let known = (try? DynamicCaseLoader.shippedIDs())?.joined(separator: ", ") ?? ""
            throw InputError(file: file, line: line, field: field, "unknown case '\(ref)' (no file \(path)); reference cases: \(known)")
        }
        return try DynamicCaseLoader.load(path: path, applyParameters: false)
    }

    /// The trial values as case fields.
    public func fields(_ theta: [Double]) -> [(CaseField, Double)] {
        zip(parameters, theta).flatMap { p, v in p.fields.map { ($0, v) } }
    }

    /// One model's path under the trial values (and optionally other rules).
    public func run(model k: Int, _ theta: [Double], allocation: AllocationRule? = nil, rationing: RationingRule? = nil) throws -> DynamicOutcome {
        let m = models[k].applying(fields(theta))
        return DynamicOutcome(model: m, path: try Simulation.run(m, allocation: allocation, rationing: rationing))
    }

    /// The model's value of every target in `subset` (all by default); nil for targets not asked for.
    public func modelValues(_ theta: [Double], subset: [Int]? = nil, allocation: AllocationRule? = nil,
                            rationing: RationingRule? = nil) throws -> [Double?] {
        let wanted = subset ?? Array(targets.indices)
        var out = [Double?](repeating: nil, count: targets.count)
        for k in Set(wanted.map { modelOfTarget[$0] }).sorted() {
            let o = try run(model: k, theta, allocation: allocation, rationing: rationing)
            for i in wanted where modelOfTarget[i] == k {
                out[i] = CalibrationProblem.value(targets[i].quantity, sector: sectorOfTarget[i], outcome: o, periods: models[k].timeline.periods)
            }
        }
        return out
    }

    /// A target's quantity in an outcome. A GDP loss is gross (sector-weeks below base; a rebound is not
    /// netted against it, and the studies model none). A sector that is never short (or never recovers)
    /// counts as the period after the horizon.
    public static func value(_ q: CalibrationTarget.Quantity, sector: Int?, outcome o: DynamicOutcome, periods: Int) -> Double {
        switch q {
        case .gdpLossPercentFirstMonths(let n):
            return o.months.prefix(n).map(\.grossLoss).reduce(0, +) / o.gdpBase * 100
        case .firstShortWeek:
            return Double(o.firstShort[sector!].map { $0 + 1 } ?? periods + 1)
        case .recoveredWeek:
            return Double(o.recovered[sector!].map { $0 + 1 } ?? periods + 1)
        }
    }

    /// Residuals in tolerances, (m − y)/τ, of the targets in `subset`.
    public func residuals(_ values: [Double?], subset: [Int]? = nil) -> [Double] {
        (subset ?? Array(targets.indices)).map { (values[$0]! - targets[$0].value) / targets[$0].tolerance }
    }

    public func objective(_ theta: [Double], subset: [Int]? = nil) throws -> Double {
        residuals(try modelValues(theta, subset: subset), subset: subset).map { $0 * $0 }.reduce(0, +)
    }
}
