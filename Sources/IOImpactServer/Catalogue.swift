import Foundation
import IOImpact

/// The shipped tables, satellites and reference cases the workbench may use, picked by id only: a request
/// never names a path. Tables and satellites are read once and kept (a table is a value), so that a re-run
/// does not read the 185-sector table again.
final class Catalogue: @unchecked Sendable {
    private let lock = NSLock()
    private var tables: [String: IOTable] = [:]
    private var satellites: [String: MaterialSatellite] = [:]
    let tableIDs: [String]
    let caseIDs: [String]
    /// The `parameters` entry of the shipped cases (the shared calibrated profile): the only one a
    /// workbench case may name.
    let profileEntries: Set<String>

    init() throws {
        tableIDs = try TableCatalog.shippedIDs()
        caseIDs = try DynamicCaseLoader.shippedIDs()
        let dir = try DynamicCaseLoader.casesDirectory()
        profileEntries = Set(try caseIDs.compactMap {
            try DynamicCaseLoader.load(path: dir + "/\($0).toml", applyParameters: false).parametersEntry
        })
    }

    func table(_ id: String) throws -> IOTable {
        guard tableIDs.contains(id) else { throw WorkbenchError.notFound("no shipped table '\(id)'") }
        lock.lock(); defer { lock.unlock() }
        if let t = tables[id] { return t }
        let t = try TableCatalog.load(id)
        tables[id] = t
        return t
    }

    func satellite(_ id: String, table: IOTable) throws -> MaterialSatellite {
        let key = id + "\u{0}" + table.metadata.id
        lock.lock()
        if let s = satellites[key] { lock.unlock(); return s }
        lock.unlock()
        let s = try MaterialSatellite.shipped(id, table: table)
        lock.lock(); satellites[key] = s; lock.unlock()
        return s
    }

    /// The text of reference case `id` (Tables/cases/<id>.toml), for a known id only.
    func caseText(_ id: String) throws -> (path: String, text: String) {
        guard caseIDs.contains(id) else {
            throw WorkbenchError.notFound("no reference case '\(id)'; see GET /api/cases")
        }
        let path = try DynamicCaseLoader.casesDirectory() + "/\(id).toml"
        guard let data = FileManager.default.contents(atPath: path),
              let text = String(data: data, encoding: .utf8) else {
            throw WorkbenchError.notFound("cannot read reference case '\(id)'")
        }
        return (path, text)
    }

    func referenceCases() throws -> [DynamicCase] {
        let dir = try DynamicCaseLoader.casesDirectory()
        return try caseIDs.map { try DynamicCaseLoader.load(path: dir + "/\($0).toml", applyParameters: false) }
    }
}
