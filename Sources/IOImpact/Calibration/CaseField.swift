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

    public static let documented = ["stocks.days", "stocks.by_material.<material>", "substitution.days", "substitution.ceiling",
                                    "substitution.ceiling_by_material.<material>", "inventories.days"]

    public init?(_ name: String) {
        switch name {
        case "stocks.days": self = .stockDays
        case "substitution.days": self = .substitutionDays
        case "substitution.ceiling": self = .substitutionCeiling
        case "inventories.days": self = .inputDays
        default:
            if name.hasPrefix("stocks.by_material."), name.count > 19 {
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
        }
    }

    /// The field's domain: days in [0, 3,650] (τ_sub > 0), ceilings are shares in [0, 1].
    public var domain: ClosedRange<Double> {
        switch self {
        case .substitutionCeiling, .substitutionCeilingOf: return 0...1
        case .substitutionDays: return 1e-9...CaseFields.maxDays
        default: return 0...CaseFields.maxDays
        }
    }

    public var unit: String {
        switch self {
        case .substitutionCeiling, .substitutionCeilingOf: return "share"
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
        }
    }
}

extension DynamicModel {
    /// The same resolved model with case fields replaced: the table, its LU factorisation and the
    /// expanded schedules are reused; only stock days, substitution and input-inventory days are
    /// recomputed from the changed case.
    public func applying(_ values: [(CaseField, Double)], basis: String = "calibrated") -> DynamicModel {
        var m = self
        var c = dynamicCase
        for (f, v) in values { f.apply(v, to: &c, basis: basis) }
        m.dynamicCase = c
        m.stockDays = materials.map { c.stockDaysByMaterial[$0.id] ?? c.stockDays }
        m.substitutionCeiling = materials.map { c.substitutionCeilingByMaterial[$0.id] ?? c.substitutionCeiling }
        m.substitutionDays = c.substitutionDays
        if let d = c.inputDays { m.pairDays = [Double](repeating: d, count: pairDays.count) }
        return m
    }
}
