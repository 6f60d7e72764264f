import Foundation

/// What a tonne of a material costs to hold and to buy from an allied source, with sources
/// (Tables/materials/lever-costs.csv, or the case's `[[lever_cost]]`).
public struct MaterialCost: Sendable, Codable, Equatable {
    public var material: String
    /// Price per tonne in `currency` (the market price outside a cut), and where it comes from.
    public var price: Double
    public var currency: String
    public var priceBasis: String
    /// Storage, insurance and handling per year, as a share of the stock's value.
    public var carryingShare: Double
    public var carryingBasis: String
    /// What an allied tonne costs above the Chinese price, per tonne in `currency`.
    public var alliedPremium: Double
    public var premiumBasis: String
}

/// The money side of one table (Tables/materials/lever-finance.csv, or the case's `[lever_finance]`):
/// the exchange rate, the nominal GDP that turns costs into shares of GDP, the interest rate on the
/// capital tied up, and the years the lever is paid for.
public struct LeverFinance: Sendable, Codable, Equatable {
    public var table: String
    public var currency: String
    /// Units of the table's currency per US dollar.
    public var usdRate: Double
    public var usdRateBasis: String
    /// Nominal GDP of `gdpYear` in units of the currency (not millions).
    public var gdpNominal: Double
    public var gdpYear: Int
    public var gdpBasis: String
    public var interestRate: Double
    public var interestBasis: String
    public var yearsHeld: Double
    public var yearsBasis: String

    /// Units of the table's currency per unit of `currency` (USD or the table's own).
    public func rate(from currency: String, file: String) throws -> Double {
        if currency == self.currency { return 1 }
        if currency == "USD" { return usdRate }
        throw InputError(file: file, "prices in \(currency) cannot be converted: lever-finance.csv gives the "
                         + "rate of \(self.currency) to USD only; state prices in USD or \(self.currency)")
    }
}

/// Prices and finance for one case: the shipped rows with the case's own figures over them.
public struct LeverCosts: Sendable, Codable, Equatable {
    public var materials: [MaterialCost]
    public var finance: LeverFinance
    /// The files read, relative to the project (for the report's sources).
    public var files: [String]

    public func cost(of material: String) -> MaterialCost? { materials.first { $0.material == material } }

    /// The shipped tables for `table`, with `c`'s overrides applied.
    public static func load(table: String, case c: DynamicCase) throws -> LeverCosts {
        let dir = try ProjectLocator.tablesDirectory() + "/materials"
        var costs = try LeverCosts(materials: loadMaterials(dir + "/lever-costs.csv"),
                                   finance: loadFinance(dir + "/lever-finance.csv", table: table),
                                   files: ["Tables/materials/lever-costs.csv", "Tables/materials/lever-finance.csv"])
        try costs.apply(c)
        return costs
    }

    mutating func apply(_ c: DynamicCase) throws {
        for o in c.leverCosts {
            if let k = materials.firstIndex(where: { $0.material == o.material }) {
                var m = materials[k]
                if let p = o.price { m.price = p; m.priceBasis = o.basis }
                if let cur = o.currency { m.currency = cur }
                if let s = o.carryingShare { m.carryingShare = s; m.carryingBasis = o.basis }
                if let p = o.alliedPremium { m.alliedPremium = p; m.premiumBasis = o.basis }
                materials[k] = m
            } else {
                guard let p = o.price else {
                    throw InputError(file: c.path, line: o.line, field: "key 'lever_cost.price'",
                                     "'\(o.material)' has no shipped price: give price (and currency) in the case")
                }
                materials.append(MaterialCost(material: o.material, price: p, currency: o.currency ?? "USD",
                                              priceBasis: o.basis, carryingShare: o.carryingShare ?? 0,
                                              carryingBasis: o.basis, alliedPremium: o.alliedPremium ?? 0,
                                              premiumBasis: o.basis))
            }
        }
        if let f = c.leverFinance {
            if let r = f.interestRate { finance.interestRate = r; finance.interestBasis = f.basis }
            if let y = f.yearsHeld { finance.yearsHeld = y; finance.yearsBasis = f.basis }
            if let u = f.usdRate { finance.usdRate = u; finance.usdRateBasis = f.basis }
        }
        if !c.leverCosts.isEmpty || c.leverFinance != nil { files.append(c.path) }
    }
}
