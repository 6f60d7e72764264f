import Foundation

/// How a national table's sectors and final-demand categories correspond to a base (world) table's
/// industries and categories: `kind,national,base,reason` rows, kind `sector` (every national sector
/// once, to the base industry it belongs to: `c14`, not `JPN/c14`) or `final_demand` (a national
/// category that makes up a base category of the region: `hhco` to `CONS_h`).
public struct SplitConcordance: Sendable {
    public var path: String
    /// National sector code → base industry key.
    public var industryOf: [String: String]
    /// Base final-demand category key (without region) → national category codes.
    public var finalDemand: [String: [String]]
    /// Each row's line, kind and base code, to check the base codes against the base table.
    var rows: [(line: Int, kind: String, base: String)] = []

    public static func load(_ path: String, national: IOTable) throws -> SplitConcordance {
        let csv = try CSVFile(path: path)
        try TableLoader.expectHeader(csv, ["kind", "national", "base", "reason"])
        var industry: [String: String] = [:], fd: [String: [String]] = [:]
        var rows: [(line: Int, kind: String, base: String)] = []
        let categories = Set(national.finalDemandCategories.map(\.code))
        for (line, f) in csv.rows.dropFirst() {
            guard f.count == 4 else { throw TableLoader.ragged(csv, line, f.count, 4) }
            guard !f[2].isEmpty else {
                throw InputError(file: path, line: line, field: "column base", "empty base code")
            }
            guard !f[3].trimmingCharacters(in: .whitespaces).isEmpty else {
                throw InputError(file: path, line: line, field: "column reason", "every row needs its reason")
            }
            rows.append((line, f[0], f[2]))
            switch f[0] {
            case "sector":
                guard national.index(of: f[1]) != nil else {
                    throw InputError(file: path, line: line, field: "column national",
                                     "sector '\(f[1])' is not in table \(national.metadata.id)")
                }
                guard industry.updateValue(f[2], forKey: f[1]) == nil else {
                    throw InputError(file: path, line: line, field: "column national",
                                     "sector '\(f[1])' is mapped twice")
                }
            case "final_demand":
                guard categories.contains(f[1]) else {
                    throw InputError(file: path, line: line, field: "column national",
                                     "'\(f[1])' is not a final-demand category of table \(national.metadata.id)")
                }
                fd[f[2], default: []].append(f[1])
            default:
                throw InputError(file: path, line: line, field: "column kind",
                                 "'\(f[0])' is not 'sector' or 'final_demand'")
            }
        }
        if let missing = national.codes.first(where: { industry[$0] == nil }) {
            throw InputError(file: path, field: "sector \(missing)",
                             "every sector of \(national.metadata.id) needs a row: '\(missing)' has none")
        }
        return SplitConcordance(path: path, industryOf: industry, finalDemand: fd, rows: rows)
    }

    /// Refuses a base code that is not an industry (or final-demand category) of `region` in the base
    /// table (nil: a table without regions): such a row would be silently left out of the split.
    func checkBase(_ base: IOTable, region: String?) throws {
        let categories = Set(base.finalDemandCategories.map(\.code))
        for r in rows {
            let code = region.map { $0 + "/" + r.base } ?? r.base
            let known = r.kind == "sector" ? base.index(of: code) != nil : categories.contains(code)
            guard known else {
                throw InputError(file: path, line: r.line, field: "column base",
                                 "'\(r.base)' is not \(r.kind == "sector" ? "an industry" : "a final-demand category") "
                                     + "of \(region ?? "the table") in table \(base.metadata.id)")
            }
        }
    }

    /// National sector indices by base industry key, in the national table's order.
    func sectorsByIndustry(_ national: IOTable) -> [String: [Int]] {
        var out: [String: [Int]] = [:]
        for (k, c) in national.codes.enumerated() { out[industryOf[c]!, default: []].append(k) }
        return out
    }
}
