import Foundation

/// The typed fields both case formats read the same way: shares, non-negative quantities, the basis
/// every number carries, the GDP base and the published estimates a case compares with.
public enum CaseFields {
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

    /// The longest span of days a case may state (ten years): stock days, time constants, the day a
    /// stockpile opens, the days of a path.
    static let maxDays = 3650.0
    /// The largest stated GDP, in the table's money unit per year (10¹⁵: above any economy in any unit
    /// a table uses, so that sums stay finite).
    static let maxGDP = 1e15
    /// The longest case id: it is a file name.
    static let maxIDLength = 100

    /// Days in [0, 3,650] (`positive`: above 0, for a time constant).
    static func days(_ s: TOMLSection, _ key: String, default d: Double? = nil,
                     positive: Bool = false) throws -> Double {
        let v: Double
        if let d, !s.has(key) { v = d } else { v = try s.double(key) }
        if positive && v <= 0 { throw s.error(key, "must be positive, found \(v)") }
        guard v >= 0 else { throw s.error(key, "must be non-negative days, found \(v)") }
        guard v <= maxDays else {
            throw s.error(key, overDays(v))
        }
        return v
    }

    /// "… days is above the limit of 3650 days (ten years)".
    static func overDays(_ v: Double) -> String {
        "\(NumberFormat.significant(v)) days is above the limit of \(Int(maxDays)) days (ten years)"
    }

    /// A case id is a file name: `[a-z0-9][a-z0-9._-]*`, at most 100 characters (no path, no hidden
    /// file, no empty name).
    static func caseID(_ s: TOMLSection) throws -> String {
        let id = try s.string("id")
        if let problem = idProblem(id) { throw s.error("id", problem) }
        return id
    }

    /// Why `id` is not a valid case id, or nil.
    public static func idProblem(_ id: String) -> String? {
        func allowed(_ u: Unicode.Scalar, first: Bool) -> Bool {
            ("a"..."z").contains(u) || ("0"..."9").contains(u) || (!first && (u == "." || u == "_" || u == "-"))
        }
        let shown = InputError.escapingControlCharacters(String(id.prefix(40))) + (id.count > 40 ? "..." : "")
        if id.isEmpty {
            return "an empty id; a case id names its report files: lower-case letters, digits, '.', '_' and '-'"
        }
        if id.unicodeScalars.count > maxIDLength {
            return "'\(shown)' is \(id.unicodeScalars.count) characters; a case id is at most \(maxIDLength)"
        }
        for (k, u) in id.unicodeScalars.enumerated() where !allowed(u, first: k == 0) {
            return "'\(shown)' is not a case id: it names the report files, so it must match [a-z0-9][a-z0-9._-]* "
                + "(lower-case letters, digits, '.', '_' and '-', starting with a letter or digit; no '/')"
        }
        return nil
    }

    /// A title is one line of a report.
    static func title(_ s: TOMLSection) throws -> String {
        let t = try s.string("title")
        if t.contains(where: { $0.isNewline }) {
            throw s.error("title", "a title is one line; put the rest in 'description'")
        }
        return t
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
            guard v <= maxGDP else {
                throw g.error("value", "\(NumberFormat.significant(v)) is above the limit of "
                              + "\(NumberFormat.significant(maxGDP)) (table unit per year)")
            }
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
