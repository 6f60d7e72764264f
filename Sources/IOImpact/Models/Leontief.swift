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
    /// LU of I − domesticCoefficients: the one factorisation of the table. Every multiplier (Type I
    /// and II), the Ghosh inverse, linkages and output, the open-type inverse, the time-stepped plan and
    /// its Woodbury columns, the static model's Ghosh scenario and its mixed-model passes reuse it.
    /// (`leontiefInverse` of a competitive-import table inverts another matrix, I − A on all flows; a
    /// static mixed-model pass with half the sectors or more capped factorises its own I − A_NN.)
    public let factorization: LUFactorization
    /// Final demand met from domestic output at base: (I − M̂)·d + e for competitive-import
    /// tables, Y·1 otherwise, computed as x⁰ − A_dom·x⁰ so that L_dom · f_dom reproduces gross
    /// output exactly: the table's balance residual (up to about 1e-4 of a sector's output on the BEA
    /// table, reported by `ioimpact inspect`) is carried in final demand, and a zero cut loses nothing.
    public let domesticFinalDemand: [Double]

    /// Memory: the table's Z plus one n×n buffer. A_dom is built in that buffer, turned into I − A_dom
    /// in place and factorised in place (dgetrf on the same array); A and A_dom are not kept.
    public init(table: IOTable) throws {
        self.table = table
        var work = LeontiefModel.domesticCoefficients(of: table)
        let x0 = table.grossOutput
        let ax = work * x0
        self.domesticFinalDemand = (0..<table.count).map { x0[$0] - ax[$0] }
        work.subtractFromIdentity()
        var storage = work.takeStorage()
        self.factorization = try LUFactorization(order: table.count, overwriting: &storage, labels: table.codes)
    }

    /// A_dom = (I − M̂)·Z·x̂⁻¹ in one new buffer (row scaling in place).
    static func domesticCoefficients(of table: IOTable) -> Matrix {
        var a = IOMath.coefficients(transactions: table.transactions, output: table.grossOutput)
        if table.metadata.importTreatment == .competitive {
            a.scaleRows(by: table.importRatios.map { 1 - $0 })
        }
        return a
    }

    /// A = Z x̂⁻¹ (all flows). Computed on each call (an n×n copy): bind it once.
    public var coefficients: Matrix { IOMath.coefficients(transactions: table.transactions, output: table.grossOutput) }
    /// The coefficients that propagate: (I − M̂)A for competitive-import tables, A otherwise.
    /// Computed on each call (an n×n copy): bind it once.
    public var domesticCoefficients: Matrix { LeontiefModel.domesticCoefficients(of: table) }

    public var count: Int { table.count }

    /// L = (I − A)⁻¹ on all flows (the closed-economy inverse, as pymrio's `calc_L`).
    public func leontiefInverse() throws -> Matrix {
        if table.metadata.importTreatment == .domestic { return try factorization.inverse() }
        // A different matrix from the model's (all flows, not domestic ones): its own LU, built in place.
        var m = coefficients
        m.subtractFromIdentity()
        var storage = m.takeStorage()
        return try LUFactorization(order: count, overwriting: &storage, labels: table.codes).inverse()
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
        let output = try multiplier(of: [Double](repeating: 1, count: n))
        let va = try multiplier(of: valueAddedCoefficients)
        let emp = try employmentCoefficients.map { try multiplier(of: $0) }
        let income = try multiplier(of: compensationCoefficients)
        var result = Multipliers.openOnly(output: output, valueAdded: va, employment: emp, income: income,
                                          forward: try ghoshForwardLinkages())
        guard let propensity, let border = householdBorder(propensity: propensity) else { return result }

        // Type II: close the model for households (M&B §6.2). Household row: compensation coefficients w;
        // household column: h_i = c · (1 − μ_i) · hh_i / Σhh, the stated propensity c to consume out of
        // compensation spread over products as the table's household consumption hh, less imports.
        // (Dividing consumption by compensation instead, 1.15 for Japan 2015, spent more than households
        // earn and doubled medical services' output multiplier.)
        // The closed multipliers solve the transposed bordered system
        //     [ (I − A_dom)ᵀ  −w ] [m]   [c]
        //     [ −hᵀ            1 ] [η] = [0],
        // by block elimination on the open model's LU (no second factorisation): with u = (I − A_dom)⁻ᵀc
        // (the Type I multiplier) and r = (I − A_dom)⁻ᵀw (the income multiplier), η = hᵀu / s and
        // m = u + η·r, where s = 1 − hᵀr is the Schur complement of the households' entry.
        // s ≈ 0: everything earned is spent at home, nothing leaks, and the closed model is singular;
        // Type II is then undefined and left out (the households row is not a sector, so no "singular at
        // sector households" error reaches the user).
        let h = border
        let s = 1 - dot(h, income)
        guard abs(s) > LeontiefModel.closureTolerance else {
            result.typeIIBasis = "Type II not computed: closed for households the model is singular (everything earned is spent at home, nothing leaks)"
            return result
        }
        func closed(_ u: [Double]) -> [Double] {
            let eta = dot(h, u) / s
            return (0..<n).map { u[$0] + eta * income[$0] }
        }
        result.typeIIBasis = "Type II: households closed with a propensity to consume out of compensation of \(NumberFormat.significant(propensity.value, 4)) (\(propensity.basis)), spread over products as the table's household consumption, imports excluded"
        result.outputTypeII = closed(output)
        result.valueAddedTypeII = closed(va)
        result.employmentTypeII = emp.map(closed)
        result.incomeTypeII = closed(income)
        return result
    }

    /// |s| at or below this, the Schur complement s = 1 − hᵀr of the households' closure counts as
    /// zero (s lies in (0, 1] when households spend less than they earn; rounding leaves it near 1e-16
    /// when they spend it all).
    static let closureTolerance = 1e-12

    /// The households' purchases per unit of compensation, c·(1 − μ_i)·hh_i/Σhh: the border column of the
    /// Type II closure; nil when the table has no compensation or no household consumption.
    func householdBorder(propensity: ConsumptionPropensity) -> [Double]? {
        let totalComp = table.compensation.reduce(0, +)
        let hh = table.householdConsumption
        let totalHH = hh.reduce(0, +)
        guard totalComp > 0 && totalHH > 0 else { return nil }
        let mu = table.importRatios
        return (0..<count).map { propensity.value * (1 - mu[$0]) * hh[$0] / totalHH }
    }

    private func dot(_ a: [Double], _ b: [Double]) -> Double {
        var sum = 0.0
        for k in a.indices { sum += a[k] * b[k] }
        return sum
    }

    /// Domestic flows: (I − M̂)Z for competitive-import tables, Z otherwise.
    public var domesticTransactions: Matrix { domesticCoefficients.scalingColumns(by: table.grossOutput) }

    /// B = x̂⁻¹ Z_dom, allocation coefficients of the Ghosh model on domestic flows.
    public var allocationCoefficients: Matrix { IOMath.allocation(transactions: domesticTransactions, output: table.grossOutput) }

    /// G = (I − B)⁻¹, the Ghosh inverse. Caveat (Oosterhaven 1988): fixed allocation coefficients
    /// assume buyers can substitute any input, so Ghosh misses bottlenecks.
    /// From the model's LU: G = x̂⁻¹ L_dom x̂ (g_ij = l_ij x_j / x_i), with the row and column of a
    /// zero-output sector those of the identity (B has zeros there).
    public func ghoshInverse() throws -> Matrix {
        var g = try factorization.inverse()
        let x = table.grossOutput
        for j in 0..<count {
            for i in 0..<count {
                g[i, j] = x[i] != 0 && x[j] != 0 ? g[i, j] * x[j] / x[i] : (i == j ? 1 : 0)
            }
        }
        return g
    }

    /// G·1 on the model's own LU: B = x̂⁻¹ Z_dom = x̂⁻¹ A_dom x̂, so I − B = x̂⁻¹ (I − A_dom) x̂ and
    /// G·1 = x̂⁻¹ L_dom x: g_i = (L_dom x)_i / x_i, one solve. A sector with zero output has a zero row
    /// and column in B, so g_i = 1 there. (Textbook form: (I − B) g = 1.)
    public func ghoshForwardLinkages() throws -> [Double] {
        let x = table.grossOutput
        let y = try factorization.solve(x)
        return (0..<count).map { x[$0] != 0 ? y[$0] / x[$0] : 1 }
    }

    /// Δx′ = Δv′ G: the Ghosh (supply-driven) response of output to a change in primary inputs.
    /// On the model's LU: Δx_j = x_j · (L_domᵀ r)_j with r_i = Δv_i / x_i (G = x̂⁻¹ L_dom x̂); Δx_j = Δv_j
    /// for a zero-output sector. (Textbook form: (I − B)ᵀ Δx = Δv.)
    public func ghoshOutput(primaryInputChange dv: [Double]) throws -> [Double] {
        let x = table.grossOutput
        let y = try factorization.solve((0..<count).map { x[$0] != 0 ? dv[$0] / x[$0] : 0 }, transposed: true)
        return (0..<count).map { x[$0] != 0 ? x[$0] * y[$0] : dv[$0] }
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
