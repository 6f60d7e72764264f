import Foundation
import XCTest
@testable import IOImpact

/// The repository root, found from this file's path (tests run from any folder).
let projectRoot: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

let fixturesDir = projectRoot + "/Tests/IOImpactTests/Fixtures"

/// The built `ioimpact` command: the test bundle sits beside the products in .build/<configuration>/.
var ioimpactBinary: String {
    var dir = URL(fileURLWithPath: Bundle.main.bundlePath)
    for _ in 0..<4 where !FileManager.default.fileExists(atPath: dir.appendingPathComponent("ioimpact").path) {
        dir = dir.deletingLastPathComponent()
    }
    return dir.appendingPathComponent("ioimpact").path
}

/// The manifest of a synthetic test table (domestic imports, no exports, compensation in `wages`).
func syntheticManifest(id: String, name: String, country: String, households: [String]) -> String {
    """
    format = "ioimpact-table/1"
    id = "\(id)"
    name = "\(name)"
    country = "\(country)"
    year = 2025
    currency = "USD"
    unit = "million USD"
    price_basis = "hypothetical"
    import_treatment = "domestic"
    source = "test fixture"
    licence = "test fixture"
    balance_tolerance = 1e-9

    [final_demand]
    exports = []
    imports = []
    household_consumption = [\(households.map { "\"\($0)\"" }.joined(separator: ", "))]

    [value_added]
    compensation = ["wages"]

    """
}

/// Writes the files of a table (name → contents) into `dir`, created if needed.
func writeTableFiles(_ files: [String: String], to dir: String) throws {
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    for (name, text) in files { try text.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8) }
}

func shippedTable(_ id: String) throws -> IOTable { try TableLoader.load(directory: projectRoot + "/Tables/" + id) }

/// Reads a plain numeric CSV (no header) into a matrix.
func readNumbers(_ path: String) throws -> Matrix {
    let csv = try CSVFile(path: path)
    return Matrix(rowMajor: try csv.rows.map { r in try r.fields.map { try CSVFile.number($0, path: path, line: r.line, column: "?") } })
}

/// Writes a small valid table in ioimpact's format: Miller & Blair's three-sector example
/// (Z = [150 500 50; 200 100 400; 300 500 50], x = [1000, 2000, 1000]) with one final-demand
/// column and one value-added row. Tests corrupt single files of it.
func writeMillerBlairTable(to dir: String, overrides: [String: String] = [:]) throws {
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    var files: [String: String] = [
        "manifest.toml": """
        format = "ioimpact-table/1"
        id = "mb-3"
        name = "Miller & Blair three-sector example"
        country = "XX"
        year = 2009
        currency = "USD"
        unit = "dollars"
        price_basis = "hypothetical"
        import_treatment = "domestic"
        source = "Miller & Blair (2009), section 2.3"
        licence = "textbook example"
        balance_tolerance = 1e-9

        [final_demand]
        exports = ["ex"]
        imports = []
        household_consumption = ["hh"]

        [value_added]
        compensation = ["wages"]

        """,
        "sectors.csv": "code,name,name_local,gross_output\n1,Agriculture,,1000\n2,Manufacturing,,2000\n3,Services,,1000\n",
        "transactions.csv": "code,1,2,3\n1,150,500,50\n2,200,100,400\n3,300,500,50\n",
        "final_demand.csv": "code,hh,ex\n1,150,150\n2,650,650\n3,75,75\n",
        "value_added.csv": "component,1,2,3\nwages,350,900,500\n",
        "employment.csv": "code,persons\n1,10\n2,20\n3,30\n",
    ]
    for (k, v) in overrides { files[k] = v }
    for (name, text) in files where !text.isEmpty {
        try text.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8)
    }
}

/// Every test's scratch folder lives under one folder per test process, removed when the process exits
/// (thousands of runs of the suite otherwise leave their folders in the system's temporary directory).
private let testScratchRoot: String = {
    let root = NSTemporaryDirectory() + "ioimpact-tests-\(getpid())"
    try? FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    atexit {
        try? FileManager.default.removeItem(atPath: NSTemporaryDirectory() + "ioimpact-tests-\(getpid())")
    }
    return root
}()

func temporaryDirectory(_ name: String = #function) -> String {
    let safe = name.filter { $0.isLetter || $0.isNumber }
    let dir = testScratchRoot + "/\(safe)-\(UUID().uuidString.prefix(8))"
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}

func assertClose(_ a: [Double], _ b: [Double], relative: Double = 0, absolute: Double = 0, _ what: String = "",
                 file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.count, b.count, "\(what): lengths differ", file: file, line: line)
    for (k, (x, y)) in zip(a, b).enumerated() {
        let tol = max(absolute, relative * max(abs(x), abs(y)))
        if abs(x - y) > tol {
            XCTFail("\(what)[\(k)]: \(x) vs \(y) (diff \(abs(x - y)), tolerance \(tol))", file: file, line: line)
            return
        }
    }
}

/// Runs the built `ioimpact` binary in the project folder: its exit status, stdout and stderr. Skips the
/// test when the binary was not built.
func runIOImpact(_ args: [String]) throws -> (status: Int32, out: String, err: String) {
    let binary = ioimpactBinary
    guard FileManager.default.isExecutableFile(atPath: binary) else {
        throw XCTSkip("the ioimpact binary was not found beside the tests (\(binary)); run `swift build` first")
    }
    let p = Process()
    p.executableURL = URL(fileURLWithPath: binary)
    p.arguments = args
    p.currentDirectoryURL = URL(fileURLWithPath: projectRoot)
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    try p.run()
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
}
