import Foundation
import Hummingbird
import IOImpact

/// The policy frontier on the page (issue 20, item 2): the case of a run request swept over one lever by the
/// library's `Frontier.sweep`, under the same time limit and slots as a run. Nothing is written.
struct FrontierRequest: Decodable, Sendable {
    struct Spec: Decodable, Sendable {
        var lever: String
        /// FROM:TO:STEP, as `ioimpact frontier --range`.
        var range: String
        var materials: [String]?
        var regions: [String]?
    }
    var frontier: Spec?
}

extension Workbench {
    /// POST /api/frontier: the body of /api/run (JSON) with `"frontier": {"lever", "range", "materials"?,
    /// "regions"?}`; answers `{"answer", "svg", "result"}`, `result` being `ioimpact frontier --format json`.
    func frontier(body: Data) async throws -> Response {
        let spec = try Self.frontierSpec(body)
        let p = try prepare(body: body, json: true)
        let command = FrontierReport.command(caseRef: p.dynamicCase.id, spec: spec)
        let catalogue = self.catalogue
        let c = p.dynamicCase
        let r = try await runner.perform { stop in
            let table = try catalogue.table(c.table)
            let satellite = try catalogue.satellite(c.satellite, table: table)
            let model = try DynamicModel(case: c, table: table, satellite: satellite)
            let costs = try LeverCosts.load(table: table.metadata.id, case: c)
            return try Frontier.sweep(model, spec: spec, costs: costs, isCancelled: { stop.isSet })
        }
        let raw = try FrontierReport.render(r, format: .json, command: command)
        var s = "{\n  \"answer\": " + JSON.string(FrontierReport.answer(r)).render()
        s += ",\n  \"svg\": " + JSON.string(FrontierChart.svg(r)).render()
        s += ",\n  \"result\": " + raw.trimmingCharacters(in: .whitespacesAndNewlines) + "\n}\n"
        return Self.json(s)
    }

    /// The lever and range, checked as the command checks them; a one-line 400 otherwise.
    static func frontierSpec(_ body: Data) throws -> FrontierSpec {
        let request: FrontierRequest
        do { request = try JSONDecoder().decode(FrontierRequest.self, from: body) } catch {
            throw WorkbenchError.badRequest("bad JSON: \(describe(error))")
        }
        guard let f = request.frontier else {
            throw WorkbenchError.badRequest("give \"frontier\": {\"lever\": \"stockpile\", \"range\": \"0:360:30\"} "
                                            + "with the case")
        }
        do {
            let kind = try LeverKind.parse(f.lever)
            return FrontierSpec(lever: kind, range: try LeverRange.parse(f.range, lever: kind),
                                materials: f.materials, regions: f.regions)
        } catch let e as InputError {
            throw WorkbenchError.badRequest("frontier: " + e.message)
        }
    }
}
