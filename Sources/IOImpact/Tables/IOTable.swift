import Foundation

/// One producing sector (industry or product) of a table.
public struct Sector: Sendable, Equatable, Hashable {
    public var code: String
    public var name: String
    /// The name in the publisher's language, where it differs (MIC's Japanese names).
    public var localName: String
    /// Region for multi-regional tables (pymrio), nil for national tables.
    public var region: String?

    public init(code: String, name: String, localName: String = "", region: String? = nil) {
        self.code = code; self.name = name; self.localName = localName; self.region = region
    }
}

/// How imports appear in a table (Miller & Blair §2.6).
public enum ImportTreatment: String, Sendable {
    /// Imports are a negative final-demand column; Z holds domestic and imported flows together
    /// (Japan's MIC tables, the BEA use table). Propagation uses the domestic coefficients (I − M̂)A.
    case competitive
    /// Z holds domestic flows only; imports are outside the table (WIOD national tables, closed MRIO systems).
    case domestic
}

/// The role of a final-demand column.
public enum FinalDemandRole: String, Sendable {
    case domestic, export, `import`
}

public struct FinalDemandCategory: Sendable, Equatable {
    public var code: String
    public var name: String
    public var role: FinalDemandRole
    public var isHouseholdConsumption: Bool
}

public struct ValueAddedComponent: Sendable, Equatable {
    public var code: String
    public var name: String
    public var isCompensation: Bool
}

/// What a table is, where it comes from and under which terms.
public struct TableMetadata: Sendable, Equatable {
    public var id: String
    public var name: String
    public var country: String
    public var year: Int
    public var currency: String
    public var unit: String
    public var priceBasis: String
    public var importTreatment: ImportTreatment
    public var source: String
    public var licence: String
    public var notes: String
    /// Relative tolerance for the row and column balance checks.
    public var balanceTolerance: Double
    public var employmentUnit: String?
    public var employmentIsEstimate: Bool
    public var employmentYear: Int?
    public var employmentMethod: String?
    /// The folder the table was read from, and a SHA-256 over its files (for provenance), computed when
    /// first read (`FolderChecksum`).
    public var location: String
    public var checksum: String {
        get { checksumSource.value }
        set { checksumSource = FolderChecksum(value: newValue) }
    }
    var checksumSource: FolderChecksum
}

/// A validated input-output table: immutable, checked on load.
///
/// Symbols follow pymrio and Miller & Blair: Z transactions, Y final demand, V value-added rows,
/// x gross output, e employment.
public struct IOTable: Sendable {
    public let metadata: TableMetadata
    public let sectors: [Sector]
    /// Z: n×n intermediate flows; row i sells to column j.
    public let transactions: Matrix
    /// Y: n×k final demand by category (imports as negative columns in competitive-import tables).
    public let finalDemand: Matrix
    public let finalDemandCategories: [FinalDemandCategory]
    /// V: r×n value-added components.
    public let valueAddedRows: Matrix
    public let valueAddedComponents: [ValueAddedComponent]
    /// x: gross output by sector, as published.
    public let grossOutput: [Double]
    /// e: persons engaged by sector, when the table carries an employment vector.
    public let employment: [Double]?

    public init(metadata: TableMetadata, sectors: [Sector], transactions: Matrix, finalDemand: Matrix,
                finalDemandCategories: [FinalDemandCategory], valueAddedRows: Matrix,
                valueAddedComponents: [ValueAddedComponent], grossOutput: [Double], employment: [Double]?) {
        self.metadata = metadata
        self.sectors = sectors
        self.transactions = transactions
        self.finalDemand = finalDemand
        self.finalDemandCategories = finalDemandCategories
        self.valueAddedRows = valueAddedRows
        self.valueAddedComponents = valueAddedComponents
        self.grossOutput = grossOutput
        self.employment = employment
        self.codes = sectors.map(\.code)
        var lookup: [String: Int] = [:]
        for (k, sec) in sectors.enumerated() where lookup[sec.code] == nil { lookup[sec.code] = k }
        self.indexByCode = lookup
    }

    private let indexByCode: [String: Int]

    public var count: Int { sectors.count }
    /// The sectors' codes in order (kept, not rebuilt per call: views index it once per cell).
    public let codes: [String]

    /// Index of a sector code, nil if absent.
    public func index(of code: String) -> Int? { indexByCode[code] }

    /// The regions of a multi-regional table in order of first appearance (empty for a national table).
    public var regions: [String] {
        var seen = Set<String>(), out: [String] = []
        for s in sectors { if let r = s.region, seen.insert(r).inserted { out.append(r) } }
        return out
    }

    private func sumColumns(where keep: (FinalDemandCategory) -> Bool) -> [Double] {
        var s = [Double](repeating: 0, count: count)
        for (k, c) in finalDemandCategories.enumerated() where keep(c) {
            for i in 0..<count { s[i] += finalDemand[i, k] }
        }
        return s
    }

    /// f = Y·1: total final demand, net of imports in competitive-import tables.
    public var totalFinalDemand: [Double] { finalDemand.rowSums }
    /// Final demand of domestic categories (consumption, investment, stocks).
    public var domesticFinalDemand: [Double] { sumColumns { $0.role == .domestic } }
    public var exports: [Double] { sumColumns { $0.role == .export } }
    /// m: imports by product, as positive numbers.
    public var imports: [Double] { sumColumns { $0.role == .import }.map { -$0 } }
    public var householdConsumption: [Double] { sumColumns { $0.isHouseholdConsumption } }

    /// v: value added by sector (column sums of V).
    public var valueAdded: [Double] { valueAddedRows.columnSums }
    /// Total gross value added: GDP at basic (producer) prices on the table's definition.
    public var gdp: Double { valueAdded.reduce(0, +) }
    /// Compensation of employees by sector.
    public var compensation: [Double] {
        var s = [Double](repeating: 0, count: count)
        for (r, c) in valueAddedComponents.enumerated() where c.isCompensation {
            for j in 0..<count { s[j] += valueAddedRows[r, j] }
        }
        return s
    }
    public var totalEmployment: Double? { employment?.reduce(0, +) }

    /// Row residuals x − (Z·1 + Y·1) and column residuals x − (1′Z + 1′V).
    public var rowResiduals: [Double] {
        let z = transactions.rowSums, f = totalFinalDemand
        return (0..<count).map { grossOutput[$0] - z[$0] - f[$0] }
    }
    public var columnResiduals: [Double] {
        let z = transactions.columnSums, v = valueAdded
        return (0..<count).map { grossOutput[$0] - z[$0] - v[$0] }
    }

    /// M̂'s diagonal: m_i / (Σ_j z_ij + domestic final demand_i); zero for domestic-flow tables.
    public var importRatios: [Double] {
        guard metadata.importTreatment == .competitive else { return [Double](repeating: 0, count: count) }
        let z = transactions.rowSums, d = domesticFinalDemand, m = imports
        return (0..<count).map { i in
            let base = z[i] + d[i]
            return base != 0 ? m[i] / base : 0
        }
    }
}
