import Foundation

/// How a material's supply is shared among its users (DYNAMICS.md step 3).
public enum AllocationRule: String, Sendable, CaseIterable {
    /// In proportion to each user's requirement.
    case proportional
    /// Users with the most value added per tonne first (the case may name sectors to serve before all others).
    case priority
}

/// How a producer short of output serves its buyers (DYNAMICS.md step 7).
public enum RationingRule: String, Sendable, CaseIterable {
    /// In proportion to orders, intermediate and final alike.
    case proportional
    /// Industrial buyers first (proportionally among them); final demand gets what is left.
    case industryFirst = "industry-first"
}

/// The cut origin's flow of one material: φ_go(t), the share of the normal flow that still arrives.
public struct FlowCut: Sendable {
    public var material: String
    public var origin: String
    public var flow: PiecewisePath
    public var flowBasis: String
    /// Overrides σ_go from Tables/materials/origins.csv when set.
    public var originShare: Double?
    public var originShareBasis: String
    /// On a world table, the destination regions the cut applies to; nil means every region but the
    /// origin. `origin = "ALL"` cuts every origin (a fall in world supply).
    public var destinations: [String]? = nil
    /// The line of `destinations` in the case file, for errors found when the table is known.
    public var line: Int? = nil

    /// The origin code that stands for every origin at once.
    public static let allOrigins = "ALL"
}

/// How allied tonnes are shared between partner regions on a world table.
public enum AlliedSharing: String, Sendable, CaseIterable {
    /// In proportion to each partner's normal use of the material.
    case proRata = "pro-rata"
    /// The producer's home market first, up to the tonnes it lost that period; the rest pro rata.
    case homeFirst = "home-first"
    /// Fixed shares stated in the case (a treaty).
    case treaty
}

/// Allied supply beyond the baseline, tonnes per year by day.
public struct AlliedRamp: Sendable {
    public var material: String
    public var ramp: PiecewisePath
    public var basis: String
    /// World tables: the producing country, the partner regions that share the tonnes, and the rule.
    public var producer: String? = nil
    public var partners: [String]? = nil
    public var sharing: AlliedSharing = .proRata
    public var shares: [String: Double] = [:]
    /// Lines of `producer`, `partners` and `shares` in the case file, for errors found when the table is known.
    public var lines: [String: Int] = [:]
}

/// A national stockpile and its release rule: from `startDay`, at most `maxTonnesPerWeek`, until
/// empty, only while users are short; the named users are served first.
public struct StockpileRule: Sendable {
    public var material: String
    public var tonnes: Double
    public var startDay: Double
    public var maxTonnesPerWeek: Double
    public var users: [String]
    public var basis: String
    /// World tables: the regions that share the stockpile (split pro rata to their normal use).
    public var regions: [String]? = nil
    /// The line of `regions` in the case file.
    public var line: Int? = nil
}

/// Everything a time-stepped case states. Every parameter has a meaning in days, tonnes or shares.
public struct DynamicCase: Sendable {
    public static let formatVersion = "ioimpact-case/2"

    public var id: String
    public var title: String
    public var description: String
    public var path: String
    public var checksum: String
    public var table: String
    /// Satellite id (Tables/materials/satellite-<id>.csv); the table id by default.
    public var satellite: String
    /// Destination country in Tables/materials/origins.csv.
    public var destination: String
    public var start: CivilDate
    public var stepDays: Int
    public var horizonMonths: Int

    public var cuts: [FlowCut]
    /// Cuts of produced goods between regions (`[[goods_cut]]`).
    public var goodsCuts: [GoodsCut] = []
    public var allied: [AlliedRamp]
    public var stockpiles: [StockpileRule]

    /// n_g: user stocks in days of normal use, per material (default for all).
    public var stockDays: Double
    public var stockDaysByMaterial: [String: Double]
    public var stockBasis: String
    /// ε_max and τ_sub: substitution and thrifting grow as ε_max·(1 − e^(−t/τ)) from the first short week.
    public var substitutionCeiling: Double
    public var substitutionCeilingByMaterial: [String: Double]
    public var substitutionDays: Double
    public var substitutionBasis: String

    public var allocation: AllocationRule
    public var prioritySectors: [String]
    public var rationing: RationingRule

    /// Days of essential produced inputs held by buyers: nil keeps each pair's days from the satellite.
    public var inputDays: Double?
    public var inputDaysBasis: String
    /// Days over which depleted input inventories and user stocks are rebuilt.
    public var restockDays: Double
    /// Days of one supplier's product held by every buyer of a listed pair (sector code → days), set
    /// only by a parameter profile (`inventories.days_of_supplier.<code>`); wins over `inputDays`.
    public var inputDaysBySupplier: [String: Double] = [:]
    /// Essentiality ratings set by a parameter profile (`essentiality.<material>.<sector>`), keyed
    /// "material.sector"; a sector the table does not have is left alone.
    public var ratingOverrides: [String: Double] = [:]
    /// θ: when > 0, every pair with a_ij ≥ θ is an essential input too (the static model's binding set).
    public var theta: Double

    /// τ_b: backlog of durable goods caught up over this many days; α_max: at most this share of base
    /// final demand on top.
    public var backlogDays: Double
    public var maxExtra: Double
    /// Share of a durable good's unmet export orders that is lost to other suppliers, not postponed.
    public var exportLostShare: Double = 0
    public var exportLostBasis: String = ""
    public var recoveryBasis: String
    public var backlogEnabled: Bool

    /// η: persons idle at the worst month = η × labour input lost that month.
    public var employmentElasticity: Double
    public var employmentElasticityBasis: String
    /// τ_H and τ_F: time constants (days) of the partial adjustment of persons employed towards the
    /// labour the output needs, hiring and firing (Dynamics/Headcount.swift); 0 is instant. A nil
    /// `firingDays` is derived from η: a year's constant shortfall then moves the annual-average
    /// headcount by η times the full-time-equivalent loss.
    public var hiringDays: Double = Headcount.defaultHiringDays
    public var firingDays: Double? = nil
    public var adjustmentBasis: String = Headcount.defaultBasis

    public var gdpBase: GDPBase
    public var userMaterials: [MaterialSpec]
    public var userOrigins: [OriginShare]
    public var userUses: [MaterialUse]
    public var published: [PublishedEstimate]
    /// The parameter file named by `parameters` (relative to the project) and the fields it set.
    public var parametersFile: String? = nil
    /// The `parameters` value as written in the case (whether or not it was applied): the workbench
    /// accepts only the shipped profile's entry, so that no path from a request is opened.
    public var parametersEntry: String? = nil
    public var fromProfile: [(field: String, value: Double, caseValue: Double?)] = []
    /// Lines of keys checked only once the table and catalogue are known ("cut[0].material",
    /// "stockpile[1].users", "material.use[2].sector", "stocks.by_material.re_ndpr", "table", ...).
    public var keyLines: [String: Int] = [:]
    /// What the levers cost, where the case replaces the shipped figures (`ioimpact frontier`).
    public var leverCosts: [LeverCostOverride] = []
    public var leverFinance: LeverFinanceOverride? = nil
}
