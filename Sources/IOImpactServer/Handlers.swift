import Foundation
import Hummingbird
import IOImpact

/// A case as the page edits it: its id, its TOML text and its levers.
struct CaseFieldsResponse: Encodable {
    var id: String
    var reference: Bool
    var toml: String
    var levers: CaseLevers
}

/// The API's answers, each from the library's own views and writers.
extension Workbench {
    func tablesList() throws -> Response {
        Self.json(TableViews.list(try catalogue.tableIDs.map(catalogue.table), format: .json))
    }

    /// The materials of a shipped table's satellite with their tonnes a year (summed over users and, on a
    /// world table, regions), the origins and the regions: what a cut, a stockpile or an allied ramp may name.
    func materials(_ tableID: String) throws -> Response {
        let table = try catalogue.table(tableID)
        let sat = try catalogue.satellite(tableID, table: table)
        let origins = Set(sat.origins.map(\.origin)).sorted()
        var tonnes: [String: Double] = [:]
        for u in sat.uses { tonnes[u.material, default: 0] += u.tonnesPerYear }
        let view = JSON.object([
            ("table", .string(tableID)),
            ("materials", .array(sat.materials.filter { (tonnes[$0.id] ?? 0) > 0 }.map {
                .object([("id", .string($0.id)), ("name", .string($0.name)), ("group", .string($0.group)),
                         ("tonnes_per_year", .number(tonnes[$0.id] ?? 0))])
            })),
            ("origins", .array(origins.map(JSON.string))),
            ("regions", .array(table.regions.map(JSON.string))),
        ])
        return Self.json(view.render() + "\n")
    }

    func caseFields(reference id: String) throws -> Response {
        let (path, text) = try catalogue.caseText(id)
        let c = try DynamicCaseLoader.parse(path: path, text: text, applyParameters: false)
        return try Self.encode(CaseFieldsResponse(id: id, reference: true, toml: text, levers: CaseLevers(c)))
    }

    /// An uploaded case file's levers, through the strict loader (and the workbench's checks).
    func caseFields(upload body: Data) throws -> Response {
        let p = try prepare(body: body, json: false)
        return try Self.encode(CaseFieldsResponse(id: p.dynamicCase.id, reference: false, toml: p.text,
                                                  levers: CaseLevers(p.dynamicCase)))
    }

    static func encode<T: Encodable>(_ value: T) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return json(String(decoding: try encoder.encode(value), as: UTF8.self) + "\n")
    }

    /// The files `ioimpact run` writes or prints, for the case as edited: its TOML, the Markdown report,
    /// the path CSV and the JSON (byte for byte `ioimpact run CASE --format json`).
    func export(_ kind: String, _ p: PreparedCase) async throws -> Response {
        let id = p.dynamicCase.id
        switch kind {
        case "case.toml": return Self.text(p.text, "application/toml; charset=utf-8", attachment: "\(id).toml")
        case "report.md":
            let r = try await run(p)
            return Self.text(DynamicReport.render(r), "text/markdown; charset=utf-8", attachment: "\(id).md")
        case "path.csv":
            let r = try await run(p)
            return Self.text(DynamicViews.pathCSV(r), "text/csv; charset=utf-8", attachment: "\(id)-path.csv")
        case "run.json":
            let r = try await run(p)
            return Self.text(DynamicViews.render(r, format: .json), "application/json; charset=utf-8",
                             attachment: "\(id).json")
        default:
            let shown = InputError.escapingControlCharacters(String(kind.prefix(40)))
            throw WorkbenchError.notFound("no export '\(shown)'; "
                                          + "one of case.toml, report.md, path.csv, run.json")
        }
    }
}
