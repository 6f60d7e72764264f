import Foundation

/// A case's own figures for what its levers cost (`[[lever_cost]]`, `[lever_finance]`): they replace
/// the rows of Tables/materials/lever-costs.csv and lever-finance.csv for this case. docs/CASES.md.
public struct LeverCostOverride: Sendable, Equatable {
    public var material: String
    /// Per tonne, in `currency`; nil keeps the shipped figure.
    public var price: Double?
    public var currency: String?
    public var carryingShare: Double?
    public var alliedPremium: Double?
    public var basis: String
    public var line: Int?
}

public struct LeverFinanceOverride: Sendable, Equatable {
    public var interestRate: Double?
    public var yearsHeld: Double?
    /// Units of the table's currency per US dollar.
    public var usdRate: Double?
    public var basis: String
}

enum LeverCostFields {
    static let costKeys = ["material", "price", "currency", "carrying_share", "allied_premium", "basis"]
    static let financeKeys = ["interest_rate", "years_held", "usd_rate", "basis"]
    /// Prices and premia above this (a billion per tonne) are refused as typing errors.
    static let maxPrice = 1e9

    static func overrides(_ root: TOMLSection) throws -> [LeverCostOverride] {
        guard root.has("lever_cost") else { return [] }
        var out: [LeverCostOverride] = []
        for s in try root.sections("lever_cost") {
            try s.rejectUnknownKeys(costKeys)
            let material = try s.string("material")
            if out.contains(where: { $0.material == material }) {
                throw s.error("material", "a second [[lever_cost]] of '\(material)'; one per material")
            }
            let o = LeverCostOverride(
                material: material, price: try money(s, "price"), currency: try s.optionalString("currency"),
                carryingShare: s.has("carrying_share") ? try CaseFields.share(s, "carrying_share") : nil,
                alliedPremium: try money(s, "allied_premium"),
                basis: try CaseFields.basis(s, "basis", required: true), line: s.line("material"))
            if let c = o.currency, !(c.count == 3 && c.allSatisfy({ $0.isASCII && $0.isUppercase })) {
                throw s.error("currency", "'\(c)' is not a three-letter currency code such as USD or JPY")
            }
            out.append(o)
        }
        return out
    }

    static func finance(_ root: TOMLSection) throws -> LeverFinanceOverride? {
        guard let s = try root.optionalSection("lever_finance") else { return nil }
        try s.rejectUnknownKeys(financeKeys)
        let years = try s.optionalDouble("years_held")
        if let years, !(years > 0 && years <= 100) {
            throw s.error("years_held", "must be above 0 and at most 100 years, found \(years)")
        }
        let rate = try s.optionalDouble("usd_rate")
        if let rate, !(rate > 0 && rate <= 1e6) { throw s.error("usd_rate", "must be positive, found \(rate)") }
        return LeverFinanceOverride(
            interestRate: s.has("interest_rate") ? try CaseFields.share(s, "interest_rate") : nil,
            yearsHeld: years, usdRate: rate, basis: try CaseFields.basis(s, "basis", required: true))
    }

    static func money(_ s: TOMLSection, _ key: String) throws -> Double? {
        guard s.has(key) else { return nil }
        let v = try CaseFields.nonNegative(s, key)
        guard v <= maxPrice else {
            throw s.error(key, "\(NumberFormat.significant(v)) per tonne is above the limit of 1e9")
        }
        return v
    }
}
