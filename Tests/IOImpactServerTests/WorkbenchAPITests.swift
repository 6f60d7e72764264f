import Foundation
import Hummingbird
import HummingbirdTesting
import IOImpact
import XCTest
@testable import IOImpactServer

/// Every endpoint of `ioimpact serve` through Hummingbird's test client (no socket). Runs use the 37-sector
/// reference case, except where the 185-sector table is the point.
final class WorkbenchAPITests: XCTestCase {
    static let small = "jp-re-1y-dir-37"

    func testThePageItsFilesAndNothingElse() async throws {
        try await Workbench().application().test(.router) { client in
            let page = try await client.get("/")
            XCTAssertEqual(page.status, .ok)
            XCTAssertTrue(page.text.contains("<title>ioimpact workbench</title>"))
            XCTAssertEqual(page.headers[.contentType], "text/html; charset=utf-8")
            let policy = page.headers[.contentSecurityPolicy] ?? ""
            XCTAssertTrue(policy.contains("default-src 'self'"), policy)
            let css = try await client.get("/workbench.css")
            XCTAssertEqual(css.status, .ok)
            XCTAssertTrue(css.text.contains("#results"))
            let js = try await client.get("/workbench.js")
            XCTAssertEqual(js.status, .ok)
            XCTAssertTrue(js.text.contains("/api/run"))
            // No file of the project, however named, is served.
            for uri in ["/Tables/cases/jp-re-1y-dir.toml", "/../Package.swift", "/Reports/jp-re-1y-dir.md",
                        "/api/cases/..%2F..%2FPackage", "/api/tables/..%2Fcases/materials", "/etc/passwd"] {
                let r = try await client.get(uri)
                XCTAssertEqual(r.status, .notFound, uri)
                XCTAssertFalse(r.text.contains("swift-tools-version"), uri)
            }
        }
    }

    /// DNS rebinding: a request addressed to another name is refused (421; over a real socket in the
    /// browser test, whose client can name the host).
    func testRequestsToAnotherHostAreRefused() {
        typealias Check = HostCheck<BasicRequestContext>
        for host in ["127.0.0.1:8080", "localhost:8080", "[::1]:8080", "LOCALHOST", "127.0.0.1"] {
            XCTAssertTrue(Check.allowed(host, listening: "127.0.0.1"), host)
        }
        for host in ["evil.example:8080", "evil.example", "127.0.0.1.evil.example:80", "10.0.0.2:8080", "[::2]:80"] {
            XCTAssertFalse(Check.allowed(host, listening: "127.0.0.1"), host)
        }
        XCTAssertTrue(Check.allowed("anything:1", listening: "0.0.0.0"))
        XCTAssertTrue(Check.allowed("wb.lan:8080", listening: "wb.lan"))
        XCTAssertFalse(Check.allowed("localhost:8080", listening: "wb.lan"))
    }

    func testTablesAndCasesListTheCatalogue() async throws {
        try await Workbench().application().test(.router) { client in
            let tables = try await client.get("/api/tables")
            XCTAssertEqual(tables.status, .ok)
            let shipped = try TableCatalog.shippedIDs().map { try TableCatalog.load($0) }
            XCTAssertEqual(tables.text, TableViews.list(shipped, format: .json))
            let cases = try await client.get("/api/cases")
            XCTAssertEqual(cases.status, .ok)
            let list = try JSONSerialization.jsonObject(with: Data(cases.text.utf8)) as! [[String: Any]]
            XCTAssertEqual(list.map { $0["id"] as! String }, try DynamicCaseLoader.shippedIDs())
            let mats = try await client.get("/api/tables/jp-2015-185/materials")
            XCTAssertEqual(mats.status, .ok)
            let ids = (try field(mats.text, "materials") as! [[String: Any]]).map { $0["id"] as! String }
            XCTAssertTrue(ids.contains("re_ndpr") && ids.contains("ndfeb_magnet"), "\(ids)")
            let nope = try await client.get("/api/tables/nope/materials")
            XCTAssertEqual(nope.status, .notFound)
        }
    }

    func testACaseAsEditableFields() async throws {
        try await Workbench().application().test(.router) { client in
            let r = try await client.get("/api/cases/jp-re-1y-dir")
            XCTAssertEqual(r.status, .ok)
            let levers = try Self.decode(r.text)
            XCTAssertEqual(levers.id, "jp-re-1y-dir")
            XCTAssertEqual(levers.cuts.count, 5)
            XCTAssertEqual(levers.cuts[0].flow, [[0, 1], [0, 0], [365, 0], [365, 1]])
            XCTAssertEqual(levers.stockDays, 12)
            XCTAssertEqual(levers.parameters, "../calibration/profiles/shared.toml")
            let file = try String(contentsOfFile: projectRoot + "/Tables/cases/jp-re-1y-dir.toml", encoding: .utf8)
            XCTAssertEqual(try field(r.text, "toml") as? String, file)
            let missing = try await client.get("/api/cases/no-such-case")
            XCTAssertEqual(missing.status, .notFound)
            XCTAssertEqual(try field(missing.text, "error") as? String,
                           "no reference case 'no-such-case'; see GET /api/cases")
        }
    }

    /// The same case gives the same bytes as `ioimpact run CASE --format json`: a reference case by id, and
    /// an edited one against the CLI on the downloaded TOML.
    func testRunJSONIsByteIdenticalToTheCommand() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wb-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try await Workbench().application().test(.router) { client in
            let served = try await client.post("/api/export/run.json", try jsonBody(["case": Self.small]))
            XCTAssertEqual(served.status, .ok)
            XCTAssertEqual(served.headers[.contentDisposition],
                           "attachment; filename=\"\(Self.small).json\"")
            let cli = try runIOImpact(["run", Self.small, "--format", "json", "--no-report"])
            XCTAssertEqual(cli.status, 0, cli.err)
            XCTAssertEqual(served.text, cli.out)

            var levers = try await Self.levers(client, Self.small)
            levers.id = "half-cut"
            for k in levers.cuts.indices { levers.cuts[k].flow = [[0, 1], [0, 0.5], [180, 0.5], [180, 1]] }
            let body = try jsonBody(["case": Self.small, "levers": try Self.object(levers)])
            let toml = try await client.post("/api/export/case.toml", body)
            XCTAssertEqual(toml.status, .ok)
            let file = dir.appendingPathComponent("half-cut.toml")
            try toml.text.write(to: file, atomically: true, encoding: .utf8)
            let edited = try await client.post("/api/export/run.json", body)
            let cliEdited = try runIOImpact(["run", file.path, "--format", "json", "--no-report"])
            XCTAssertEqual(cliEdited.status, 0, cliEdited.err)
            XCTAssertEqual(edited.text, cliEdited.out)
            XCTAssertNotEqual(edited.text, served.text)
            // The report and the path CSV are the library's, for the same run.
            let md = try await client.post("/api/export/report.md", body)
            XCTAssertTrue(md.text.hasPrefix("# "))
            XCTAssertTrue(md.text.contains("ioimpact run half-cut.toml"), String(md.text.prefix(600)))
            let csv = try await client.post("/api/export/path.csv", body)
            XCTAssertTrue(csv.text.hasPrefix("month,sector,output_loss,value_added_loss"))
            let secrets = try await client.post("/api/export/secrets", body)
            XCTAssertEqual(secrets.status, .notFound)
        }
    }

    func testRunAnswersTheViewTheEditedTOMLAndTheHeadline() async throws {
        try await Workbench().application().test(.router) { client in
            var levers = try await Self.levers(client, Self.small)
            levers.stockDays = 60
            levers.parameters = nil
            let body = try jsonBody(["case": Self.small, "levers": try Self.object(levers)])
            let r = try await client.post("/api/run", body)
            XCTAssertEqual(r.status, .ok, r.text)
            let view = try field(r.text, "view") as! [String: Any]
            XCTAssertEqual(view["schema"] as? String, WorkbenchViews.schema)
            XCTAssertEqual((view["months"] as! [Any]).count, 24)
            XCTAssertEqual((view["sectors"] as! [[String: Any]]).count, 15)
            XCTAssertNotNil((view["sectors"] as! [[String: Any]])[0]["name_local"] as? String)
            XCTAssertFalse((view["bottlenecks"] as! [String]).isEmpty)
            let toml = try field(r.text, "toml") as! String
            XCTAssertTrue(toml.contains("days = 60"))
            XCTAssertTrue(toml.contains("# parameters: left out in the workbench"))
            // The lead line is the command's, for the same TOML.
            let c = try DynamicCaseLoader.parse(path: "x.toml", text: toml)
            let run = try DynamicRun.run(c)
            XCTAssertEqual((view["lead"] as! [String])[0], Lead.first(run))
            XCTAssertEqual(view["headline"] as? String, DynamicViews.headline(run))
        }
    }

    func testAWorldCaseHasCountries() async throws {
        try await Workbench().application().test(.router) { client in
            var levers = try await Self.levers(client, "world-re-1y-cn-jpus")
            levers.horizonMonths = 6
            for k in levers.cuts.indices { levers.cuts[k].flow = [[0, 1], [0, 0], [90, 0], [90, 1]] }
            let r = try await client.post("/api/run", try jsonBody(["case": "world-re-1y-cn-jpus",
                                                                    "levers": try Self.object(levers)]))
            XCTAssertEqual(r.status, .ok, r.text)
            let regions = (try field(r.text, "view") as! [String: Any])["regions"] as! [[String: Any]]
            XCTAssertEqual(regions.count, 41)
            XCTAssertTrue(regions.contains { $0["region"] as? String == "JPN" && $0["cut_directly"] as? Bool == true })
        }
    }

    func testBadJSONAndBadCasesAnswer400WithTheLoadersMessage() async throws {
        try await Workbench().application().test(.router) { client in
            let notJSON = try await client.post("/api/run", ByteBuffer(string: "{\"case\": "))
            XCTAssertEqual(notJSON.status, .badRequest)
            XCTAssertTrue((try field(notJSON.text, "error") as! String).hasPrefix("bad JSON"), notJSON.text)
            let wrongType = try await client.post("/api/run", try jsonBody(["case": 3]))
            XCTAssertEqual(wrongType.status, .badRequest)
            let neither = try await client.post("/api/run", try jsonBody(["levers": [:] as [String: Any]]))
            XCTAssertEqual(neither.status, .badRequest)

            // A TOML case the loader refuses: the loader's own line, as `ioimpact run` prints it.
            let text = try String(contentsOfFile: projectRoot + "/Tables/cases/\(Self.small).toml", encoding: .utf8)
                .replacingOccurrences(of: "horizon_months = 24", with: "horizon_months = 0")
            let bad = try await client.post("/api/run", ByteBuffer(string: text), headers: tomlHeaders)
            XCTAssertEqual(bad.status, .badRequest)
            let message = try field(bad.text, "error") as! String
            let expected = try Self.loaderMessage(text)
            XCTAssertEqual(message, expected)
            XCTAssertTrue(message.contains("horizon_months"), message)

            // Edited levers the loader refuses: a depth above 100%.
            var levers = try await Self.levers(client, Self.small)
            levers.cuts[0].flow = [[0, 1], [0, -0.5], [365, -0.5], [365, 1]]
            let deepBody = try jsonBody(["case": Self.small, "levers": try Self.object(levers)])
            let deep = try await client.post("/api/run", deepBody)
            XCTAssertEqual(deep.status, .badRequest)
            XCTAssertTrue((try field(deep.text, "error") as! String).contains("flow share -0.5"), deep.text)

            let upload = try await client.post("/api/levers", ByteBuffer(string: "format = \"ioimpact-case/2\"\n["),
                                               headers: tomlHeaders)
            XCTAssertEqual(upload.status, .badRequest)
            XCTAssertTrue((try field(upload.text, "error") as! String).contains("TOML syntax error"), upload.text)
        }
    }

    /// No path from a request is opened: a table, satellite or parameter file named by path is refused
    /// before anything is read.
    func testPathsInAnUploadedCaseAreRefused() async throws {
        let text = try String(contentsOfFile: projectRoot + "/Tables/cases/\(Self.small).toml", encoding: .utf8)
        try await Workbench().application().test(.router) { client in
            for (from, to, key) in [("table = \"jp-2015-37\"", "table = \"/etc\"", "table"),
                                    ("table = \"jp-2015-37\"", "table = \"jp-2015-37\"\nsatellite = \"../x\"",
                                     "satellite"),
                                    ("parameters = \"../calibration/profiles/shared.toml\"",
                                     "parameters = \"/etc/passwd\"", "parameters")] {
                XCTAssertTrue(text.contains(from), from)
                let edited = ByteBuffer(string: text.replacingOccurrences(of: from, with: to))
                let r = try await client.post("/api/run", edited, headers: tomlHeaders)
                XCTAssertEqual(r.status, .badRequest, key)
                let message = try field(r.text, "error") as! String
                XCTAssertTrue(message.contains("key '\(key)'"), message)
            }
        }
    }

    func testOversizeBodiesAnswer413() async throws {
        try await Workbench().application().test(.router) { client in
            let big = ByteBuffer(repeating: UInt8(ascii: "#"), count: (1 << 20) + 1)
            for uri in ["/api/run", "/api/levers", "/api/export/case.toml"] {
                let r = try await client.post(uri, big, headers: tomlHeaders)
                XCTAssertEqual(r.status, .contentTooLarge, uri)
                XCTAssertTrue((try field(r.text, "error") as! String).contains("1024 KiB"), r.text)
            }
        }
    }

    /// A run past the time limit answers 504 at once and keeps nothing: no cached run, no file anywhere
    /// in the project, and the server answers the next request.
    func testARunThatTimesOut() async throws {
        let wb = try Workbench(configuration: WorkbenchConfiguration(timeLimitSeconds: 0.001))
        let before = try Self.projectFiles()
        try await wb.application().test(.router) { client in
            let r = try await client.post("/api/run", try jsonBody(["case": "jp-re-1y-dir"]))
            XCTAssertEqual(r.status, .gatewayTimeout, r.text)
            XCTAssertTrue((try field(r.text, "error") as! String).contains("was stopped; nothing was kept"), r.text)
            XCTAssertEqual(wb.cache.count, 0)
            let after = try await client.get("/api/cases")
            XCTAssertEqual(after.status, .ok)
        }
        XCTAssertEqual(try Self.projectFiles(), before)
    }

    func testConcurrentRunsEachGetTheirOwnAnswer() async throws {
        let wb = try Workbench()
        try await wb.application().test(.router) { client in
            let base = try await Self.levers(client, Self.small)
            let depths = [0.25, 0.5, 0.75, 1.0]
            let answers = try await withThrowingTaskGroup(of: (Double, String).self) { group in
                for d in depths {
                    var l = base
                    l.id = "depth-\(Int(d * 100))"
                    for k in l.cuts.indices { l.cuts[k].flow = [[0, 1], [0, 1 - d], [365, 1 - d], [365, 1]] }
                    let body = try jsonBody(["case": Self.small, "levers": try Self.object(l)])
                    group.addTask { (d, try await client.post("/api/export/run.json", body).text) }
                }
                return try await group.reduce(into: [Double: String]()) { $0[$1.0] = $1.1 }
            }
            var losses: [Double] = []
            for d in depths {
                let main = try field(answers[d]!, "main") as! [String: Any]
                XCTAssertEqual(try field(answers[d]!, "case") as? String, "depth-\(Int(d * 100))")
                losses.append(main["gdp_loss_first_12_months_gross_percent"] as! Double)
            }
            // A deeper cut never loses less, and each answer is the one of its own case.
            XCTAssertEqual(losses, losses.sorted(), "\(losses)")
            XCTAssertLessThan(losses[0], losses[3])
        }
    }

    // MARK: helpers

    static func levers(_ client: some TestClientProtocol, _ id: String) async throws -> CaseLevers {
        try Self.decode(try await client.get("/api/cases/\(id)").text)
    }

    /// The levers of a `GET /api/cases/{id}` answer.
    static func decode(_ text: String) throws -> CaseLevers {
        let object = try XCTUnwrap(try field(text, "levers"))
        return try JSONDecoder().decode(CaseLevers.self, from: JSONSerialization.data(withJSONObject: object))
    }

    static func object(_ levers: CaseLevers) throws -> Any {
        try JSONSerialization.jsonObject(with: JSONEncoder().encode(levers))
    }

    /// What the strict loader says about `text` read as the workbench reads an upload.
    static func loaderMessage(_ text: String) throws -> String {
        do {
            _ = try DynamicCaseLoader.parse(path: "case.toml", text: text, applyParameters: false)
        } catch let e as InputError {
            return e.description
        }
        XCTFail("the loader took the case")
        return ""
    }

    /// Every file of the project outside .build, with its size and modification time.
    static func projectFiles() throws -> [String] {
        let e = FileManager.default.enumerator(atPath: projectRoot)!
        var out: [String] = []
        while let p = e.nextObject() as? String {
            if p.split(separator: "/").contains(where: { $0.hasPrefix(".build") || $0 == ".git" }) {
                e.skipDescendants()
                continue
            }
            let a = try FileManager.default.attributesOfItem(atPath: projectRoot + "/" + p)
            out.append("\(p) \(a[.size] ?? 0) \(a[.modificationDate] ?? "")")
        }
        return out.sorted()
    }
}
