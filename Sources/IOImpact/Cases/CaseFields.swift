import Foundation

/// The typed fields both case formats read the same way: shares, non-negative quantities, the basis
/// every number carries, the GDP base and the published estimates a case compares with.
enum CaseFields {
    static func share(_ s: TOMLSection, _ key: String, default d: Double? = nil) throws -> Double {
        let v: Double
        if let d, !s.has(key) { v = d } else { v = try s.double(key) }
        guard (0...1).contains(v) else { throw s.error(key, "\(v) is not a share in [0, 1]") }
        return v
    }

    static func nonNegative(_ s: TOMLSection, _ key: String, default d: Double? = nil) throws -> Double {
        let v: Double
        if let d, !s.has(key) { v = d } else { v = try s.double(key) }
        guard v >= 0 else { throw s.error(key, "must be non-negative, found \(v)") }
        return v
    }

    static func basis(_ s: TOMLSection, _ key: String, required: Bool) throws -> String {
        if !required && !s.has(key) { return "" }
        let b = try s.string(key)
        guard !b.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw s.error(key, "needs a source or a stated assumption")
        }
        return b
    }

    /// `[gdp]`: the table's value added, or a stated national-accounts GDP with its source.
    static func gdpBase(_ root: TOMLSection) throws -> GDPBase {
        guard let g = try root.optionalSection("gdp") else { return .table }
        try g.rejectUnknownKeys(["base", "value", "source"])
        switch try g.string("base") {
        case "table": return .table
        case "stated":
            let v = try g.double("value")
            guard v > 0 else { throw g.error("value", "must be positive") }
            return .stated(value: v, source: try basis(g, "source", required: true))
        case let other: throw g.error("base", "must be 'table' or 'stated', found '\(other)'")
        }
    }

    /// `[[published]]`: the estimates a case is compared with.
    static func published(_ root: TOMLSection) throws -> [PublishedEstimate] {
        guard root.has("published") else { return [] }
        return try root.sections("published").map { p in
            try p.rejectUnknownKeys(["source", "quantity", "value", "unit", "note"])
            let qn = try p.string("quantity")
            guard let q = PublishedEstimate.Quantity(rawValue: qn) else {
                throw p.error("quantity", "unknown quantity '\(qn)'; one of: \(PublishedEstimate.Quantity.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return PublishedEstimate(source: try p.string("source"), quantity: q, value: try p.double("value"),
                                     unit: try p.string("unit"), note: (try p.optionalString("note")) ?? "")
        }
    }
}
