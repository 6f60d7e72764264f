import Foundation
import XCTest
@testable import IOImpact

/// OECD ICIO files (2023 release layout) load as world tables and run a world case.
final class IcioTests: XCTestCase {
    func testTheFullShapeLoadsAsAWorldTable() throws {
        let path = temporaryDirectory() + "/2020_SML.csv"
        try SyntheticIcio.write(to: path)
        let t = try TableCatalog.load(path)
        XCTAssertEqual(t.count, 76 * 45)
        XCTAssertEqual(t.regions.count, 76)
        XCTAssertEqual(t.codes.first, "AUS/A01_02")
        XCTAssertEqual(t.sectors[20 * 45 + 16].code, "KOR/C26")
        XCTAssertEqual(t.sectors[20 * 45 + 16].region, "KOR")
        XCTAssertEqual(t.finalDemandCategories.count, 76 * 6)
        XCTAssertEqual(t.finalDemandCategories[0].code, "AUS/HFCE")
        XCTAssertTrue(t.finalDemandCategories[0].isHouseholdConsumption)
        XCTAssertEqual(t.valueAddedComponents.map(\.code), ["TLS", "VA"])
        XCTAssertEqual(t.metadata.year, 2020)
        XCTAssertEqual(t.metadata.unit, "million USD")
        XCTAssertEqual(t.grossOutput[0], 1000)
        // Balanced by construction: x = Z1 + Y1 = 1'Z + TLS + VA.
        let rows = t.transactions.rowSums, cols = t.transactions.columnSums, f = t.totalFinalDemand, v = t.valueAdded
        for i in [0, 77, 3419] {
            XCTAssertEqual(rows[i] + f[i], t.grossOutput[i], accuracy: 1e-9)
            XCTAssertEqual(cols[i] + v[i], t.grossOutput[i], accuracy: 1e-9)
        }
    }
}

extension IcioTests {
    /// A satellite built from the shipped concordance (ICIO industries from WIOD intensities), then a
    /// world case that names the table and the satellite by path, relative to the case file.
    func testAWorldCaseRunsOnAnIcioFileWithASatelliteFromAConcordance() throws {
        let dir = temporaryDirectory()
        try SyntheticIcio.write(to: dir + "/2020_SML.csv", economies: Self.caseEconomies)
        let t = try TableCatalog.load(dir + "/2020_SML.csv")
        let built = try SatelliteBuilder.build(
            table: t, concordance: projectRoot + "/Tables/materials/concordance-icio-2023-from-wiod.csv")
        XCTAssertTrue(built.missing.isEmpty, "\(built.missing)")
        XCTAssertTrue(built.uncovered.contains("K"), "services have no material rows")
        let magnetsKOR = try XCTUnwrap(built.uses.first { $0.material == "ndfeb_magnet" && $0.sector == "KOR/C28" })
        let wiod = try shippedTable("world-2011-wiod")
        let wiodSat = try MaterialSatellite.shipped("world-2011-wiod", table: wiod)
        let source = try XCTUnwrap(wiodSat.uses.first { $0.material == "ndfeb_magnet" && $0.sector == "KOR/c13" })
        let intensity = source.tonnesPerYear / wiod.grossOutput[wiod.index(of: "KOR/c13")!]
        XCTAssertEqual(magnetsKOR.tonnesPerYear, intensity * t.grossOutput[t.index(of: "KOR/C28")!], accuracy: 1e-9)
        XCTAssertEqual(magnetsKOR.essentiality, source.essentiality, accuracy: 1e-12)
        try SatelliteBuilder.write(built, to: dir + "/satellite-icio.csv", replace: false)
        XCTAssertThrowsError(try SatelliteBuilder.write(built, to: dir + "/satellite-icio.csv", replace: false),
                             "a file it did not create this time is not replaced without --replace")
        let text = """
        format = "ioimpact-case/2"
        id = "icio-cn-magnets"
        title = "ICIO: Chinese magnets and NdPr halved for three months"
        table = "2020_SML.csv"
        satellite = "satellite-icio.csv"
        start = "2026-01-01"
        horizon_months = 6
        [[cut]]
        material = "ndfeb_magnet"
        origin = "CHN"
        flow = [[0, 1], [0, 0.5], [91, 0.5], [91, 1]]
        flow_basis = "test"
        [[cut]]
        material = "re_ndpr"
        origin = "CHN"
        flow = [[0, 1], [0, 0.5], [91, 0.5], [91, 1]]
        flow_basis = "test"
        """
        try text.write(toFile: dir + "/case.toml", atomically: true, encoding: .utf8)
        let m = try DynamicModel.resolve(try DynamicCaseLoader.load(path: dir + "/case.toml"))
        XCTAssertEqual(m.n, Self.caseEconomies * 45)
        let o = DynamicOutcome(model: m, path: try Simulation.run(m))
        let losses = o.regionLosses(m)
        let kor = try XCTUnwrap(losses.first { $0.region == "KOR" })
        XCTAssertGreaterThan(kor.gdpLossFirst12, 0, "Korea's machinery loses magnets")
        XCTAssertTrue(kor.cutDirectly)
        XCTAssertEqual(losses.map(\.gdpLossTotal).reduce(0, +), o.valueAddedLossBySector.reduce(0, +), accuracy: 1e-6)
    }

    /// The case run uses the first 21 economies of the list (to KOR): the full 76 loads in the test
    /// above, and a 3,420-sector factorisation per run belongs in `make bench`.
    static let caseEconomies = 21
}

extension IcioTests {
    func refused(_ edit: (String) -> String, _ expected: String..., line: Int? = nil,
                 file: StaticString = #filePath, fline: UInt = #line) throws {
        let path = temporaryDirectory() + "/bad.csv"
        try edit(SyntheticIcio.text(economies: 2)).write(toFile: path, atomically: true, encoding: .utf8)
        do {
            _ = try TableCatalog.load(path)
            XCTFail("accepted; expected \(expected)", file: file, line: fline)
        } catch let e as InputError {
            for x in expected { XCTAssertTrue(e.description.contains(x), e.description, file: file, line: fline) }
            XCTAssertTrue(e.description.hasPrefix(path), e.description, file: file, line: fline)
            XCTAssertFalse(e.description.contains("\n"), file: file, line: fline)
            if let line { XCTAssertEqual(e.line, line, e.description, file: file, line: fline) }
        }
    }

    func lines(_ s: String, _ f: (inout [String]) -> Void) -> String {
        var l = s.components(separatedBy: "\n"); f(&l); return l.joined(separator: "\n")
    }

    func testMalformedIcioFilesNameTheFileLineAndField() throws {
        // A bad number on line 5 (the fourth industry row), in column AUS_A01_02.
        try refused({ self.lines($0) { $0[4] = $0[4].replacingOccurrences(of: "AUS_B07_08,", with: "AUS_B07_08,x") } },
                    "line 5", "AUS_A01_02", line: 5)
        // No OUT row.
        try refused({ self.lines($0) { $0.removeAll { $0.hasPrefix("OUT,") } } }, "row OUT", "missing")
        // A row label that does not parse, and one out of order.
        try refused({ self.lines($0) { $0[3] = $0[3].replacingOccurrences(of: "AUS_B05_06,", with: "AUSB0506,") } },
                    "line 4", "row label 'AUSB0506'", "does not parse", line: 4)
        try refused({ self.lines($0) { $0.swapAt(2, 3) } }, "line 3", "expected 'AUS_A03'", line: 3)
        // A header label that does not parse.
        try refused({ $0.replacingOccurrences(of: ",AUS_C26,", with: ",AUSC26,") }, "line 1", "column 18 'AUSC26'",
                    "does not parse", line: 1)
        // Unbalanced: an output that is not the sum of its row.
        try refused({ $0.replacingOccurrences(of: "\nOUT,1000,", with: "\nOUT,2000,") },
                    "unbalanced", "AUS/A01_02")
    }
}
