import Foundation

/// The levers a frontier sweeps, each in its own unit.
public enum LeverKind: String, Sendable, Codable, CaseIterable {
    /// A national stockpile, in days of the materials' normal use (released from `releaseStartDay` at
    /// most 1/`releaseWeeks` of it a week, only while users are short).
    case stockpile
    /// Allied supply beyond the case's, in % of the materials' normal use a year, flat over the horizon.
    case allied
    /// Users' own stocks, in days of normal use (replacing the case's stock days for these materials).
    case stockDays = "stock-days"

    public var unit: String {
        switch self {
        case .stockpile, .stockDays: return "days of normal use"
        case .allied: return "% of normal use a year"
        }
    }

    /// The largest value a sweep may reach: ten years of use, or ten times normal use.
    public var maximum: Double { self == .allied ? 1000 : 3650 }

    public static func parse(_ text: String) throws -> LeverKind {
        guard let k = LeverKind(rawValue: text) else {
            throw InputError(file: "command line", field: "--lever",
                             "unknown lever '\(InputError.escapingControlCharacters(text))'; one of: "
                             + allCases.map(\.rawValue).joined(separator: ", "))
        }
        return k
    }
}

/// `A:B:STEP`: the lever's values A, A + STEP, …, up to B (B itself when the steps reach it).
public struct LeverRange: Sendable, Codable, Equatable {
    public var from: Double
    public var to: Double
    public var step: Double
    /// The most points one sweep runs.
    public static let maxPoints = 201

    public init(from: Double, to: Double, step: Double) { self.from = from; self.to = to; self.step = step }

    public var values: [Double] {
        let n = Int(((to - from) / step + 1e-9).rounded(.down))
        return (0...n).map { from + Double($0) * step }
    }

    public static func parse(_ text: String, lever: LeverKind) throws -> LeverRange {
        func bad(_ why: String) -> InputError {
            InputError(file: "command line", field: "--range",
                       "'\(InputError.escapingControlCharacters(text))': \(why)")
        }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw bad("expected FROM:TO:STEP, for example 0:180:15") }
        let v = try parts.map { p -> Double in
            guard let x = Double(p.trimmingCharacters(in: .whitespaces)) else { throw bad("'\(p)' is not a number") }
            guard x.isFinite else { throw bad("'\(p)' is not a finite number") }
            return x
        }
        let r = LeverRange(from: v[0], to: v[1], step: v[2])
        guard r.from >= 0 else { throw bad("the lever cannot be negative") }
        guard r.to >= r.from else { throw bad("TO is below FROM") }
        guard r.to <= lever.maximum else {
            throw bad("TO is above the limit of \(NumberFormat.significant(lever.maximum)) \(lever.unit)")
        }
        guard r.step > 0 else { throw bad("STEP must be positive") }
        guard (r.to - r.from) / r.step < Double(maxPoints) else {
            throw bad("more than \(maxPoints) points; take a larger STEP")
        }
        return r
    }
}

/// What a sweep varies: the lever, its values, the materials it holds or buys and, on a world table,
/// the regions that hold them.
public struct FrontierSpec: Sendable, Codable, Equatable {
    public var lever: LeverKind
    public var range: LeverRange
    /// Catalogue ids; nil: every material the case cuts that has a price.
    public var materials: [String]?
    /// World tables: destination regions; nil: the regions the cut reaches.
    public var regions: [String]?
    /// A stockpile opens on this day and releases at most 1/`releaseWeeks` of itself a week; a material
    /// the case already stockpiles keeps the case's rule.
    public var releaseStartDay: Double = 14
    public var releaseWeeks: Double = 8

    public init(lever: LeverKind, range: LeverRange, materials: [String]? = nil, regions: [String]? = nil) {
        self.lever = lever; self.range = range; self.materials = materials; self.regions = regions
    }
}
