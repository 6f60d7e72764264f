import Foundation

/// A critical material (or group of elements) that a dependence table and a case can name.
public struct Material: Sendable, Equatable {
    public var id: String
    public var name: String
    public var elements: String
    /// `rare_earth` or `critical_mineral`.
    public var group: String
    /// China's share of supply, as sourced in Tables/materials.csv (a default a case may cite).
    public var chinaShare: Double
    public var chinaShareBasis: String
    public var exportControls: String
}

public enum MaterialCatalog {
    /// The material groups a parameter selector may name.
    public static let groups = ["rare_earth", "critical_mineral"]

    /// Reads Tables/materials.csv.
    public static func load(path: String) throws -> [Material] {
        let csv = try CSVFile(path: path)
        try TableLoader.expectHeader(csv, ["id", "name", "elements", "group", "china_share", "china_share_basis", "china_export_controls"])
        var seen = Set<String>()
        return try csv.rows.dropFirst().map { (line, f) in
            guard f.count == 7 else { throw TableLoader.ragged(csv, line, f.count, 7) }
            guard seen.insert(f[0]).inserted else { throw InputError(file: path, line: line, field: "column id", "duplicate material '\(f[0])'") }
            let share = try CSVFile.number(f[4], path: path, line: line, column: "china_share")
            guard (0...1).contains(share) else { throw InputError(file: path, line: line, field: "column china_share", "\(share) is not a share in [0, 1]") }
            guard groups.contains(f[3]) else {
                throw InputError(file: path, line: line, field: "column group", "unknown group '\(f[3])'; one of: \(groups.joined(separator: ", "))")
            }
            return Material(id: f[0], name: f[1], elements: f[2], group: f[3], chinaShare: share, chinaShareBasis: f[5], exportControls: f[6])
        }
    }

    public static func shipped() throws -> [Material] { try load(path: try ProjectLocator.tablesDirectory() + "/materials.csv") }
}

/// The dependence (satellite) table D: d_mj ∈ [0, 1] is the share of sector j's output that cannot
/// be produced in the short run without material m. Zero where the file has no row.
public struct DependenceTable: Sendable {
    public let tableID: String
    public let materials: [Material]
    public let codes: [String]
    /// values[m][j]
    public let values: [[Double]]
    /// The stated basis of each non-zero value, keyed "material/sector".
    public let basis: [String: String]
    public let path: String
    public let checksum: String

    public func dependence(material: String) -> [Double]? {
        materials.firstIndex { $0.id == material }.map { values[$0] }
    }

    /// Reads `material,sector,dependence,basis` rows, checked against the table's sectors and the catalogue.
    public static func load(path: String, table: IOTable, materials: [Material]) throws -> DependenceTable {
        let csv = try CSVFile(path: path)
        try TableLoader.expectHeader(csv, ["material", "sector", "dependence", "basis"])
        var values = [[Double]](repeating: [Double](repeating: 0, count: table.count), count: materials.count)
        var basis: [String: String] = [:]
        for (line, f) in csv.rows.dropFirst() {
            guard f.count == 4 else { throw TableLoader.ragged(csv, line, f.count, 4) }
            guard let m = materials.firstIndex(where: { $0.id == f[0] }) else {
                throw InputError(file: path, line: line, field: "column material", "unknown material '\(f[0])'; known: \(materials.map(\.id).joined(separator: ", "))")
            }
            guard let j = table.index(of: f[1]) else {
                throw InputError(file: path, line: line, field: "column sector", "sector '\(f[1])' is not in table \(table.metadata.id)")
            }
            let d = try CSVFile.number(f[2], path: path, line: line, column: "dependence")
            guard (0...1).contains(d) else {
                throw InputError(file: path, line: line, field: "column dependence", "\(d) is not a share in [0, 1]")
            }
            guard basis["\(f[0])/\(f[1])"] == nil else {
                throw InputError(file: path, line: line, "duplicate row for material \(f[0]), sector \(f[1])")
            }
            guard !f[3].trimmingCharacters(in: .whitespaces).isEmpty else {
                throw InputError(file: path, line: line, field: "column basis", "every dependence needs its source or assumption")
            }
            values[m][j] = d
            basis["\(f[0])/\(f[1])"] = f[3]
        }
        let bytes = Array(FileManager.default.contents(atPath: path) ?? Data())
        return DependenceTable(tableID: table.metadata.id, materials: materials, codes: table.codes, values: values,
                               basis: basis, path: path, checksum: SHA256.hex(bytes))
    }
}
