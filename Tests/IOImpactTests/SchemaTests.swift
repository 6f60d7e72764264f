import Foundation
import XCTest
@testable import IOImpact

/// Every command's `--format json` output validates against its schema in docs/schemas (JSON Schema
/// 2020-12, checked with Python's jsonschema; the test skips, saying why, where that is missing).
/// Regenerate a schema after a deliberate change with scripts/infer-schema.py (docs/JSON.md).
final class SchemaTests: XCTestCase {
    var binary: String { ioimpactBinary }

    func shell(_ exe: String, _ args: [String], stdout: String? = nil, home: String? = nil) throws -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = args
        if let home { p.environment = ProcessInfo.processInfo.environment.merging(["IOIMPACT_HOME": home]) { $1 } }
        p.currentDirectoryURL = URL(fileURLWithPath: projectRoot)
        if let stdout {
            FileManager.default.createFile(atPath: stdout, contents: nil)
            p.standardOutput = FileHandle(forWritingAtPath: stdout)
        }
        let err = Pipe()
        p.standardError = err
        try p.run()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: e, as: UTF8.self))
    }

    func testEveryCommandsJSONMatchesItsSchema() throws {
        guard FileManager.default.isExecutableFile(atPath: binary) else { throw XCTSkip("the ioimpact binary was not found; run `swift build` first") }
        guard try shell("/usr/bin/env", ["python3", "-c", "import jsonschema"]).0 == 0 else {
            throw XCTSkip("Python's jsonschema is not installed (pip install jsonschema): the schemas in docs/schemas were not checked")
        }
        let dir = temporaryDirectory()
        // `reports` runs every reference case (minutes in a debug build): its schema is checked on a
        // home (IOIMPACT_HOME) whose Tables/ holds the shipped tables and two of the time-stepped cases.
        let home = dir + "/home", tables = projectRoot + "/Tables"
        try FileManager.default.createDirectory(atPath: home + "/Tables/cases", withIntermediateDirectories: true)
        for entry in try FileManager.default.contentsOfDirectory(atPath: tables) where entry != "cases" {
            try FileManager.default.createSymbolicLink(atPath: home + "/Tables/" + entry, withDestinationPath: tables + "/" + entry)
        }
        try FileManager.default.createSymbolicLink(atPath: home + "/Tables/cases/static", withDestinationPath: tables + "/cases/static")
        for id in ["jp-re-1y-dir-37", "jp-re-1y-allied"] {
            try FileManager.default.copyItem(atPath: tables + "/cases/\(id).toml", toPath: home + "/Tables/cases/\(id).toml")
        }
        let commands: [(String, [String])] = [
            ("tables", ["tables"]),
            ("cases", ["cases"]),
            ("materials", ["materials", "jp-2015-185"]),
            ("materials", ["materials", "world-2011-wiod"]),
            ("material-users", ["materials", "jp-2015-185", "re_dytb"]),
            ("inspect", ["inspect", "jp-2015-37"]),
            ("inspect", ["inspect", fixturesDir + "/pymrio_test"]),
            ("multipliers", ["multipliers", "jp-2015-37"]),
            ("multipliers", ["multipliers", fixturesDir + "/pymrio_test"]),
            ("inverse", ["inverse", "jp-2015-13", "--open"]),
            ("run-dynamic", ["run", "jp-re-1y-dir-37", "--no-report"]),
            ("run-static", ["run", "Tables/cases/static/jp-re-1y-dir.toml", "--no-report"]),
            ("reports", ["reports", "--output", dir + "/reports"]),
            ("calibrate", ["calibrate", fixturesDir + "/calibration-small/spec.toml", "--no-write"]),
            ("frontier", ["frontier", "jp-re-1y-dir", "--lever", "stockpile", "--range", "0:60:30", "--no-report"]),
        ]
        for (k, (schema, args)) in commands.enumerated() {
            let out = dir + "/\(k).json"
            let (status, err) = try shell(binary, args + ["--format", "json"], stdout: out, home: args[0] == "reports" ? home : nil)
            XCTAssertEqual(status, 0, "\(args): \(err)")
            let check = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1]))
            jsonschema.Draft202012Validator.check_schema(schema)
            jsonschema.validate(json.load(open(sys.argv[2])), schema)
            """
            let (ok, msg) = try shell("/usr/bin/env", ["python3", "-c", check, projectRoot + "/docs/schemas/\(schema).schema.json", out])
            XCTAssertEqual(ok, 0, "ioimpact \(args.joined(separator: " ")) --format json does not match docs/schemas/\(schema).schema.json: \(msg.suffix(600))")
        }
    }
}
