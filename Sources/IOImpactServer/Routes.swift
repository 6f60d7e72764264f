import Foundation
import Hummingbird
import IOImpact

/// The routes: the page (three files) and the API under /api. Nothing else is served.
extension Workbench {
    func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: HostCheck(host: configuration.host))
        router.get("/") { _, _ in Self.page(Page.html, "text/html; charset=utf-8") }
        router.get("/workbench.css") { _, _ in Self.page(Page.css, "text/css; charset=utf-8") }
        router.get("/workbench.js") { _, _ in Self.page(Page.javascript, "text/javascript; charset=utf-8") }
        router.get("/api/tables") { _, _ in try await self.answer { try self.tablesList() } }
        router.get("/api/tables/:id/materials") { _, context in
            try await self.answer { try self.materials(context.parameters.require("id")) }
        }
        router.get("/api/cases") { _, _ in
            try await self.answer {
                Self.json(CatalogueViews.cases(try self.catalogue.referenceCases(), format: .json))
            }
        }
        router.get("/api/cases/:id") { _, context in
            try await self.answer { try self.caseFields(reference: context.parameters.require("id")) }
        }
        router.post("/api/levers") { request, _ in
            try await self.answer { try self.caseFields(upload: try await self.body(request)) }
        }
        router.post("/api/run") { request, _ in
            try await self.answer {
                let p = try self.prepare(body: try await self.body(request), json: Self.isJSON(request))
                let r = try await self.run(p)
                let answer = JSON.object([("toml", .string(p.text)), ("view", WorkbenchViews.json(r))])
                return Self.json(answer.render() + "\n")
            }
        }
        router.post("/api/export/:kind") { request, context in
            try await self.answer {
                let kind = try context.parameters.require("kind")
                let p = try self.prepare(body: try await self.body(request), json: Self.isJSON(request))
                return try await self.export(kind, p)
            }
        }
        router.post("/api/frontier") { request, _ in
            try await self.answer { try await self.frontier(body: try await self.body(request)) }
        }
        return router
    }

    /// The request's body, at most `maxBodyBytes` (413 above).
    func body(_ request: Request) async throws -> Data {
        let limit = configuration.maxBodyBytes
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw HTTPError(.contentTooLarge, message: Self.tooLarge(limit))
        }
        do {
            let buffer = try await request.body.collect(upTo: limit)
            return Data(buffer.readableBytesView)
        } catch let e as HTTPError where e.status == .contentTooLarge {
            throw HTTPError(.contentTooLarge, message: Self.tooLarge(limit))
        }
    }

    static func tooLarge(_ limit: Int) -> String {
        "the request body is over the workbench's limit of \(limit / 1024) KiB (a reference case is under 20 KiB)"
    }

    static func isJSON(_ request: Request) -> Bool {
        request.headers[.contentType]?.lowercased().contains("json") ?? false
    }

    /// Runs `work`, answering an error as `{"error": "..."}` with its status.
    func answer(_ work: () async throws -> Response) async throws -> Response {
        do { return try await work() } catch let e as HTTPError where e.status == .contentTooLarge {
            return Self.error(413, e.body ?? Self.tooLarge(configuration.maxBodyBytes))
        } catch {
            let e = WorkbenchError.from(error)
            return Self.error(e.status, e.message)
        }
    }

    static func error(_ status: Int, _ message: String) -> Response {
        var r = json(JSON.object([("error", .string(message))]).render() + "\n")
        r.status = HTTPResponse.Status(code: status)
        return r
    }

    static func json(_ body: String) -> Response {
        text(body, "application/json; charset=utf-8")
    }

    static func text(_ text: String, _ type: String, attachment: String? = nil) -> Response {
        var headers: HTTPFields = [.contentType: type, .cacheControl: "no-store"]
        headers[.xContentTypeOptions] = "nosniff"
        if let name = attachment {
            headers[.contentDisposition] = "attachment; filename=\"\(name)\""
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// A page file, with a policy that lets it load nothing but itself.
    static func page(_ body: String, _ type: String) -> Response {
        var r = text(body, type)
        r.headers[.contentSecurityPolicy] =
            "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; "
            + "frame-ancestors 'none'"
        return r
    }
}
