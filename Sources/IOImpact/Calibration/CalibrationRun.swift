import Foundation

/// A spec run end to end: targets loaded, cases resolved once, the joint fit and its account, the
/// Monte Carlo, and the parameter file to write. No file is written here.
public struct CalibrationResult: Sendable {
    public var spec: CalibrationSpec
    /// The targets table actually used (the spec's, or one given on the command line).
    public var targetsPath: String
    public var calibration: JointCalibration
    public var uncertainty: CalibrationUncertainty?
    public var command: String

    public var profile: ParameterProfile {
        let c = calibration
        let note = "Fitted jointly to \(c.problem.targets.count) targets (\(c.problem.targets.map(\.id).joined(separator: ", "))) with \(c.problem.parameters.count) free parameters: \(c.problem.degreesOfFreedom) degrees of freedom, objective \(NumberFormat.significant(c.fit.objective, 4)); \(c.misses.isEmpty ? "every target within tolerance" : "outside tolerance: " + c.misses.map { c.problem.targets[$0].id }.joined(separator: ", ")). Report: \(ReportRenderer.relative(spec.reportPath))"
        return ParameterProfile(fittedBy: command, note: note, values: zip(c.problem.parameters, c.fit.theta).flatMap { p, v in p.fields.map { ($0, v) } })
    }

    /// Targets outside tolerance, as one line each (closest fit shown).
    public var misses: [String] {
        calibration.misses.map { k in
            let t = calibration.problem.targets[k]
            let m = calibration.fit.values[k]!
            return "target \(t.id) not reached: closest fit \(NumberFormat.significant(m, 4)) against \(NumberFormat.significant(t.value, 4)) ± \(NumberFormat.significant(t.tolerance, 3)) \(t.unit) (\(NumberFormat.fixed((m - t.value) / t.tolerance, 1)) tolerances)"
        }
    }
}

public enum CalibrationRunner {
    /// Runs `spec`, with `targetsPath` replacing the spec's targets when given; `draws` and `seed`
    /// replace the spec's Monte Carlo settings.
    public static func run(spec: CalibrationSpec, targetsPath: String? = nil, draws: Int? = nil, seed: UInt64? = nil,
                           command: String, progress: JointCalibration.Progress? = nil) throws -> CalibrationResult {
        // One thread for every BLAS and LAPACK call: the fit's path (and so its evaluation count) turns
        // on the last bits of χ², which must not depend on thread scheduling or the load on the machine.
        try BLASRuntime.pinnedToOneThread {
            try runPinned(spec: spec, targetsPath: targetsPath, draws: draws, seed: seed, command: command,
                          progress: progress)
        }
    }

    static func runPinned(spec: CalibrationSpec, targetsPath: String?, draws: Int?, seed: UInt64?,
                          command: String, progress: JointCalibration.Progress?) throws -> CalibrationResult {
        let path = targetsPath ?? spec.targetsPath
        let targets = try CalibrationTargets.load(path: path)
        let problem = try CalibrationProblem.resolve(parameters: spec.parameters, targets: targets)
        let joint = try JointCalibration.run(problem, maxEvaluations: spec.maxEvaluations, profilePoints: spec.profilePoints,
                                             refitEvaluations: spec.refitEvaluations, profileBisections: spec.profileBisections,
                                             progress: progress)
        var uncertainty: CalibrationUncertainty? = nil
        if let u = spec.uncertainty {
            let base = try DynamicModel.resolve(try CalibrationProblem.loadCase(u.caseRef, relativeTo: spec.path, field: "key 'uncertainty.case'"))
            guard base.model.table.index(of: u.sector) != nil else {
                throw InputError(file: spec.path, field: "key 'uncertainty.sector'", "unknown sector '\(u.sector)' in table \(base.model.table.metadata.id) of case '\(u.caseRef)'")
            }
            uncertainty = try CalibrationUncertainty.run(base: base, sector: u.sector, calibration: joint, draws: draws ?? u.draws,
                                                         seed: seed ?? u.seed, tonnageSpread: u.tonnageSpread, progress: progress)
        }
        return CalibrationResult(spec: spec, targetsPath: path, calibration: joint, uncertainty: uncertainty, command: command)
    }
}
