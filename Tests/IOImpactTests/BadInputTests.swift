import Foundation
import XCTest
@testable import IOImpact

/// Every kind of bad table input gives a message that names the file and the line, column or sector.
final class BadInputTests: XCTestCase {
    func loadError(_ overrides: [String: String], file: StaticString = #filePath, line: UInt = #line) -> String {
        let dir = temporaryDirectory()
        do {
            try writeMillerBlairTable(to: dir, overrides: overrides)
            _ = try LeontiefModel(table: try TableLoader.load(directory: dir))
            XCTFail("expected an error", file: file, line: line)
            return ""
        } catch {
            return "\(error)"
        }
    }

    func testValidTableLoads() throws {
        let dir = temporaryDirectory()
        try writeMillerBlairTable(to: dir)
        XCTAssertEqual(try TableLoader.load(directory: dir).count, 3)
    }

    func testRaggedRow() {
        let e = loadError(["transactions.csv": "code,1,2,3\n1,150,500,50\n2,200,100\n3,300,500,50\n"])
        XCTAssertTrue(e.hasSuffix("transactions.csv line 3: ragged row: 3 fields, the header has 4"), e)
    }

    func testNonNumber() {
        let e = loadError(["transactions.csv": "code,1,2,3\n1,150,500,50\n2,200,n/a,400\n3,300,500,50\n"])
        XCTAssertTrue(e.hasSuffix("transactions.csv line 3, column 2: 'n/a' is not a number"), e)
    }

    func testNaN() {
        let e = loadError(["final_demand.csv": "code,hh,ex\n1,150,150\n2,NaN,650\n3,75,75\n"])
        XCTAssertTrue(e.hasSuffix("final_demand.csv line 3, column hh: 'NaN' is not a finite number (NaN or infinity)"), e)
    }

    func testNegativeOutput() {
        let e = loadError(["sectors.csv": "code,name,name_local,gross_output\n1,Agriculture,,1000\n2,Manufacturing,,-2000\n3,Services,,1000\n"])
        XCTAssertTrue(e.hasSuffix("sectors.csv line 3, column gross_output: negative gross output -2000.0 for sector 2"), e)
    }

    func testDuplicateCode() {
        let e = loadError(["sectors.csv": "code,name,name_local,gross_output\n1,Agriculture,,1000\n2,Manufacturing,,2000\n2,Services,,1000\n"])
        XCTAssertTrue(e.hasSuffix("sectors.csv line 4, column code: duplicate sector code '2' (first on line 3)"), e)
    }

    func testUnbalancedTable() {
        let e = loadError(["final_demand.csv": "code,hh,ex\n1,150,150\n2,750,650\n3,75,75\n"])
        XCTAssertTrue(e.contains("sector 2: unbalanced row: gross output 2000 but intermediate sales + final demand = 2100 (residual -100"), e)
    }

    func testSingularTable() {
        // Sector 3 buys only from itself, all of its output, and sells nothing else: I − A is singular there.
        // The column check allows it (no value added, column sum exactly one), so LAPACK's INFO must name it.
        let e = loadError([
            "transactions.csv": "code,1,2,3\n1,150,500,0\n2,200,100,0\n3,0,0,1000\n",
            "final_demand.csv": "code,hh,ex\n1,175,175\n2,850,850\n3,0,0\n",
            "value_added.csv": "component,1,2,3\nwages,650,1400,0\n",
        ])
        XCTAssertTrue(e.hasPrefix("the matrix is singular at sector 3"), e)
    }

    func testColumnSumOfAAboveOne() {
        let e = loadError([
            "transactions.csv": "code,1,2,3\n1,150,500,50\n2,200,100,400\n3,700,500,50\n",
            "final_demand.csv": "code,hh,ex\n1,150,150\n2,650,650\n3,-125,-125\n",
            "value_added.csv": "component,1,2,3\nwages,-50,900,500\n",
        ])
        XCTAssertTrue(e.contains("sector 1: column sum of A is 1.0500 (≥ 1)"), e)
    }

    func testMissingFile() {
        XCTAssertThrowsError(try TableLoader.load(directory: "/nonexistent/table")) { e in
            XCTAssertEqual("\(e)", "/nonexistent/table: no such table folder")
        }
        let dir = temporaryDirectory()
        try? writeMillerBlairTable(to: dir)
        try? FileManager.default.removeItem(atPath: dir + "/transactions.csv")
        XCTAssertThrowsError(try TableLoader.load(directory: dir)) { e in
            XCTAssertTrue("\(e)".hasSuffix("transactions.csv: file not found"), "\(e)")
        }
    }

    func testManifestNamesAMissingFile() {
        let manifestWithFiles = """
        format = "ioimpact-table/1"
        id = "mb-3"
        name = "x"
        country = "XX"
        year = 2009
        currency = "USD"
        unit = "dollars"
        price_basis = "hypothetical"
        import_treatment = "domestic"
        source = "s"
        licence = "l"

        [files]
        transactions = "flows.csv"

        [final_demand]
        exports = []
        imports = []

        [value_added]
        compensation = ["wages"]
        """
        let e = loadError(["manifest.toml": manifestWithFiles])
        XCTAssertTrue(e.contains("manifest.toml line 14, files.transactions: names 'flows.csv', which is not in"), e)
    }

    func testUnknownManifestKey() {
        let e = loadError(["manifest.toml": "format = \"ioimpact-table/1\"\nid = \"x\"\nimport_treatmnet = \"domestic\"\n"])
        XCTAssertTrue(e.contains("manifest.toml line 3, key 'import_treatmnet': unknown key (did you mean 'import_treatment'?)"), e)
    }
}
