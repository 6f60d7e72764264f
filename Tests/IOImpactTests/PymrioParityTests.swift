import Foundation
import XCTest
@testable import IOImpact

/// Parity with pymrio on its bundled test system, saved with save_all(). The expected numbers are
/// pymrio's own (Fixtures/pymrio_expected, written by Tests/scripts/make_pymrio_fixture.py), so the
/// test runs where Python is absent.
final class PymrioParityTests: XCTestCase {
    let system = fixturesDir + "/pymrio_test"
    let expected = fixturesDir + "/pymrio_expected"

    func testLoadsAsRegionsTimesSectors() throws {
        let t = try TableLoader.load(directory: system)
        XCTAssertEqual(t.count, 48)
        XCTAssertEqual(Set(t.sectors.compactMap(\.region)).count, 6)
        let labels = try String(contentsOfFile: expected + "/labels.csv", encoding: .utf8).split(separator: "\n").map(String.init)
        XCTAssertEqual(t.codes, labels)
    }

    func testAxLAndMultipliersMatchPymrio() throws {
        let model = try LeontiefModel(table: try TableLoader.load(directory: system))
        let a = try readNumbers(expected + "/A.csv"), l = try readNumbers(expected + "/L.csv")
        let x = try readNumbers(expected + "/x.csv").row(0)
        let mva = try readNumbers(expected + "/value_added_multipliers.csv").row(0)
        assertClose(model.table.grossOutput, x, relative: 1e-9, "x")
        assertClose(model.coefficients.storage, a.storage, relative: 1e-9, absolute: 1e-15, "A")
        let ours = try model.leontiefInverse()
        assertClose(ours.storage, l.storage, relative: 1e-9, absolute: 1e-15, "L")
        let m = try model.multipliers()
        assertClose(m.valueAdded, mva, relative: 1e-9, "value-added multipliers (pymrio factor_inputs.M)")
        assertClose(m.output, l.columnSums, relative: 1e-9, "output multipliers (column sums of pymrio's L)")
    }

    /// Regenerates the expected numbers with pymrio itself (installing it if pip can) and compares.
    func testAgainstLivePymrio() throws {
        let python = "/usr/bin/env"
        func run(_ args: [String]) -> Int32 {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: python)
            p.arguments = args
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            do { try p.run() } catch { return -1 }
            p.waitUntilExit()
            return p.terminationStatus
        }
        if run(["python3", "-c", "import pymrio"]) != 0 {
            _ = run(["python3", "-m", "pip", "install", "--quiet", "pymrio"])
        }
        guard run(["python3", "-c", "import pymrio"]) == 0 else {
            throw XCTSkip("pymrio is not importable and `python3 -m pip install pymrio` failed: live parity skipped (the committed fixture still ran)")
        }
        let out = temporaryDirectory()
        guard run(["python3", projectRoot + "/Tests/scripts/make_pymrio_fixture.py", out]) == 0 else {
            return XCTFail("Tests/scripts/make_pymrio_fixture.py failed")
        }
        let model = try LeontiefModel(table: try TableLoader.load(directory: out + "/pymrio_test"))
        let l = try readNumbers(out + "/pymrio_expected/L.csv")
        assertClose(try model.leontiefInverse().storage, l.storage, relative: 1e-9, absolute: 1e-15, "L against live pymrio")
    }
}
