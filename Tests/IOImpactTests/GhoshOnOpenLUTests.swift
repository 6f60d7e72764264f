import XCTest
@testable import IOImpact

/// The Ghosh model from the Leontief model's own LU (G = x̂⁻¹ L x̂) equals a factorisation of I − B.
final class GhoshOnOpenLUTests: XCTestCase {
    func testAgainstTheirOwnFactorisation() throws {
        for id in ["jp-2015-37", "us-2022-71", "jp-2015-13"] {
            let model = try LeontiefModel(table: try shippedTable(id))
            let own = try LUFactorization(IOMath.identityMinus(model.allocationCoefficients))
            let n = model.count
            assertClose(try model.ghoshForwardLinkages(), try own.solve([Double](repeating: 1, count: n)), relative: 1e-10, "\(id) G·1")
            let g = try model.ghoshInverse(), reference = try own.inverse()
            let scale = (0..<n).map { j in (0..<n).map { abs(reference[$0, j]) }.max()! }.max()!
            XCTAssertLessThan(g.maxAbsDifference(reference), 1e-10 * scale, id)
            let dv = (0..<n).map { Double(($0 * 7) % 5) - 1 }
            assertClose(try model.ghoshOutput(primaryInputChange: dv), try own.solve(dv, transposed: true),
                        relative: 1e-9, absolute: 1e-9 * dv.map(abs).max()!, "\(id) Δx′ = Δv′G")
        }
    }

    /// The static supply-cut scenario's Ghosh method on the table's LU equals its own factorisation of I − B.
    func testGhoshScenarioOnTheTablesLU() throws {
        for id in ["jp-2015-185", "jp-2015-37", "us-2022-71"] {
            let model = try LeontiefModel(table: try shippedTable(id))
            let shared = Propagator(model: model)
            XCTAssertNotNil(shared.baseFactorization, id)
            var own = shared
            own.baseFactorization = nil
            let x = model.table.grossOutput
            let caps = x.indices.map { x[$0] * (1 - Double(($0 * 7) % 5) / 10) }
            assertClose(try shared.ghosh(caps: caps).output, try own.ghosh(caps: caps).output,
                        relative: 1e-9, absolute: 1e-9 * x.max()!, "\(id) Ghosh scenario")
        }
    }

    func testAZeroOutputSectorKeepsTheIdentityRowAndColumn() throws {
        // Sector 3 produces nothing and buys nothing: B has a zero row and column there, so G's are e_3.
        let dir = temporaryDirectory()
        try writeMillerBlairTable(to: dir, overrides: [
            "sectors.csv": "code,name,name_local,gross_output\n1,Agriculture,,1000\n2,Manufacturing,,2000\n3,Services,,0\n",
            "transactions.csv": "code,1,2,3\n1,150,500,0\n2,200,100,0\n3,0,0,0\n",
            "final_demand.csv": "code,hh,ex\n1,175,175\n2,850,850\n3,0,0\n",
            "value_added.csv": "component,1,2,3\nwages,650,1400,0\n",
        ])
        let model = try LeontiefModel(table: try TableLoader.load(directory: dir))
        let g = try model.ghoshInverse()
        XCTAssertEqual(g.row(2), [0, 0, 1])
        XCTAssertEqual(g.column(2), [0, 0, 1])
        XCTAssertEqual(try model.ghoshForwardLinkages()[2], 1)
        let own = try LUFactorization(IOMath.identityMinus(model.allocationCoefficients))
        assertClose(try model.ghoshForwardLinkages(), try own.solve([1, 1, 1]), relative: 1e-12, "G·1")
        assertClose(try model.ghoshOutput(primaryInputChange: [10, 0, 5]), try own.solve([10, 0, 5], transposed: true), relative: 1e-12, "Δx")
    }
}
