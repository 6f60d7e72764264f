import Foundation
import XCTest
@testable import IOImpact

/// The factorisation above the lookahead threshold (n ≥ 400 on two cores): results checked by
/// residuals and against the inverse, on matrices that need pivoting.
final class LargeLUTests: XCTestCase {
    func matrix(_ n: Int, seed: UInt64) -> Matrix {
        var rng = SplitMix64(seed: seed)
        var m = Matrix(rows: n, columns: n)
        for j in 0..<n { for i in 0..<n { m[i, j] = rng.next() - 0.5 } }
        return m
    }

    func testSolveAndInverseAtSizesAroundTheBlocks() throws {
        for n in [401, 577, 1001] {
            let a = matrix(n, seed: UInt64(n))
            let lu = try LUFactorization(a)
            var rng = SplitMix64(seed: 9)
            let b = (0..<n).map { _ in rng.next() }
            let x = try lu.solve(b)
            let r = zip(a * x, b).map { abs($0 - $1) }.max()!
            XCTAssertLessThan(r, 1e-10, "n = \(n): residual of A x = b")
            let xt = try lu.solve(b, transposed: true)
            let rt = zip(a.transposed * xt, b).map { abs($0 - $1) }.max()!
            XCTAssertLessThan(rt, 1e-10, "n = \(n): residual of Aᵀ x = b")
            let inv = try lu.inverse()
            XCTAssertLessThan((a * inv).maxAbsDifference(.identity(n)), 1e-9, "n = \(n): A A⁻¹ = I")
            XCTAssertGreaterThan(try lu.reciprocalCondition(), 1e-8)
        }
    }

    func testSingularLargeMatrixNamesTheColumn() throws {
        // An exactly zero column 311 (index 310) inside the third panel: INFO must point at it.
        var a = matrix(500, seed: 3)
        for i in 0..<500 { a[i, 310] = 0 }
        let labels = (0..<500).map { "s\($0)" }
        XCTAssertThrowsError(try LUFactorization(a, labels: labels)) { e in
            XCTAssertEqual(e as? LinearAlgebraError, .singular(index: 310, label: "s310"))
        }
    }
}
