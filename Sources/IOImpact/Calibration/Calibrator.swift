import Foundation

/// Fits the free parameters of the supply-cut model to published estimates, profile by profile.
///
/// Objective Σ((model − target)/tolerance)²; Brent for one parameter, Nelder–Mead for several.
/// Every evaluation runs the model: nothing returns a target without computing it.
public struct Calibrator: Sendable {
    public let spec: CalibrationSpec
    public let targets: [CalibrationTarget]
    /// Resolved scenarios by case reference, with the fixed parameters applied.
    let scenarios: [String: Scenario]
    public let fixedValues: [(String, Double)]

    public init(spec: CalibrationSpec, targetsPath: String? = nil) throws {
        self.spec = spec
        let tpath = targetsPath ?? spec.targetsPath
        self.targets = try TargetTable.load(path: tpath)
        for p in spec.fits + spec.checks where !targets.contains(where: { $0.id == p.target }) {
            throw InputError(file: spec.path, field: "target '\(p.target)'", "not in the targets table \(tpath); targets there: \(targets.map(\.id).joined(separator: ", "))")
        }
        var fixed: [(String, Double)] = []
        if let from = spec.fixedFrom {
            guard FileManager.default.fileExists(atPath: from) else {
                throw InputError(file: spec.path, field: "key 'fixed_from'", "names '\(from)', which does not exist: calibrate that profile first")
            }
            let file = try ParameterFile.load(path: from)
            for name in spec.fixed {
                guard let v = file.values.first(where: { $0.0 == name })?.1 else {
                    throw InputError(file: spec.path, field: "key 'fixed'", "'\(name)' is not in \(from)")
                }
                fixed.append((name, v))
            }
        }
        self.fixedValues = fixed
        var scen: [String: Scenario] = [:]
        let refs = Set(spec.fits.map(\.caseRef) + spec.checks.map(\.caseRef) + spec.predictions + [spec.uncertaintyCase].compactMap { $0 })
        for ref in refs.sorted() {
            let c: SupplyCutCase
            do { c = try CaseLoader.load(ref) } catch let e as InputError where e.message.hasPrefix("unknown case") {
                throw InputError(file: spec.path, field: "case '\(ref)'", e.message)
            }
            var s = try Scenario.resolve(c)
            for (k, v) in fixed { try ParameterFile.set(k, v, in: &s.supplyCase, strict: false) }
            scen[ref] = s
        }
        self.scenarios = scen
        // Every free parameter must act on at least one fitted case.
        for p in spec.parameters {
            let acts = try spec.fits.contains { pair in
                var c = scen[pair.caseRef]!.supplyCase
                let before = c.materials
                let kb = c.kappa, tb = c.theta
                try ParameterFile.set(p.name, p.start + 1, in: &c, strict: false)
                return c.materials != before || c.kappa != kb || c.theta != tb
            }
            if !acts { throw InputError(file: spec.path, field: "parameter '\(p.name)'", "acts on none of the fitted cases") }
        }
    }

    public func target(_ id: String) -> CalibrationTarget { targets.first { $0.id == id }! }

    /// Runs a case with the given parameter values and returns its outcome.
    public func outcome(_ caseRef: String, _ values: [(String, Double)]) throws -> (Outcome, Scenario) {
        var s = scenarios[caseRef]!
        for (k, v) in values { try ParameterFile.set(k, v, in: &s.supplyCase, strict: false) }
        let r = try s.propagate(s.supplyCase.method, caps: s.shock().caps)
        return (Outcome(scenario: s, result: r), s)
    }

    public func modelValue(_ pair: CalibrationSpec.Pairing, _ values: [(String, Double)]) throws -> Double {
        let (o, s) = try outcome(pair.caseRef, values)
        let t = target(pair.target)
        guard let v = t.modelValue(o, scenario: s) else {
            throw InputError(file: spec.targetsPath, line: t.line, field: "target '\(t.id)'", "case \(pair.caseRef) cannot produce \(t.quantity.name) (no employment vector or unknown sector)")
        }
        return v
    }

    public func objective(_ values: [(String, Double)], pairs: [CalibrationSpec.Pairing]) throws -> Double {
        try pairs.reduce(0) { acc, p in
            let t = target(p.target)
            let d = (try modelValue(p, values) - t.value) / t.tolerance
            return acc + d * d
        }
    }

    /// Fits `parameters` (the others held at their start values) to `pairs`.
    func fit(_ parameters: [CalibrationSpec.Parameter], held: [CalibrationSpec.Parameter], pairs: [CalibrationSpec.Pairing]) throws -> (values: [(String, Double)], objective: Double, evaluations: Int, method: String) {
        let heldValues = held.map { ($0.name, $0.start) }
        func named(_ x: [Double]) -> [(String, Double)] { zip(parameters.map(\.name), x).map { ($0, $1) } + heldValues }
        if parameters.count == 1 {
            let p = parameters[0]
            let r = try Optimizers.brent({ try objective(named([$0]), pairs: pairs) }, p.low, p.high)
            return (named([r.x]), r.fx, r.evaluations, "Brent")
        }
        let r = try Optimizers.nelderMead({ try objective(named($0), pairs: pairs) }, start: parameters.map(\.start),
                                          low: parameters.map(\.low), high: parameters.map(\.high))
        return (named(r.x), r.fx, r.evaluations, "Nelder–Mead")
    }

    public func run(draws: Int? = nil, seed: UInt64? = nil, progress: ((Int, Int) -> Void)? = nil) throws -> CalibrationResult {
        let fitted = try fit(spec.parameters, held: [], pairs: spec.fits)
        let values = fitted.values
        func row(_ p: CalibrationSpec.Pairing) throws -> CalibrationResult.FitRow {
            let t = target(p.target)
            let m = try modelValue(p, values)
            return .init(targetID: t.id, caseRef: p.caseRef, quantity: t.quantity.name, unit: t.unit, target: t.value, tolerance: t.tolerance,
                         model: m, withinTolerance: abs(m - t.value) <= t.tolerance * (1 + 1e-9))
        }
        let fitRows = try spec.fits.map(row)
        let checkRows = try spec.checks.map(row)

        // Profiles of the objective around the optimum, one parameter at a time, and each fitted range
        // (where the objective stays within 1 of its minimum).
        var profiles: [CalibrationResult.Profile] = []
        for (k, p) in spec.parameters.enumerated() {
            let best = values[k].1
            let span = max(abs(best) * 0.5, (p.high - p.low) * 0.02)
            let lo = max(p.low, best - span), hi = min(p.high, best + span)
            var points: [(Double, Double)] = []
            for i in 0...20 {
                let v = lo + (hi - lo) * Double(i) / 20
                var trial = values
                trial[k].1 = v
                points.append((v, try objective(trial, pairs: spec.fits)))
            }
            func edge(_ direction: Double) throws -> Double {
                let bound = direction < 0 ? p.low : p.high
                var inside = best, outside = bound
                var trial = values
                trial[k].1 = bound
                if try objective(trial, pairs: spec.fits) <= fitted.objective + 1 { return bound }
                for _ in 0..<60 {
                    let mid = 0.5 * (inside + outside)
                    trial[k].1 = mid
                    if try objective(trial, pairs: spec.fits) <= fitted.objective + 1 { inside = mid } else { outside = mid }
                }
                return inside
            }
            profiles.append(.init(parameter: p.name, points: points, low: try edge(-1), high: try edge(1)))
        }

        // Leave-one-out: fit on all targets but one, predict the one left out. With fewer remaining
        // targets than parameters, only the first ones (in the spec's order) are fitted, the rest held
        // at their start values.
        var loo: [CalibrationResult.LeaveOneOut] = []
        if spec.fits.count >= 2 {
            for (k, left) in spec.fits.enumerated() {
                let rest = spec.fits.enumerated().filter { $0.offset != k }.map(\.element)
                let m = min(rest.count, spec.parameters.count)
                let free = Array(spec.parameters.prefix(m)), held = Array(spec.parameters.dropFirst(m))
                let f = try fit(free, held: held, pairs: rest)
                let predicted = try modelValue(left, f.values)
                let t = target(left.target)
                loo.append(.init(leftOut: t.id, fittedOn: rest.map(\.target), values: f.values, target: t.value, tolerance: t.tolerance,
                                 predicted: predicted, held: held.map(\.name)))
            }
        }

        // Predictions for quantities and cases not fitted.
        var predictions: [CalibrationResult.Prediction] = []
        for ref in Set(spec.fits.map(\.caseRef)).sorted() + spec.predictions {
            let (o, s) = try outcome(ref, values)
            let topSectors = (0..<s.table.count).sorted { o.valueAddedLoss[$0] != o.valueAddedLoss[$1] ? o.valueAddedLoss[$0] > o.valueAddedLoss[$1] : $0 < $1 }
                .prefix(3).map { j in "\(s.table.sectors[j].name) −\(NumberFormat.fixed(100 * o.outputLoss[j] / s.table.grossOutput[j], 1))%" }
            predictions.append(.init(caseRef: ref, fitted: spec.fits.contains { $0.caseRef == ref }, gdpLossPercent: o.gdpLossPercent,
                                     gdpLoss: o.gdpLoss, unit: s.table.metadata.unit, currency: s.table.metadata.currency,
                                     employmentLoss: o.employmentLossTotal, employmentLossPercent: o.employmentLossPercent,
                                     topSectors: topSectors))
        }

        var uncertainty: MonteCarloResult? = nil
        if let ref = spec.uncertaintyCase {
            let ranges: [(String, Double, Double, String)] = spec.ranges.map { r in
                if r.fitted, let p = profiles.first(where: { $0.parameter == r.name }) { return (r.name, p.low, p.high, r.basis) }
                return (r.name, r.low!, r.high!, r.basis)
            }
            var s = scenarios[ref]!
            for (k, v) in values { try ParameterFile.set(k, v, in: &s.supplyCase, strict: false) }
            uncertainty = try MonteCarlo.run(scenario: s, ranges: ranges, draws: draws ?? spec.draws, seed: seed ?? spec.seed, progress: progress)
        }
        let unreachable = fitRows.filter { !$0.withinTolerance }
        return CalibrationResult(spec: spec, targets: targets, fixed: fixedValues, values: values, objective: fitted.objective,
                                 evaluations: fitted.evaluations, method: fitted.method, fit: fitRows, checks: checkRows,
                                 profiles: profiles, leaveOneOut: loo, predictions: predictions, uncertainty: uncertainty,
                                 unreachable: unreachable.map { r in
                                     "target '\(r.targetID)' (\(NumberFormat.significant(r.target, 4)) ± \(NumberFormat.significant(r.tolerance, 3))) cannot be reached within the parameter bounds; the closest fit gives \(NumberFormat.significant(r.model, 4)) at " +
                                         values.map { "\($0.0) = \(NumberFormat.significant($0.1, 5))" }.joined(separator: ", ")
                                 })
    }
}

public struct CalibrationResult: Sendable {
    public struct FitRow: Sendable {
        public var targetID: String
        public var caseRef: String
        public var quantity: String
        public var unit: String
        public var target: Double
        public var tolerance: Double
        public var model: Double
        public var withinTolerance: Bool
    }
    public struct Profile: Sendable {
        public var parameter: String
        public var points: [(Double, Double)]
        /// The fitted range: where the objective stays within 1 of its minimum.
        public var low: Double
        public var high: Double
    }
    public struct LeaveOneOut: Sendable {
        public var leftOut: String
        public var fittedOn: [String]
        public var values: [(String, Double)]
        public var target: Double
        public var tolerance: Double
        public var predicted: Double
        public var held: [String]
        public var error: Double { predicted - target }
    }
    public struct Prediction: Sendable {
        public var caseRef: String
        public var fitted: Bool
        public var gdpLossPercent: Double
        public var gdpLoss: Double
        public var unit: String
        public var currency: String
        public var employmentLoss: Double?
        public var employmentLossPercent: Double?
        public var topSectors: [String]
    }
    public var spec: CalibrationSpec
    public var targets: [CalibrationTarget]
    public var fixed: [(String, Double)]
    public var values: [(String, Double)]
    public var objective: Double
    public var evaluations: Int
    public var method: String
    public var fit: [FitRow]
    public var checks: [FitRow]
    public var profiles: [Profile]
    public var leaveOneOut: [LeaveOneOut]
    public var predictions: [Prediction]
    public var uncertainty: MonteCarloResult?
    /// Messages for targets no parameter within bounds reaches, with the closest fit.
    public var unreachable: [String]

    /// The parameter file the cases read: fixed values first, then the fitted ones.
    public var parameterFile: ParameterFile {
        let fitted = fit.map { "\($0.targetID) = \(NumberFormat.significant($0.target, 4))" }.joined(separator: ", ")
        return ParameterFile(profile: spec.profile, values: fixed + values,
                             fittedBy: "ioimpact calibrate \(ReportRenderer.relative(spec.path))",
                             note: "Fitted to \(fitted) by \(method) (objective \(CalibrationViews.objective(objective)))",
                             heldFixed: fixed.map(\.0), heldFrom: spec.fixedFrom.map(ReportRenderer.relative) ?? "")
    }
}
