import XCTest
@testable import IOImpact

/// Miller & Blair (2009), Input-Output Analysis, 2nd ed., chapter 2, worked examples. The book
/// prints L to four decimals, so the tolerance is 5e-5 absolute.
final class MillerBlairTests: XCTestCase {
    func testTwoSectorTables2_3And2_4() throws {
        // Table 2.3: Z = [150 500; 200 100], x = [1000, 2000]; A and L as printed in the text (section 2.3).
        let z = Matrix(rowMajor: [[150, 500], [200, 100]])
        let x = [1000.0, 2000.0]
        let a = IOMath.coefficients(transactions: z, output: x)
        XCTAssertEqual(a.maxAbsDifference(Matrix(rowMajor: [[0.15, 0.25], [0.20, 0.05]])), 0, accuracy: 1e-15)
        let lu = try LUFactorization(IOMath.identityMinus(a))
        let l = try lu.inverse()
        XCTAssertLessThan(l.maxAbsDifference(Matrix(rowMajor: [[1.2541, 0.3300], [0.2640, 1.1221]])), 5e-5)
        // x = L f with the table's final demand f = [350, 1700]; the book's new-demand example f = [600, 1500]
        // gives x = [1247.52, 1841.58].
        assertClose(try lu.solve([350, 1700]), x, relative: 1e-12, "x = L f")
        assertClose(try lu.solve([600, 1500]), [1247.52, 1841.58], absolute: 0.005, "M&B new demand")
    }

    func testThreeSectorExample() throws {
        // Section 2.3's three-sector example: Z = [150 500 50; 200 100 400; 300 500 50], x = [1000, 2000, 1000].
        let dir = temporaryDirectory()
        try writeMillerBlairTable(to: dir)
        let model = try LeontiefModel(table: try TableLoader.load(directory: dir))
        XCTAssertLessThan(model.coefficients.maxAbsDifference(Matrix(rowMajor: [[0.15, 0.25, 0.05], [0.20, 0.05, 0.40], [0.30, 0.25, 0.05]])), 1e-15)
        let expected = Matrix(rowMajor: [[1.3651, 0.4253, 0.2509], [0.5273, 1.3481, 0.5954], [0.5698, 0.4890, 1.2885]])
        XCTAssertLessThan(try model.leontiefInverse().maxAbsDifference(expected), 5e-5)
        // Output multipliers are the column sums of L: 2.4622, 2.2624, 2.1348 in the text.
        let m = try model.multipliers()
        assertClose(m.output, [2.4622, 2.2624, 2.1348], absolute: 5e-4, "output multipliers")
        // Transposed solve equals the column sums of the explicit inverse.
        assertClose(m.output, try model.leontiefInverse().columnSums, relative: 1e-12, "c′L by solve")
    }

    func testTypeIIMultipliersExceedTypeI() throws {
        let dir = temporaryDirectory()
        try writeMillerBlairTable(to: dir)
        let m = try LeontiefModel(table: try TableLoader.load(directory: dir)).multipliers(propensity: .init(value: 0.8, basis: "test"))
        XCTAssertTrue(m.typeIIBasis.contains("propensity to consume out of compensation of 0.8 (test)"), m.typeIIBasis)
        for j in 0..<3 {
            XCTAssertGreaterThan(m.outputTypeII![j], m.output[j])
            XCTAssertGreaterThan(m.incomeTypeII![j], m.income[j])
        }
    }

    func testSingularMatrixNamesTheSector() throws {
        // Sector b: a column of A summing to one with b selling only to itself makes I − A singular.
        let a = Matrix(rowMajor: [[0.5, 0.0], [0.0, 1.0]])
        XCTAssertThrowsError(try LUFactorization(IOMath.identityMinus(a), labels: ["a", "b"])) { e in
            XCTAssertEqual(e as? LinearAlgebraError, .singular(index: 1, label: "b"))
            XCTAssertTrue("\(e)".contains("sector b"), "\(e)")
        }
    }

    func testNaNIsRejectedNotPropagated() {
        let a = Matrix(rowMajor: [[1, .nan], [0, 1]])
        XCTAssertThrowsError(try LUFactorization(a)) { e in
            guard case .nonFinite = e as? LinearAlgebraError else { return XCTFail("\(e)") }
        }
    }
}

/// MIC's published open-type inverse for the 2015 37-sector table, reproduced from the table.
final class MICInverseTests: XCTestCase {
    func testOpenTypeInverseMatchesMIC() throws {
        let model = try LeontiefModel(table: try shippedTable("jp-2015-37"))
        let published = try CSVFile(path: projectRoot + "/Tables/sources/jp_mic2015_37_inverse_open_type.csv")
        let header = Array(published.rows[0].fields.dropFirst(2))
        XCTAssertEqual(header, model.table.codes)
        let mic = Matrix(rowMajor: try published.rows.dropFirst().map { r in
            try r.fields.dropFirst(2).map { try CSVFile.number($0, path: published.path, line: r.line, column: "?") }
        })
        let ours = try model.openTypeInverse()
        let diff = ours.maxAbsDifference(mic)
        XCTAssertLessThan(diff, 1e-6, "max |ours − MIC| = \(diff)")
    }
}

/// Invariants on every shipped table: (I − A)·L = I, x = L·f, column sums of L ≥ 1.
final class ShippedTableInvariantTests: XCTestCase {
    func testInvariants() throws {
        for id in ["jp-2015-13", "jp-2015-37", "jp-2015-185", "us-2022-71"] {
            let t = try shippedTable(id)
            let model = try LeontiefModel(table: t)
            let l = try model.openTypeInverse()
            let product = IOMath.identityMinus(model.domesticCoefficients) * l
            XCTAssertLessThan(product.maxAbsDifference(.identity(t.count)), 1e-10, "\(id): (I − A)L ≠ I")
            let x = try model.output(for: model.domesticFinalDemand)
            assertClose(x, t.grossOutput, relative: max(t.metadata.balanceTolerance, 1e-9), absolute: 1e-6, "\(id): x = L f")
            for (j, s) in l.columnSums.enumerated() {
                XCTAssertGreaterThanOrEqual(s, 1 - 1e-12, "\(id): column sum of L for \(t.codes[j])")
            }
            let full = try model.leontiefInverse()
            XCTAssertTrue(full.columnSums.allSatisfy { $0 >= 1 - 1e-12 }, "\(id): column sums of (I − A)⁻¹")
            XCTAssertGreaterThan(try model.factorization.reciprocalCondition(), 1e-6, "\(id) is ill-conditioned")
        }
    }

    func testTotalsMatchProvenance() throws {
        // PROVENANCE.md: Σ output 1,017,818,388 and Σ GVA 548,238,714 million yen for all three Japanese tables;
        // BEA 2022 value added 26,006,893 million USD (= 2022 GDP).
        for id in ["jp-2015-13", "jp-2015-37", "jp-2015-185"] {
            let t = try shippedTable(id)
            XCTAssertEqual(t.grossOutput.reduce(0, +), 1_017_818_388, accuracy: 1, id)
            XCTAssertEqual(t.gdp, 548_238_714, accuracy: 1, id)
            XCTAssertEqual(t.totalEmployment!, 66_196_592, accuracy: 3, id)
        }
        XCTAssertEqual(try shippedTable("us-2022-71").gdp, 26_006_893, accuracy: 1)
    }
}

/// Ghosh and extraction, checked against identities from the literature.
final class GhoshAndExtractionTests: XCTestCase {
    func testGhoshInverseIsSimilarToLeontief() throws {
        // Miller & Blair (2009) eq. 12.10: G = x̂⁻¹ L x̂.
        let dir = temporaryDirectory()
        try writeMillerBlairTable(to: dir)
        let model = try LeontiefModel(table: try TableLoader.load(directory: dir))
        let x = model.table.grossOutput
        let expected = (try model.leontiefInverse()).scalingRows(by: x.map { 1 / $0 }).scalingColumns(by: x)
        XCTAssertLessThan(try model.ghoshInverse().maxAbsDifference(expected), 1e-12)
        // Forward linkages by one solve equal the row sums of G.
        assertClose(try model.ghoshForwardLinkages(), try model.ghoshInverse().rowSums, relative: 1e-12, "G·1")
        // Δx′ = Δv′ G by a transposed solve.
        let dv = [10.0, 0, 5]
        let g = try model.ghoshInverse()
        assertClose(try model.ghoshOutput(primaryInputChange: dv), (0..<3).map { j in (0..<3).reduce(0) { $0 + dv[$1] * g[$1, j] } },
                    relative: 1e-12, "Ghosh output")
    }

    func testHypotheticalExtraction() throws {
        // Complete extraction of sector 3: x*_N = (I − A_NN)⁻¹ f_N, x*_3 = 0.
        let a = Matrix(rowMajor: [[0.15, 0.25, 0.05], [0.20, 0.05, 0.40], [0.30, 0.25, 0.05]])
        let f = [300.0, 1300, 150]
        let x0 = try LUFactorization(IOMath.identityMinus(a)).solve(f)
        let p = Propagator(coefficients: a, finalDemand: f, baseOutput: x0, labels: ["1", "2", "3"])
        let r = try p.extraction(sector: 2)
        let xn = try LUFactorization(IOMath.identityMinus(a.submatrix(rows: [0, 1], columns: [0, 1]))).solve([300, 1300])
        assertClose(Array(r.output.prefix(2)), xn, relative: 1e-12, "x*_N")
        XCTAssertEqual(r.output[2], 0)
        XCTAssertLessThan(r.output[0], x0[0])
    }
}
