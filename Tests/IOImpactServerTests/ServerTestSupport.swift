import Foundation
import Hummingbird
import HummingbirdTesting
import XCTest
@testable import IOImpactServer

let projectRoot: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

/// The built `ioimpact` command beside the test bundle (.build/<configuration>/).
var ioimpactBinary: String {
    var dir = URL(fileURLWithPath: Bundle.main.bundlePath)
    for _ in 0..<4 where !FileManager.default.fileExists(atPath: dir.appendingPathComponent("ioimpact").path) {
        dir = dir.deletingLastPathComponent()
    }
    return dir.appendingPathComponent("ioimpact").path
}

/// Runs a program to its end: exit status, standard output, standard error.
func runProgram(_ path: String, _ args: [String], environment: [String: String]? = nil) throws
    -> (status: Int32, out: String, err: String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: path)
    p.arguments = args
    p.currentDirectoryURL = URL(fileURLWithPath: projectRoot)
    if let environment { p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    try p.run()
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
}

func runIOImpact(_ args: [String]) throws -> (status: Int32, out: String, err: String) {
    guard FileManager.default.isExecutableFile(atPath: ioimpactBinary) else {
        throw XCTSkip("the ioimpact binary was not found beside the tests (\(ioimpactBinary)); "
                      + "run `swift build` first")
    }
    return try runProgram(ioimpactBinary, args)
}

/// A JSON request body.
func jsonBody(_ object: Any) throws -> ByteBuffer {
    ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: object))
}

let jsonHeaders: HTTPFields = [.contentType: "application/json"]
let tomlHeaders: HTTPFields = [.contentType: "application/toml"]

extension TestClientProtocol {
    /// POST and the answer as (status, body text).
    func post(_ uri: String, _ body: ByteBuffer, headers: HTTPFields = jsonHeaders) async throws
        -> (status: HTTPResponse.Status, text: String, headers: HTTPFields) {
        try await execute(uri: uri, method: .post, headers: headers, body: body) { r in
            (r.status, String(buffer: r.body), r.headers)
        }
    }

    func get(_ uri: String) async throws -> (status: HTTPResponse.Status, text: String, headers: HTTPFields) {
        try await execute(uri: uri, method: .get) { r in (r.status, String(buffer: r.body), r.headers) }
    }
}

/// The value at `key` of a JSON object text.
func field(_ text: String, _ key: String) throws -> Any? {
    let o = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
    return o?[key]
}
