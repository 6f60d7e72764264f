import XCTest
@testable import IOImpact

/// Type II multipliers by the bordered solve on the open model's LU (one factorisation per table)
/// equal the textbook second factorisation of the (n+1)×(n+1) households-closed matrix.
final class TypeIIBorderedTests: XCTestCase {
    /// Relative agreement per element; entries far below the vector's largest get an absolute floor of
    /// 1e-14 of it (a difference of rounding in a near-zero multiplier is not a relative one).
    func assertSame(_ a: [Double]?, _ b: [Double]?, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        guard let a, let b else {
            XCTAssertEqual(a == nil, b == nil, "\(what): computed by one method only", file: file, line: line)
            return
        }
        let scale = b.map(abs).max() ?? 0
        assertClose(a, b, relative: 1e-10, absolute: 1e-14 * scale, what, file: file, line: line)
    }

    func check(_ model: LeontiefModel, propensity: ConsumptionPropensity, _ name: String,
               file: StaticString = #filePath, line: UInt = #line) throws {
        let bordered = try model.multipliers(propensity: propensity)
        let reference = try model.typeIIByClosedFactorisation(propensity: propensity)
        if let reference {
            XCTAssertTrue(bordered.typeIIBasis.hasPrefix("Type II: households closed"), "\(name): \(bordered.typeIIBasis)", file: file, line: line)
            assertSame(bordered.outputTypeII, reference.output, "\(name) output Type II", file: file, line: line)
            assertSame(bordered.valueAddedTypeII, reference.valueAdded, "\(name) value-added Type II", file: file, line: line)
            assertSame(bordered.employmentTypeII, reference.employment, "\(name) employment Type II", file: file, line: line)
            assertSame(bordered.incomeTypeII, reference.income, "\(name) income Type II", file: file, line: line)
        } else {
            // Consistently not computed: no Type II vector, and the basis says why.
            XCTAssertNil(bordered.outputTypeII, name, file: file, line: line)
            XCTAssertNil(bordered.incomeTypeII, name, file: file, line: line)
            XCTAssertTrue(bordered.typeIIBasis.hasPrefix("Type II not computed"), "\(name): \(bordered.typeIIBasis)", file: file, line: line)
        }
    }

    func testEveryShippedTableAgreesWithTheSecondFactorisation() throws {
        for id in ["jp-2015-185", "jp-2015-37", "jp-2015-13", "us-2022-71", "world-2011-wiod"] {
            let model = try LeontiefModel(table: try shippedTable(id))
            // The table's own stated propensity where it has one (Japan), and a stated one for every table.
            if let standard = ConsumptionPropensity.standard(for: model.table) {
                try check(model, propensity: standard, id + " (standard)")
            }
            try check(model, propensity: .init(value: 0.6, basis: "test"), id + " (0.6)")
        }
    }

    func testShippedTablesComputeTypeIIWhereTheyHaveCompensation() throws {
        // Guards the comparison above against passing vacuously: every shipped table carries a
        // compensation row and household consumption, so both methods compute Type II.
        for id in ["jp-2015-185", "jp-2015-37", "jp-2015-13", "us-2022-71", "world-2011-wiod"] {
            let model = try LeontiefModel(table: try shippedTable(id))
            let m = try model.multipliers(propensity: .init(value: 0.6, basis: "test"))
            XCTAssertNotNil(m.outputTypeII, id)
            XCTAssertNotNil(try model.typeIIByClosedFactorisation(propensity: .init(value: 0.6, basis: "test")), id)
        }
    }

    func testPymrioFixtureAgrees() throws {
        let model = try LeontiefModel(table: try PymrioLoader.load(directory: fixturesDir + "/pymrio_test"))
        try check(model, propensity: .init(value: 0.738, basis: "test"), "pymrio_test")
    }

    func testNoLeakageIsSingularWithTheSameMessage() throws {
        // All final demand is household consumption and all value added compensation: s = 1 − hᵀr = 0.
        let dir = temporaryDirectory()
        try writeMillerBlairTable(to: dir, overrides: ["final_demand.csv": "code,hh,ex\n1,300,0\n2,1300,0\n3,150,0\n"])
        let model = try LeontiefModel(table: try TableLoader.load(directory: dir))
        let m = try model.multipliers(propensity: .init(value: 1, basis: "test"))
        XCTAssertNil(m.outputTypeII)
        XCTAssertEqual(m.typeIIBasis, "Type II not computed: closed for households the model is singular (everything earned is spent at home, nothing leaks)")
        XCTAssertNil(try model.typeIIByClosedFactorisation(propensity: .init(value: 1, basis: "test")))
    }
}
