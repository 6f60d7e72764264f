import Foundation
import IOImpact

/// A run request's body as JSON: a reference case by id, a case's TOML text, or either with edited levers.
struct CaseRequest: Decodable, Sendable {
    var `case`: String?
    var toml: String?
    var levers: CaseLevers?
}

/// A case ready to run: the TOML text it was read from (what "download the case" returns) and the case the
/// strict loader made of it.
struct PreparedCase: Sendable {
    let text: String
    let dynamicCase: DynamicCase
}

extension Workbench {
    /// The case a request names, through the same strict loader as `ioimpact run`. A path is never taken
    /// from the request: a reference case is picked by id from the catalogue, the table and satellite must be
    /// shipped ids, and `parameters` may only name the shipped calibrated profile (read from the shipped
    /// cases folder, as the loader reads it for a copy of a reference case).
    func prepare(body: Data, json: Bool) throws -> PreparedCase {
        guard let raw = String(data: body, encoding: .utf8) else {
            throw WorkbenchError.badRequest("the request body is not UTF-8 text")
        }
        if !json { return try load(text: raw, reference: nil, name: "case.toml") }
        let request: CaseRequest
        do { request = try JSONDecoder().decode(CaseRequest.self, from: body) } catch {
            throw WorkbenchError.badRequest("bad JSON: \(Self.describe(error))")
        }
        var text: String
        var reference: String? = nil
        if let t = request.toml {
            text = t
        } else if let id = request.case {
            text = try catalogue.caseText(id).text
            reference = id
        } else {
            throw WorkbenchError.badRequest("give \"case\" (a reference case id) or \"toml\" (a case file's text), "
                                            + "with \"levers\" to edit it")
        }
        var name = "case.toml"
        if let levers = request.levers {
            text = CaseEditor.apply(levers, to: text)
            reference = nil
            // Errors name the file the edited case downloads as, when its id can be a file name.
            if CaseFields.idProblem(levers.id) == nil { name = levers.id + ".toml" }
        }
        return try load(text: text, reference: reference, name: name)
    }

    /// `name`: the file an uploaded or edited case is called in messages and in its report.
    private func load(text: String, reference: String?, name: String) throws -> PreparedCase {
        do {
            let path = try reference.map { try DynamicCaseLoader.casesDirectory() + "/\($0).toml" } ?? name
            var c = try DynamicCaseLoader.parse(path: path, text: text, applyParameters: false)
            for (key, id) in [("table", c.table), ("satellite", c.satellite)] where !catalogue.tableIDs.contains(id) {
                throw WorkbenchError.badCase("\(path), key '\(key)': the workbench runs shipped tables only "
                    + "(\(catalogue.tableIDs.joined(separator: ", "))), "
                    + "found '\(InputError.escapingControlCharacters(id))'")
            }
            if let entry = c.parametersEntry {
                guard catalogue.profileEntries.contains(entry) else {
                    throw WorkbenchError.badCase("\(path), key 'parameters': the workbench applies only the shipped "
                        + "calibrated profile (\(catalogue.profileEntries.sorted().joined(separator: ", "))); "
                        + "delete the key to run with the case's own values")
                }
                let full = URL(fileURLWithPath: try DynamicCaseLoader.casesDirectory())
                    .appendingPathComponent(entry).standardizedFileURL.path
                try ParameterProfile.load(path: full).apply(to: &c, path: full)
            }
            if reference == nil { c.path = "\(c.id).toml" }
            return PreparedCase(text: text, dynamicCase: c)
        } catch { throw WorkbenchError.from(error) }
    }

    static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let c): return c.debugDescription
        case DecodingError.keyNotFound(let k, let c):
            return "missing \"\(k.stringValue)\"" + at(c.codingPath)
        case DecodingError.typeMismatch(_, let c), DecodingError.valueNotFound(_, let c):
            return c.debugDescription + at(c.codingPath)
        default: return "\(error)"
        }
    }

    static func at(_ path: [any CodingKey]) -> String {
        path.isEmpty ? "" : " at " + path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
    }
}
