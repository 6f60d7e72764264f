import Foundation

/// The levers of a time-stepped case as plain fields, for an editor (the workbench): each cut's flow
/// path, the stockpiles and their release, allied ramps, users' stock days, substitution, the allocation
/// and rationing rules, the horizon and whether the shared parameter profile applies. Read from a case
/// parsed by the strict loader; written back into the case's own TOML text by `CaseEditor`, whose result
/// goes through the same loader again. Field meanings: docs/CASES.md.
public struct CaseLevers: Codable, Sendable, Equatable {
    public struct Cut: Codable, Sendable, Equatable {
        public var material: String
        public var origin: String
        /// `[[day, share of normal flow], ...]` as in the case file.
        public var flow: [[Double]]
        public var flowBasis: String
        public var originShare: Double?
        public var originShareBasis: String?
        public var destinations: [String]?
    }

    public struct Stockpile: Codable, Sendable, Equatable {
        public var material: String
        public var tonnes: Double
        public var startDay: Double
        public var maxTonnesPerWeek: Double
        public var users: [String]
        public var basis: String
        public var regions: [String]?
    }

    public struct Allied: Codable, Sendable, Equatable {
        public var material: String
        /// `[[day, tonnes per year], ...]`.
        public var ramp: [[Double]]
        public var basis: String
        public var producer: String?
        public var partners: [String]?
        public var sharing: String
        public var shares: [String: Double]
    }

    public var id: String
    public var title: String
    public var table: String
    public var horizonMonths: Int
    /// The case's `parameters` entry (the shared calibrated profile), or nil for the case's own values.
    public var parameters: String?
    public var cuts: [Cut]
    public var stockpiles: [Stockpile]
    public var allied: [Allied]
    public var stockDays: Double
    public var stockDaysByMaterial: [String: Double]
    public var stockBasis: String
    public var substitutionCeiling: Double
    public var substitutionCeilingByMaterial: [String: Double]
    public var substitutionDays: Double
    public var substitutionBasis: String
    public var allocation: String
    public var prioritySectors: [String]
    public var rationing: String

    /// The levers of `c`, read with `applyParameters: false` (the case's own values, not the profile's).
    public init(_ c: DynamicCase) {
        func points(_ p: PiecewisePath) -> [[Double]] { zip(p.days, p.values).map { [$0, $1] } }
        id = c.id
        title = c.title
        table = c.table
        horizonMonths = c.horizonMonths
        parameters = c.parametersEntry
        cuts = c.cuts.map {
            Cut(material: $0.material, origin: $0.origin, flow: points($0.flow), flowBasis: $0.flowBasis,
                originShare: $0.originShare, originShareBasis: $0.originShare == nil ? nil : $0.originShareBasis,
                destinations: $0.destinations)
        }
        stockpiles = c.stockpiles.map {
            Stockpile(material: $0.material, tonnes: $0.tonnes, startDay: $0.startDay,
                      maxTonnesPerWeek: $0.maxTonnesPerWeek, users: $0.users, basis: $0.basis, regions: $0.regions)
        }
        allied = c.allied.map {
            Allied(material: $0.material, ramp: points($0.ramp), basis: $0.basis, producer: $0.producer,
                   partners: $0.partners, sharing: $0.sharing.rawValue, shares: $0.shares)
        }
        stockDays = c.stockDays
        stockDaysByMaterial = c.stockDaysByMaterial
        stockBasis = c.stockBasis
        substitutionCeiling = c.substitutionCeiling
        substitutionCeilingByMaterial = c.substitutionCeilingByMaterial
        substitutionDays = c.substitutionDays
        substitutionBasis = c.substitutionBasis
        allocation = c.allocation.rawValue
        prioritySectors = c.prioritySectors
        rationing = c.rationing.rawValue
    }
}
