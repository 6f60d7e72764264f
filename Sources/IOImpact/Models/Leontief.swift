import Foundation

/// Pure calculations of the demand-driven (Leontief) and supply-driven (Ghosh) models,
/// named as in pymrio (`calc_A`, `calc_L`, ...) and Miller & Blair (2009, ch. 2, 6, 12).
public enum IOMath {
    /// A = Z x̂⁻¹ (a column with zero output gets zero coefficients).
    public static func coefficients(transactions z: Matrix, output x: [Double]) -> Matrix {
        z.scalingColumns(by: x.map { $0 != 0 ? 1 / $0 : 0 })
    }

    /// B = x̂⁻¹ Z: allocation (output) coefficients of the Ghosh model.
    public static func allocation(transactions z: Matrix, output x: [Double]) -> Matrix {
        z.scalingRows(by: x.map { $0 != 0 ? 1 / $0 : 0 })
    }

    /// I − M for a square M.
    public static func identityMinus(_ m: Matrix) -> Matrix { Matrix.identity(m.rows) - m }

    /// c = v / x element-wise (zero where x is zero): value-added, employment, income coefficients.
    public static func intensities(_ v: [Double], per x: [Double]) -> [Double] {
        zip(v, x).map { $1 != 0 ? $0 / $1 : 0 }
    }
}

/// The Leontief model of one table, with I − A factorised once (LAPACK getrf) and reused.
///
/// For a competitive-import table (MIC, BEA) the working coefficients are the domestic ones,
/// (I − M̂)A, and the working inverse is MIC's open type [I − (I − M̂)A]⁻¹: a change in final
/// demand is met partly by imports at the base import ratios. For a domestic-flow table A is used.
public struct LeontiefModel: Sendable {
    public let table: IOTable
    /// A = Z x̂⁻¹ (all flows).
    public let coefficients: Matrix
    /// The coefficients that propagate: (I − M̂)A for competitive-import tables, A otherwise.
    public let domesticCoefficients: Matrix
    /// LU of I − domesticCoefficients.
    public let factorization: LUFactorization
    /// Final demand met from domestic output at base: (I − M̂)·d + e for competitive-import
    /// tables, Y·1 otherwise, computed as x⁰ − A_dom·x⁰ so that L_dom · f_dom reproduces gross
    /// output exactly: the table's balance residual (up to about 1e-4 of a sector's output on the BEA
    /// table, reported by `ioimpact inspect`) is carried in final demand, and a zero cut loses nothing.
    public let domesticFinalDemand: [Double]

    public init(table: IOTable) throws {
        self.table = table
        let a = IOMath.coefficients(transactions: table.transactions, output: table.grossOutput)
        self.coefficients = a
        if table.metadata.importTreatment == .competitive {
            let mu = table.importRatios
            self.domesticCoefficients = a.scalingRows(by: mu.map { 1 - $0 })
        } else {
            self.domesticCoefficients = a
        }
        let x0 = table.grossOutput
        let ax = self.domesticCoefficients * x0
        self.domesticFinalDemand = (0..<table.count).map { x0[$0] - ax[$0] }
        self.factorization = try LUFactorization(IOMath.identityMinus(domesticCoefficients), labels: table.codes)
    }

    public var count: Int { table.count }

    /// L = (I − A)⁻¹ on all flows (the closed-economy inverse, as pymrio's `calc_L`).
    public func leontiefInverse() throws -> Matrix {
        if table.metadata.importTreatment == .domestic { return try factorization.inverse() }
        return try LUFactorization(IOMath.identityMinus(coefficients), labels: table.codes).inverse()
    }

    /// [I − (I − M̂)A]⁻¹: the open-type inverse MIC publishes (equals L for domestic-flow tables).
    public func openTypeInverse() throws -> Matrix { try factorization.inverse() }

    /// x = L_dom · f: output needed to deliver final demand f from domestic production (a solve).
    public func output(for finalDemand: [Double]) throws -> [Double] {
        try factorization.solve(finalDemand)
    }

    /// Solves for many final-demand vectors at once, one column each, on the one factorisation.
    public func outputs(for finalDemands: Matrix) throws -> Matrix { try factorization.solve(finalDemands) }

    /// c′L for a row vector c: one transposed solve (I − A)ᵀ m = c, no inverse.
    public func multiplier(of c: [Double]) throws -> [Double] { try factorization.solve(c, transposed: true) }

    public var valueAddedCoefficients: [Double] { IOMath.intensities(table.valueAdded, per: table.grossOutput) }
    public var employmentCoefficients: [Double]? { table.employment.map { IOMath.intensities($0, per: table.grossOutput) } }
    public var compensationCoefficients: [Double] { IOMath.intensities(table.compensation, per: table.grossOutput) }

    /// All multipliers and linkages of the table. Type II closes the model for households with the
    /// propensity to consume out of compensation `propensity` (default: the table's country's stated
    /// value, `ConsumptionPropensity.standard`); without one, Type II is left out and the basis says why.
    public func multipliers(propensity given: ConsumptionPropensity? = nil) throws -> Multipliers {
        var result = try multipliersOpenAndClosed(propensity: given ?? ConsumptionPropensity.standard(for: table))
        result.incomeAvailable = table.valueAddedComponents.contains(where: \.isCompensation)
        if !result.incomeAvailable {
            result.typeIIBasis = "Type II not computed: the table has no compensation row, so income and the households' closure are not available"
        } else if result.outputTypeII == nil && result.typeIIBasis.isEmpty {
            result.typeIIBasis = "Type II not computed: no stated propensity to consume for \(table.metadata.country.isEmpty ? "this table" : table.metadata.country) (give --propensity)"
        }
        return result
    }

    func multipliersOpenAndClosed(propensity: ConsumptionPropensity?) throws -> Multipliers {
        let n = count
        let ones = [Double](repeating: 1, count: n)
        let output = try multiplier(of: ones)
        let va = try multiplier(of: valueAddedCoefficients)
        let emp = try employmentCoefficients.map { try multiplier(of: $0) }
        let comp = compensationCoefficients
        let income = try multiplier(of: comp)

        // Type II: close the model for households (M&B §6.2). Household row: compensation coefficients;
        // household column: c · (1 − μ_i) · h_i / Σh, the stated propensity c to consume out of
        // compensation spread over products as the table's household consumption h, less imports.
        // (Dividing consumption by compensation instead, 1.15 for Japan 2015, spent more than households
        // earn and doubled medical services' output multiplier.)
        var typeII: (output: [Double], valueAdded: [Double], employment: [Double]?, income: [Double])? = nil
        let totalComp = table.compensation.reduce(0, +)
        let hh = table.householdConsumption
        let totalHH = hh.reduce(0, +)
        func noLeakage() throws -> Multipliers {
            var m = Multipliers.openOnly(output: output, valueAdded: va, employment: emp, income: income, forward: try ghoshForwardLinkages())
            m.typeIIBasis = "Type II not computed: closed for households the model is singular (everything earned is spent at home, nothing leaks)"
            return m
        }
        if let propensity, totalComp > 0 && totalHH > 0 {
            let mu = table.importRatios
            var ab = Matrix(rows: n + 1, columns: n + 1)
            for j in 0..<n { for i in 0..<n { ab[i, j] = domesticCoefficients[i, j] } }
            for j in 0..<n { ab[n, j] = comp[j] }
            for i in 0..<n { ab[i, n] = propensity.value * (1 - mu[i]) * hh[i] / totalHH }
            // A closed model where households spend all value added has no leakage and is singular
            // (or numerically so); Type II is then undefined and left out (the households row is not a
            // sector, so no "singular at sector households" error reaches the user).
            let lu: LUFactorization
            do {
                lu = try LUFactorization(IOMath.identityMinus(ab), labels: table.codes + ["(household row of the Type II closure)"])
            } catch LinearAlgebraError.singular {
                return try noLeakage()
            }
            if try lu.reciprocalCondition() < 1e-12 { return try noLeakage() }
            func closed(_ c: [Double]) throws -> [Double] { Array(try lu.solve(c + [0], transposed: true).prefix(n)) }
            typeII = (try closed(ones), try closed(valueAddedCoefficients), try employmentCoefficients.map { try closed($0) },
                      try closed(comp))
        }

        // Linkages: backward = column sums of L (output multipliers); forward = row sums of the
        // Ghosh inverse G = (I − B)⁻¹ (M&B §12.2 recommend G for forward linkages). Normalised by the mean.
        var result = Multipliers.openOnly(output: output, valueAdded: va, employment: emp, income: income,
                                          forward: try ghoshForwardLinkages())
        if let typeII, let propensity {
            result.typeIIBasis = "Type II: households closed with a propensity to consume out of compensation of \(NumberFormat.significant(propensity.value, 4)) (\(propensity.basis)), spread over products as the table's household consumption, imports excluded"
            result.outputTypeII = typeII.output
            result.valueAddedTypeII = typeII.valueAdded
            result.employmentTypeII = typeII.employment
            result.incomeTypeII = typeII.income
        }
        return result
    }

    /// Domestic flows: (I − M̂)Z for competitive-import tables, Z otherwise.
    public var domesticTransactions: Matrix { domesticCoefficients.scalingColumns(by: table.grossOutput) }

    /// B = x̂⁻¹ Z_dom, allocation coefficients of the Ghosh model on domestic flows.
    public var allocationCoefficients: Matrix { IOMath.allocation(transactions: domesticTransactions, output: table.grossOutput) }

    /// G = (I − B)⁻¹, the Ghosh inverse. Caveat (Oosterhaven 1988): fixed allocation coefficients
    /// assume buyers can substitute any input, so Ghosh misses bottlenecks.
    public func ghoshInverse() throws -> Matrix {
        try LUFactorization(IOMath.identityMinus(allocationCoefficients), labels: table.codes).inverse()
    }

    /// G·1 by one solve: (I − B) g = 1.
    public func ghoshForwardLinkages() throws -> [Double] {
        try LUFactorization(IOMath.identityMinus(allocationCoefficients), labels: table.codes)
            .solve([Double](repeating: 1, count: count))
    }

    /// Δx′ = Δv′ G: the Ghosh (supply-driven) response of output to a change in primary inputs.
    public func ghoshOutput(primaryInputChange dv: [Double]) throws -> [Double] {
        try LUFactorization(IOMath.identityMinus(allocationCoefficients), labels: table.codes).solve(dv, transposed: true)
    }
}

/// The share of compensation that households spend on consumption, closing the model for Type II.
public struct ConsumptionPropensity: Sendable, Equatable {
    public var value: Double
    public var basis: String
    public init(value: Double, basis: String) { self.value = value; self.basis = basis }

    /// Japan: the convention of Japanese ripple-effect analysis with MIC's tables (消費転換係数): the
    /// average propensity to consume of workers' households in the Family Income and Expenditure
    /// Survey. 2015: 73.8% (surplus ratio 26.2% of disposable income; Statistics Bureau of Japan,
    /// 家計調査 2015 annual results, 2016-02-16). Other countries: none stated, Type II left out.
    public static func standard(for table: IOTable) -> ConsumptionPropensity? {
        guard table.metadata.country == "JPN" else { return nil }
        return ConsumptionPropensity(value: 0.738, basis: "Japan's convention for MIC tables: the average propensity to consume of workers' households, Family Income and Expenditure Survey 2015 (Statistics Bureau of Japan)")
    }
}

/// Multipliers by sector (Type I from the open model; Type II closed for households) and linkages.
public struct Multipliers: Sendable {
    static func openOnly(output: [Double], valueAdded: [Double], employment: [Double]?, income: [Double], forward: [Double]) -> Multipliers {
        let n = Double(output.count)
        let mb = output.reduce(0, +) / n, mf = forward.reduce(0, +) / n
        return Multipliers(output: output, valueAdded: valueAdded, employment: employment, income: income,
                           outputTypeII: nil, valueAddedTypeII: nil, employmentTypeII: nil, incomeTypeII: nil,
                           backwardLinkage: output, forwardLinkage: forward,
                           backwardLinkageNormalized: output.map { $0 / mb }, forwardLinkageNormalized: forward.map { $0 / mf })
    }

    public var output: [Double]
    public var valueAdded: [Double]
    public var employment: [Double]?
    public var income: [Double]
    public var outputTypeII: [Double]?
    public var valueAddedTypeII: [Double]?
    public var employmentTypeII: [Double]?
    public var incomeTypeII: [Double]?
    public var backwardLinkage: [Double]
    public var forwardLinkage: [Double]
    public var backwardLinkageNormalized: [Double]
    public var forwardLinkageNormalized: [Double]
    /// False when the table has no compensation row: income multipliers are then "not available", not 0.
    public var incomeAvailable = true
    /// How Type II was closed (the propensity and its source), or why it was left out.
    public var typeIIBasis = ""
}
