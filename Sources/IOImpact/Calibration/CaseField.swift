import Foundation

/// A field of an `ioimpact-case/2` file that a calibrated parameter may set, named as in the case
/// file (`stocks.days`, `substitution.ceiling_by_material.ndfeb_magnet`). Each one is a physical
/// quantity with a unit; there is deliberately no field for a scale on dependence or on ratings.
public enum CaseField: Sendable, Equatable, CustomStringConvertible {
    /// n_g for every material without its own value: `[stocks] days`.
    case stockDays
    /// n_g for one material: `[stocks.by_material] <id>`.
    case stockDaysOf(String)
    /// τ_sub: `[substitution] days`.
    case substitutionDays
    /// ε_max for every material without its own value: `[substitution] ceiling`.
    case substitutionCeiling
    /// ε_max for one material: `[substitution.ceiling_by_material] <id>`.
    case substitutionCeilingOf(String)
    /// n_p for every essential produced-input pair: `[inventories] days`.
    case inputDays
    /// n_p for every listed pair whose supplier is this sector: set by a profile only.
    case inputDaysOf(String)
    /// The days over which inventories and stocks are rebuilt: `[inventories] restock_days`.
    case restockDays
    /// e_gj, the essentiality rating of a material for a sector: set by a profile only.
    case rating(material: String, sector: String)

    public static let documented = ["stocks.days", "stocks.by_material.<material>", "substitution.days", "substitution.ceiling",
                                    "substitution.ceiling_by_material.<material>", "inventories.days",
                                    "inventories.days_of_supplier.<sector>", "inventories.restock_days",
                                    "essentiality.<material>.<sector>"]

    public init?(_ name: String) {
        switch name {
        case "stocks.days": self = .stockDays
        case "substitution.days": self = .substitutionDays
        case "substitution.ceiling": self = .substitutionCeiling
        case "inventories.days": self = .inputDays
        case "inventories.restock_days": self = .restockDays
        default:
            let parts = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            if name.hasPrefix("inventories.days_of_supplier."), parts.count == 3, !parts[2].isEmpty {
                self = .inputDaysOf(parts[2])
            } else if parts.count == 3, parts[0] == "essentiality", !parts[1].isEmpty, !parts[2].isEmpty {
                self = .rating(material: parts[1], sector: parts[2])
            } else if name.hasPrefix("stocks.by_material."), name.count > 19 {
                self = .stockDaysOf(String(name.dropFirst(19)))
            } else if name.hasPrefix("substitution.ceiling_by_material."), name.count > 33 {
                self = .substitutionCeilingOf(String(name.dropFirst(33)))
            } else { return nil }
        }
    }

    public var description: String {
        switch self {
        case .stockDays: return "stocks.days"
        case .stockDaysOf(let m): return "stocks.by_material.\(m)"
        case .substitutionDays: return "substitution.days"
        case .substitutionCeiling: return "substitution.ceiling"
        case .substitutionCeilingOf(let m): return "substitution.ceiling_by_material.\(m)"
        case .inputDays: return "inventories.days"
        case .inputDaysOf(let code): return "inventories.days_of_supplier.\(code)"
        case .restockDays: return "inventories.restock_days"
        case .rating(let g, let j): return "essentiality.\(g).\(j)"
        }
    }

    /// The field's domain: days in [0, 3,650] (τ_sub > 0), ceilings are shares in [0, 1].
    public var domain: ClosedRange<Double> {
        switch self {
        case .substitutionCeiling, .substitutionCeilingOf, .rating: return 0...1
        case .substitutionDays, .restockDays: return 1e-9...CaseFields.maxDays
        default: return 0...CaseFields.maxDays
        }
    }

    public var unit: String {
        switch self {
        case .substitutionCeiling, .substitutionCeilingOf: return "share"
        case .rating: return "rating"
        default: return "days"
        }
    }

    /// Sets the field in a case (the value must lie in `domain`).
    public func apply(_ v: Double, to c: inout DynamicCase, basis: String) {
        switch self {
        case .stockDays: c.stockDays = v; c.stockBasis = basis
        case .stockDaysOf(let m): c.stockDaysByMaterial[m] = v
        case .substitutionDays:
            c.substitutionDays = v
            c.substitutionBasis = c.substitutionBasis.isEmpty ? basis : c.substitutionBasis + ". The time constant τ_sub and any ceilings listed as calibrated: " + basis
        case .substitutionCeiling: c.substitutionCeiling = v
        case .substitutionCeilingOf(let m): c.substitutionCeilingByMaterial[m] = v
        case .inputDays: c.inputDays = v; c.inputDaysBasis = basis
        case .inputDaysOf(let code): c.inputDaysBySupplier[code] = v
        case .restockDays: c.restockDays = v
        case .rating(let g, let j): c.ratingOverrides["\(g).\(j)"] = v
        }
    }

    /// The field's value in a case (nil: not set, e.g. inventories.days left to the satellite).
    public func value(in c: DynamicCase) -> Double? {
        switch self {
        case .stockDays: return c.stockDays
        case .stockDaysOf(let m): return c.stockDaysByMaterial[m] ?? c.stockDays
        case .substitutionDays: return c.substitutionDays
        case .substitutionCeiling: return c.substitutionCeiling
        case .substitutionCeilingOf(let m): return c.substitutionCeilingByMaterial[m] ?? c.substitutionCeiling
        case .inputDays: return c.inputDays
        case .inputDaysOf(let code): return c.inputDaysBySupplier[code] ?? c.inputDays
        case .restockDays: return c.restockDays
        case .rating(let g, let j): return c.ratingOverrides["\(g).\(j)"]
        }
    }
}

extension DynamicModel {
    /// The same resolved model with case fields replaced: the table, its LU factorisation and the
    /// expanded schedules are reused; only stock days, substitution, input-inventory days, restocking
    /// and the ratings named are recomputed from the changed case (by catalogue id, as at resolution,
    /// so that a world table's per-region materials follow their material's value).
    public func applying(_ values: [(CaseField, Double)], basis: String = "calibrated") -> DynamicModel {
        var m = self
        var c = dynamicCase
        for (f, v) in values { f.apply(v, to: &c, basis: basis) }
        m.dynamicCase = c
        m.stockDays = materialBase.map { c.stockDaysByMaterial[$0] ?? c.stockDays }
        m.substitutionCeiling = materialBase.map { c.substitutionCeilingByMaterial[$0] ?? c.substitutionCeiling }
        m.substitutionDays = c.substitutionDays
        if let d = c.inputDays { m.pairDays = [Double](repeating: d, count: pairDays.count) }
        let codes = model.table.sectors.map(\.code)
        for (f, v) in values {
            switch f {
            case .inputDaysOf(let code):
                for p in pairSupplier.indices where codes[pairSupplier[p]] == code { m.pairDays[p] = v }
            case .rating(let g, let code):
                guard let j = model.table.index(of: code) else { continue }
                for k in 0..<materialCount where materialBase[k] == g && tonnes[k][j] > 0 { m.essentiality[k][j] = v }
            default: continue
            }
        }
        return m
    }
}
