import Foundation
import XCTest
@testable import IOImpact

/// `ioimpact satellite build`: a satellite for a table from a concordance (docs/TABLE_FORMAT.md).
final class SatelliteBuildTests: XCTestCase {
    static let materials = ["re_ndpr", "re_dytb", "re_lace", "re_other", "ndfeb_magnet"]

    /// The shipped concordance for WIOD (MIC and BEA sectors into WIOD industries for Japan and the
    /// United States, their mean intensity for every other region) with the regions' own totals
    /// (`--totals Tables/materials/region_totals-world.csv`: Germany, Korea, China) rebuilds the shipped
    /// satellite that Tables/build/build_world_satellite.py wrote: every row, tonnes and rating.
    func testTheWiodConcordanceReproducesTheShippedSatellite() throws {
        let t = try shippedTable("world-2011-wiod")
        let built = try SatelliteBuilder.build(
            table: t, concordance: projectRoot + "/Tables/materials/concordance-world-2011-wiod.csv",
            materials: Self.materials,
            totals: projectRoot + "/Tables/materials/region_totals-world.csv")
        XCTAssertEqual(built.missing, [], "every source sector with tonnes is carried, every region reached")
        let shipped = try MaterialSatellite.shipped("world-2011-wiod", table: t).uses
            .filter { Self.materials.contains($0.material) }
        var mine: [String: MaterialUse] = [:]
        for u in built.uses { mine[u.material + "@" + u.sector] = u }
        XCTAssertEqual(built.uses.count, shipped.count)
        XCTAssertGreaterThan(shipped.count, 900)
        for s in shipped {
            let u = try XCTUnwrap(mine[s.material + "@" + s.sector], "\(s.material) \(s.sector)")
            // The shipped file rounds tonnes to 0.001 and ratings to 0.0001.
            XCTAssertEqual(u.tonnesPerYear, s.tonnesPerYear, accuracy: 0.0005 + 1e-9 * s.tonnesPerYear,
                           "\(s.material) \(s.sector)")
            XCTAssertEqual(u.essentiality, s.essentiality, accuracy: 0.00005 + 1e-12, "\(s.material) \(s.sector)")
        }
    }

    func testTheCommandWritesTheSatelliteAndPrintsWhatIsMissing() throws {
        let dir = temporaryDirectory()
        // Every MIC sector of Japan's machinery (WIOD c13) left out of the concordance.
        let full = try String(contentsOfFile: projectRoot + "/Tables/materials/concordance-world-2011-wiod.csv",
                              encoding: .utf8)
        let dropped = full.components(separatedBy: "\n").filter { !$0.hasPrefix("JPN/c13,jp-2015-185,") }
        try dropped.joined(separator: "\n").write(toFile: dir + "/concordance.csv", atomically: true, encoding: .utf8)
        let r = try runIOImpact(["satellite", "build", "--table", "world-2011-wiod",
                                 "--concordance", dir + "/concordance.csv",
                                 "--materials", Self.materials.joined(separator: ",")])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.contains("missing ("), r.out)
        XCTAssertTrue(r.out.contains("jp-2015-185 "), r.out)
        XCTAssertTrue(r.out.contains("not carried"), r.out)
        XCTAssertTrue(r.out.contains("industries no row names"), r.out)
        let written = dir + "/satellite-world-2011-wiod.csv"
        XCTAssertNoThrow(try CSVFile(path: written))
        let again = try runIOImpact(["satellite", "build", "--table", "world-2011-wiod",
                                     "--concordance", dir + "/concordance.csv"])
        XCTAssertEqual(again.status, 1, "an existing file is not replaced without --replace")
        XCTAssertTrue(again.err.contains("--replace"), again.err)
    }

    func testABadConcordanceNamesTheFileLineAndField() throws {
        let t = try shippedTable("world-2011-wiod")
        func refused(_ body: String, _ expected: String, line: Int) throws {
            let path = temporaryDirectory() + "/c.csv"
            try ("sector,source,source_sector,rule,basis\n" + body)
                .write(toFile: path, atomically: true, encoding: .utf8)
            XCTAssertThrowsError(try SatelliteBuilder.build(table: t, concordance: path)) {
                let e = $0 as? InputError
                XCTAssertEqual(e?.line, line, "\($0)")
                XCTAssertTrue("\($0)".contains(expected), "\($0)")
                XCTAssertTrue("\($0)".hasPrefix(path), "\($0)")
            }
        }
        try refused("JPN/c13,jp-2015-185,2911,tonnes,t\nXXX/c13,jp-2015-185,2911,tonnes,t\n", "column sector", line: 3)
        try refused("JPN/c13,jp-2015-185,9999,tonnes,t\n", "column source_sector", line: 2)
        try refused("JPN/c13,jp-2015-185,2911,copy,t\n", "column rule", line: 2)
        try refused("JPN/c13,nowhere,2911,tonnes,t\n", "column source", line: 2)
        try refused("JPN/c13,jp-2015-185,2911,tonnes,\n", "column basis", line: 2)
        try refused("*/c13,jp-2015-185,JPN;USA,mean,t\n", "column source", line: 2)
        try refused("JPN/c13,jp-2015-185,2911,intensity,t\n", "intensity compares outputs", line: 2)
    }
}
