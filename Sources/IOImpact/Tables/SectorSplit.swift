import Foundation

/// One industry of one region to split by a national table: every national sector the concordance
/// maps to the industry becomes a sub-industry `<parent>.<national code>`.
public struct SplitPart: Sendable {
    public var sector: String
    public var national: IOTable
    public var concordance: SplitConcordance
    public init(sector: String, national: IOTable, concordance: SplitConcordance) {
        self.sector = sector; self.national = national; self.concordance = concordance
    }
}

/// A sub-industry made by a split: its code, the parent it came from and its national sector.
public struct SplitChild: Sendable, Equatable {
    public var code: String
    public var parent: String
    public var national: String
    public var nationalCode: String
    /// Share of the parent's gross output (the national table's output shares).
    public var share: Double
}

/// What balancing one parent's sub-industries took.
public struct SplitBalance: Sendable {
    public var parent: String
    public var national: String
    public var method: String
    public var iterations: Int
    public var maxRelativeResidual: Double
    public var tolerance: Double
}

/// The result of splitting: the new table, its sub-industries and the balance of each split.
public struct SplitTable: Sendable {
    public var table: IOTable
    public var children: [SplitChild]
    public var balances: [SplitBalance]
    /// The concordances used, by national table id.
    public var concordances: [String: SplitConcordance] = [:]

    public func children(of parent: String) -> [SplitChild] { children.filter { $0.parent == parent } }
    public var parents: [String] { balances.map(\.parent) }
}

/// Sector splitting of a (multi-regional) table by the shares of a national table, rows and columns
/// both, balanced to the parent's flows by RAS or GRAS (Lenzen et al. 2014's disaggregation in its
/// simplest form: a national prior, the parent's flows as constraints).
///
/// For the parent p with sub-industries k (national sectors), and every other row i and column j:
/// - sales z_kj start as z_pj × the national share of k in sales to j's industry (to j's region: the
///   national intermediate use of that industry; to other regions: the national exports), final demand
///   likewise (the region's categories by the concordance's final-demand rows, other regions' by exports);
/// - purchases z_ik start as z_ip × k's share of the national purchases from i's industry; value added
///   by k's share of national compensation or of the rest; z_kl as z_pp × the national z_kl shares;
/// - where the national shares are all zero, output shares are used.
/// The prior is balanced so that Σ_k z_kj = z_pj, Σ_k z_ik = z_ip (every unsplit cell is kept, and
/// aggregating the children returns the parent), and each child's row and column totals are its output
/// share of the parent's (so a child carries its parent's rounding residual, in proportion).
public enum SectorSplit {
    public static func apply(_ base: IOTable, parts: [SplitPart], id: String, name: String,
                             tolerance: Double = Biproportional.defaultTolerance) throws -> SplitTable {
        var table = base
        var children: [SplitChild] = []
        var balances: [SplitBalance] = []
        for part in parts {
            guard let p = table.index(of: part.sector) else {
                throw InputError(file: part.concordance.path, field: "sector",
                                 "'\(part.sector)' is not a sector of table \(table.metadata.id)")
            }
            var state = try SplitState(table: table, parent: p, part: part, previous: children)
            let (t, kids, bal) = try state.run(tolerance: tolerance)
            table = t; children += kids; balances.append(bal)
        }
        var md = table.metadata
        md.id = id; md.name = name
        let final = IOTable(metadata: md, sectors: table.sectors, transactions: table.transactions,
                            finalDemand: table.finalDemand, finalDemandCategories: table.finalDemandCategories,
                            valueAddedRows: table.valueAddedRows, valueAddedComponents: table.valueAddedComponents,
                            grossOutput: table.grossOutput, employment: table.employment)
        var conc: [String: SplitConcordance] = [:]
        for part in parts { conc[part.national.metadata.id] = part.concordance }
        return SplitTable(table: final, children: children, balances: balances, concordances: conc)
    }

    /// Adds sub-industries back into their parents: the inverse of `apply` (up to the balance tolerance).
    public static func aggregate(_ split: SplitTable, into base: IOTable) -> IOTable {
        let parentOf = Dictionary(uniqueKeysWithValues: split.children.map { ($0.code, $0.parent) })
        let t = split.table
        let target = base.codes
        let index = Dictionary(uniqueKeysWithValues: target.enumerated().map { ($1, $0) })
        let map = t.codes.map { index[parentOf[$0] ?? $0]! }
        let n = target.count
        var z = Matrix(rows: n, columns: n)
        var y = Matrix(rows: n, columns: t.finalDemand.columns)
        var v = Matrix(rows: t.valueAddedRows.rows, columns: n)
        var x = [Double](repeating: 0, count: n)
        var e: [Double]? = t.employment.map { _ in [Double](repeating: 0, count: n) }
        for j in 0..<t.count {
            let bj = map[j]
            for i in 0..<t.count where t.transactions[i, j] != 0 { z[map[i], bj] += t.transactions[i, j] }
            for r in 0..<v.rows { v[r, bj] += t.valueAddedRows[r, j] }
            x[bj] += t.grossOutput[j]
            if let te = t.employment { e![bj] += te[j] }
        }
        for c in 0..<y.columns { for i in 0..<t.count { y[map[i], c] += t.finalDemand[i, c] } }
        return IOTable(metadata: base.metadata, sectors: base.sectors, transactions: z, finalDemand: y,
                       finalDemandCategories: t.finalDemandCategories, valueAddedRows: v,
                       valueAddedComponents: t.valueAddedComponents, grossOutput: x, employment: e)
    }

    /// The industry key of a code: the part after `<region>/`, or the code itself.
    static func industryKey(_ code: String, region: String?) -> String {
        guard let r = region, code.hasPrefix(r + "/") else { return code }
        return String(code.dropFirst(r.count + 1))
    }

    /// The region of a final-demand category `REGION/KEY`, and its key.
    static func categoryParts(_ code: String) -> (region: String?, key: String) {
        guard let slash = code.firstIndex(of: "/") else { return (nil, code) }
        return (String(code[..<slash]), String(code[code.index(after: slash)...]))
    }
}
