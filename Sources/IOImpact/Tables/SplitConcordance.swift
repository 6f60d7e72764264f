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

    public static func load(_ path: String, national: IOTable) throws -> SplitConcordance {
        let csv = try CSVFile(path: path)
        try TableLoader.expectHeader(csv, ["kind", "national", "base", "reason"])
        var industry: [String: String] = [:], fd: [String: [String]] = [:]
        let categories = Set(national.finalDemandCategories.map(\.code))
        for (line, f) in csv.rows.dropFirst() {
            guard f.count == 4 else { throw TableLoader.ragged(csv, line, f.count, 4) }
            guard !f[2].isEmpty else {
                throw InputError(file: path, line: line, field: "column base", "empty base code")
            }
            guard !f[3].trimmingCharacters(in: .whitespaces).isEmpty else {
                throw InputError(file: path, line: line, field: "column reason", "every row needs its reason")
            }
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
        return SplitConcordance(path: path, industryOf: industry, finalDemand: fd)
    }

    /// National sector indices by base industry key, in the national table's order.
    func sectorsByIndustry(_ national: IOTable) -> [String: [Int]] {
        var out: [String: [Int]] = [:]
        for (k, c) in national.codes.enumerated() { out[industryOf[c]!, default: []].append(k) }
        return out
    }
}
