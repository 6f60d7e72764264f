import Foundation

/// A time-stepped case run with its own rules, and the bracket over the other allocation and
/// rationing rules (proportional/priority × proportional/industry-first).
public struct DynamicRun: Sendable {
    public var model: DynamicModel
    public var path: Simulation.Path
    public var main: DynamicOutcome
    /// Every rule combination, the case's own included.
    public var bracket: [DynamicOutcome]
    /// With allied supply or a stockpile in the case: the same run without them (nil otherwise).
    public var levers: LeverSavings?
    /// With both rare earths and other critical minerals cut: what the minerals add (nil otherwise).
    public var otherMinerals: OtherMinerals?
    /// The model's month-on-month production by IIP industry beside what happened (Tables/observed/),
    /// for the months the observed data cover; empty when they cover none of the run's months.
    public var observed: [ObservedComparison.Row] = []
    public static let observedIndustries = ["total", "motor_vehicles", "production_machinery",
                                            "general_business_machinery", "electrical_ict", "electronic_parts"]
    /// The smallest and largest loss over the rule combinations (% of one year's GDP): gross over the first
    /// twelve months and over the whole horizon, and net in calendar year k of the horizon.
    public var first12Range: ClosedRange<Double> { range(bracket.map(\.gdpLossFirst12GrossPercent)) }
    public var totalRange: ClosedRange<Double> { range(bracket.map(\.gdpLossGrossPercent)) }
    public func yearRange(_ k: Int) -> ClosedRange<Double> { range(bracket.map { $0.years[k].gdpLossPercent }) }
    func range(_ v: [Double]) -> ClosedRange<Double> { v.min()!...v.max()! }

    /// - Parameters:
    ///   - withBracket: also run the three other rule combinations (the ranges); without it the ranges are
    ///     the case's own rules only.
    ///   - progress: called before each run with (runs done, runs in all, what runs next), for a command that
    ///     shows progress; the library prints nothing. An error it throws stops the run there (the workbench's
    ///     time limit): nothing is kept.
    public init(model: DynamicModel, withBracket: Bool = true,
                progress: ((Int, Int, String) throws -> Void)? = nil) throws {
        self.model = model
        let total = 1 + (withBracket ? 3 : 0) + (model.hasLevers ? 1 : 0)
        try progress?(0, total, "the case's rules")
        path = try Simulation.run(model)
        main = DynamicOutcome(model: model, path: path)
        var all = [main]
        if withBracket {
            for a in AllocationRule.allCases {
                for r in RationingRule.allCases where !(a == model.allocation && r == model.rationing) {
                    try progress?(all.count, total, "allocation \(a.rawValue), rationing \(r.rawValue)")
                    all.append(DynamicOutcome(model: model, path: try Simulation.run(model, allocation: a, rationing: r)))
                }
            }
        }
        bracket = all
        if withBracket { try progress?(min(all.count, total - 1), total, "other minerals") }
        otherMinerals = withBracket ? try OtherMinerals.measure(model) : nil
        if let data = try? ObservedData.shipped() {
            observed = ObservedComparison.rows(self, observed: data, industries: DynamicRun.observedIndustries)
        }
        if model.hasLevers {
            try progress?(total - 1, total, "without the levers")
            let bare = model.withoutLevers()
            levers = LeverSavings(levers: model.leverNames, withoutLevers: DynamicOutcome(model: bare, path: try Simulation.run(bare)))
        }
    }

    public static func run(_ c: DynamicCase) throws -> DynamicRun { try DynamicRun(model: try DynamicModel.resolve(c)) }
}

/// Loads a case file of either format: `ioimpact-case/1` (the static model) or `ioimpact-case/2`.
public enum AnyCase: Sendable {
    case staticCase(SupplyCutCase)
    case dynamicCase(DynamicCase)

    public var id: String {
        switch self { case .staticCase(let c): return c.id; case .dynamicCase(let c): return c.id }
    }

    public static func load(_ idOrPath: String) throws -> AnyCase {
        let path: String
        if idOrPath.hasSuffix(".toml") || idOrPath.contains("/") { path = idOrPath } else {
            path = try DynamicCaseLoader.casesDirectory() + "/" + idOrPath + ".toml"
            guard FileManager.default.fileExists(atPath: path) else {
                let staticPath = try CaseLoader.casesDirectory() + "/" + idOrPath + ".toml"
                guard FileManager.default.fileExists(atPath: staticPath) else {
                    let ids = (try? DynamicCaseLoader.shippedIDs()) ?? []
                    throw InputError(file: idOrPath, "unknown case: not a reference case id nor a .toml path; reference cases: \(ids.joined(separator: ", ")) (the static model's cases run by path, Tables/cases/static/<id>.toml)")
                }
                return .staticCase(try CaseLoader.load(idOrPath))
            }
        }
        // Parsed once; the `format` key decides which loader reads it.
        let reader = try TOMLReader(path: path)
        if try TOMLSection(reader).optionalString("format") == DynamicCase.formatVersion {
            return .dynamicCase(try DynamicCaseLoader.parse(reader, applyParameters: true))
        }
        return .staticCase(try CaseLoader.parse(reader))
    }
}
