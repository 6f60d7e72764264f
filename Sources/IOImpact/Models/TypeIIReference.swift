import Foundation

/// The textbook Type II closure, kept for tests only: the (n+1)×(n+1) households-closed matrix
/// factorised on its own (a second LU). `multipliers` computes the same numbers by a bordered solve on
/// the open model's LU; the tests compare the two on every shipped table.
extension LeontiefModel {
    /// Type II output, value-added, employment and income multipliers by a second factorisation; nil when
    /// the table cannot be closed (no compensation or household consumption) or the closed model is
    /// singular (LU fails or its reciprocal condition is below 1e-12).
    func typeIIByClosedFactorisation(propensity: ConsumptionPropensity) throws
        -> (output: [Double], valueAdded: [Double], employment: [Double]?, income: [Double])? {
        let n = count
        guard let h = householdBorder(propensity: propensity) else { return nil }
        let a = domesticCoefficients
        let comp = compensationCoefficients
        var ab = Matrix(rows: n + 1, columns: n + 1)
        for j in 0..<n { for i in 0..<n { ab[i, j] = a[i, j] } }
        for j in 0..<n { ab[n, j] = comp[j] }
        for i in 0..<n { ab[i, n] = h[i] }
        let lu: LUFactorization
        do {
            lu = try LUFactorization(IOMath.identityMinus(ab), labels: table.codes + ["(household row of the Type II closure)"])
        } catch LinearAlgebraError.singular {
            return nil
        }
        if try lu.reciprocalCondition() < 1e-12 { return nil }
        func closed(_ c: [Double]) throws -> [Double] { Array(try lu.solve(c + [0], transposed: true).prefix(n)) }
        return (try closed([Double](repeating: 1, count: n)), try closed(valueAddedCoefficients),
                try employmentCoefficients.map { try closed($0) }, try closed(comp))
    }
}
