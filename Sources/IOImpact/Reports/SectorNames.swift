import Foundation

/// How reports name a sector: by its English `name`, with the local name (`name_local`: MIC's official
/// Japanese name on the Japanese tables) beside it wherever a table carries one that differs.
public enum SectorNames {
    /// The sector's local name, or nil when it has none or it repeats the English name.
    public static func local(_ s: Sector) -> String? {
        let l = s.localName.trimmingCharacters(in: .whitespaces)
        return l.isEmpty || l == s.name ? nil : l
    }

    /// Whether the table has local names worth a column of their own.
    public static func hasLocalNames(_ t: IOTable) -> Bool { t.sectors.contains { local($0) != nil } }

    /// The header of that column: "Japanese" on a Japanese table, "local name" elsewhere.
    public static func localHeader(_ t: IOTable) -> String { t.metadata.country == "JPN" ? "Japanese" : "local name" }

    /// For prose: "Motor vehicle parts and accessories (自動車部品・同附属品, 3531)", or "Mining (06)" without a local name.
    public static func withCode(_ t: IOTable, _ j: Int) -> String {
        let s = t.sectors[j]
        return "\(s.name) (" + (local(s).map { "\($0), " } ?? "") + "\(t.codes[j]))"
    }

    /// Inserts the local-name column after column `after` of a sector table (header and rows), when the table has local names.
    public static func addLocalColumn(_ table: TextTable, after: Int, _ t: IOTable, indices: [Int]) -> TextTable {
        guard hasLocalNames(t) else { return table }
        var header = table.header
        header.insert(localHeader(t), at: after + 1)
        let rows = zip(table.rows, indices).map { row, j -> [String] in
            var r = row
            r.insert(local(t.sectors[j]) ?? "", at: after + 1)
            return r
        }
        let right = Set(table.rightAligned.map { $0 > after ? $0 + 1 : $0 })
        return TextTable(header: header, rows: rows, rightAligned: right)
    }
}
