import Foundation

/// Why the model differs from a study, in numbers (docs/METHOD.md, "Each study under its own
/// assumptions"): the study's figure, its reproduction in the engine's static limit, then the reference
/// case with one of the model's assumptions restored at a time — the case's own flow path in weekly
/// steps, users' stocks, substitution, rationing and inventories of essential produced inputs, the
/// backlog of durables, any stockpile or allied supply, domestic magnet making — ending at the model's
/// figure. Every figure after the reproduction is the gross loss over the first twelve months in % of
/// one year's GDP, the headline measure; each step's contribution is its figure less the one before,
/// so the contributions add up to the model's figure less the study's.
public struct StudyBridge: Sendable {
    public struct Step: Sendable {
        public var label: String
        /// The figure after this step (% of one year's GDP).
        public var value: Double
    }
    public var spec: StudySpec
    public var reproduction: StudyReproduction
    /// From the published figure to the model's, in order.
    public var steps: [Step]
    /// The reference case as run (the last step) and its path.
    public var model: DynamicModel
    public var outcome: DynamicOutcome
    public var headcount: Headcount?
    /// The order matters: the reproduction with domestic magnet making alone added (nil without conversions).
    public var magnetMakingOnReproduction: Double?

    public var modelFigure: Double { steps[steps.count - 1].value }
    /// Each step's figure less the one before (the first row, the published figure, has none).
    public var contributions: [Double] { (1..<steps.count).map { steps[$0].value - steps[$0 - 1].value } }

    /// Loads a shipped reference case with the shared parameter set on disk, or with `profile` instead.
    public static func loadCase(_ id: String, profile: ParameterProfile?) throws -> DynamicCase {
        let path = try DynamicCaseLoader.casesDirectory() + "/\(id).toml"
        var c = try DynamicCaseLoader.load(path: path, applyParameters: profile == nil)
        if let profile {
            for (f, v) in profile.values { f.apply(v, to: &c, basis: "calibrated") }
        }
        return c
    }

    public static func run(_ spec: StudySpec, profile: ParameterProfile? = nil,
                           tables: inout [String: (IOTable, MaterialSatellite)]) throws -> StudyBridge {
        let full = try loadCase(spec.caseRef, profile: profile)
        let reproCase = spec.reproductionCaseRef == spec.caseRef
            ? full : try loadCase(spec.reproductionCaseRef, profile: profile)
        let key = full.table + "|" + full.satellite
        if tables[key] == nil {
            let t = try TableCatalog.load(full.table)
            tables[key] = (t, try MaterialSatellite.shipped(full.satellite, table: t))
        }
        let (table, satellite) = tables[key]!
        let repro = try StudyReproduction(spec: spec, case: reproCase, table: table, satellite: satellite)
        var steps = [Step(label: "published", value: spec.published),
                     Step(label: "reproduction: the static limit under the study's assumptions",
                          value: repro.lossPercent)]
        var c = StudyReproduction.stripped(full), s = StudyReproduction.stripped(satellite)
        var last: (DynamicModel, Simulation.Path)? = nil
        func add(_ label: String) throws {
            let m = try DynamicModel(case: c, table: table, satellite: s)
            let p = try Simulation.run(m)
            last = (m, p)
            steps.append(Step(label: label, value: DynamicOutcome(model: m, path: p).gdpLossFirst12GrossPercent))
        }
        try add("the case's own flow path in weekly steps, first 12 months (replaces the study's period and scaling)")
        c.stockDays = full.stockDays
        c.stockDaysByMaterial = full.stockDaysByMaterial
        try add("+ users' stocks (\(NumberFormat.significant(full.stockDays, 3)) days of use"
            + (full.stockDaysByMaterial.isEmpty ? "" : ", some materials their own") + ")")
        c.substitutionCeiling = full.substitutionCeiling
        c.substitutionCeilingByMaterial = full.substitutionCeilingByMaterial
        try add("+ substitution and thrifting (τ = \(NumberFormat.significant(full.substitutionDays, 3)) days)")
        s.essentialInputs = satellite.essentialInputs
        c.theta = full.theta
        try add("+ rationing and inventories (\(satellite.essentialInputs.count) essential produced-input pairs)")
        c.backlogEnabled = full.backlogEnabled
        let lost = NumberFormat.significant(100 * full.exportLostShare, 2)
        try add("+ backlog of durables: catch-up after the constraint, \(lost)% of unmet exports lost")
        if !full.allied.isEmpty || !full.stockpiles.isEmpty {
            c.allied = full.allied
            c.stockpiles = full.stockpiles
            try add("+ stockpile and allied supply")
        }
        s.conversions = satellite.conversions
        try add("+ domestic magnet making (the model)")
        let (m, p) = last!
        var alone: Double? = nil
        if !satellite.conversions.isEmpty {
            var sat = StudyReproduction.stripped(satellite)
            sat.conversions = satellite.conversions
            let r = try StudyReproduction(spec: spec, case: reproCase, table: table, satellite: sat,
                                          keepingConversions: true)
            alone = r.lossPercent
        }
        return StudyBridge(spec: spec, reproduction: repro, steps: steps, model: m,
                           outcome: DynamicOutcome(model: m, path: p), headcount: Headcount(model: m, path: p),
                           magnetMakingOnReproduction: alone)
    }

    /// Every study in `Tables/calibration/studies.csv` (or `path`).
    public static func all(path: String? = nil, profile: ParameterProfile? = nil) throws -> [StudyBridge] {
        var tables: [String: (IOTable, MaterialSatellite)] = [:]
        return try StudySpecs.load(path: path ?? StudySpecs.shippedPath()).map {
            try run($0, profile: profile, tables: &tables)
        }
    }
}
