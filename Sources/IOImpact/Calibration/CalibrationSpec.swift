import Foundation

/// A joint calibration (`ioimpact-calibration/2`): at most four free parameters, each a physical
/// quantity mapped onto one or more case fields, with a prior range and its source; the targets
/// table; the files to write; the search budget; the Monte Carlo. Field by field: docs/CASES.md.
public struct CalibrationSpec: Sendable {
    public static let formatVersion = "ioimpact-calibration/2"
    public static let maxParameters = 4

    public struct Parameter: Sendable {
        public var name: String
        public var symbol: String
        public var fields: [CaseField]
        public var low: Double
        public var high: Double
        public var start: Double
        public var unit: String
        public var basis: String
    }

    /// The Monte Carlo over the fitted ranges and the data.
    public struct Uncertainty: Sendable {
        public var caseRef: String
        /// The sector whose first-stop week is reported.
        public var sector: String
        public var draws: Int
        public var seed: UInt64
        /// Material tonnages drawn uniformly within ±this share.
        public var tonnageSpread: Double
        public var tonnageBasis: String
        public var originBasis: String
        public var essentialityBasis: String
    }

    public var path: String
    public var title: String
    public var targetsPath: String
    /// The parameter file and the report written (absolute paths).
    public var profilePath: String
    public var reportPath: String
    public var parameters: [Parameter]
    public var allocationBasis: String
    public var maxEvaluations: Int
    public var profilePoints: Int
    public var refitEvaluations: Int
    public var profileBisections: Int
    public var uncertainty: Uncertainty?

    /// The most Monte Carlo draws a spec (or `--draws`) may ask for: a million take minutes already.
    public static let maxDraws = 1_000_000

    public static func load(path: String) throws -> CalibrationSpec {
        let reader = try TOMLReader(path: path)
        let root = TOMLSection(reader)
        // The format first: a retired format-1 spec is named as such, not as a list of unknown keys.
        let format = try root.string("format")
        guard format == formatVersion else {
            throw reader.error("format", in: [], "unsupported format '\(format)'; this version reads '\(formatVersion)' (the static model's κ calibration, format 1, is retired: docs/METHOD.md section 5)")
        }
        try root.rejectUnknownKeys(["format", "title", "targets", "profile", "report", "allocation_basis", "search", "parameter", "uncertainty"])
        let dir = URL(fileURLWithPath: path).deletingLastPathComponent()
        func resolve(_ p: String) -> String { p.hasPrefix("/") ? p : dir.appendingPathComponent(p).standardizedFileURL.path }
        func text(_ s: TOMLSection, _ key: String) throws -> String {
            let v = try s.string(key)
            guard !v.trimmingCharacters(in: .whitespaces).isEmpty else { throw reader.error(key, in: s.path, "is empty: state the source or the assumption") }
            return v
        }

        var parameters: [Parameter] = []
        for p in try root.sections("parameter") {
            try p.rejectUnknownKeys(["name", "symbol", "fields", "low", "high", "start", "basis"])
            let name = try p.string("name")
            guard !parameters.contains(where: { $0.name == name }) else { throw reader.error("name", in: ["parameter"], "parameter '\(name)' is given twice") }
            let names = try p.stringArray("fields")
            guard !names.isEmpty else { throw reader.error("fields", in: ["parameter"], "parameter '\(name)' sets no case field") }
            let fields = try names.map { f -> CaseField in
                guard let cf = CaseField(f) else {
                    throw reader.error("fields", in: ["parameter"], "unknown case field '\(f)' for parameter '\(name)'; one of: \(CaseField.documented.joined(separator: ", ")) (a scale on dependence or ratings is not a parameter)")
                }
                return cf
            }
            for f in fields where parameters.contains(where: { $0.fields.contains(f) }) {
                throw reader.error("fields", in: ["parameter"], "case field '\(f)' is already set by another parameter")
            }
            let low = try p.double("low"), high = try p.double("high")
            guard low < high else { throw reader.error("low", in: ["parameter"], "bound low \(low) is not below high \(high) for parameter '\(name)'") }
            for f in fields where !(f.domain.contains(low) && f.domain.contains(high)) {
                throw reader.error("high", in: ["parameter"], "bounds [\(low), \(high)] of '\(name)' leave the domain of \(f) [\(f.domain.lowerBound), \(f.domain.upperBound)]")
            }
            let start = p.has("start") ? try p.double("start") : 0.5 * (low + high)
            guard (low...high).contains(start) else { throw reader.error("start", in: ["parameter"], "start \(start) is outside [\(low), \(high)] for parameter '\(name)'") }
            parameters.append(Parameter(name: name, symbol: try p.optionalString("symbol") ?? name, fields: fields, low: low, high: high,
                                        start: start, unit: fields[0].unit, basis: try text(p, "basis")))
        }
        guard parameters.count <= maxParameters else {
            throw reader.error("parameter", in: [], "\(parameters.count) free parameters; at most \(maxParameters), so that the targets leave degrees of freedom")
        }

        var maxEvaluations = 200, profilePoints = 5, refitEvaluations = 40, profileBisections = 3
        if let s = try root.optionalSection("search") {
            try s.rejectUnknownKeys(["max_evaluations", "profile_points", "refit_evaluations", "profile_bisections"])
            func positive(_ k: String, _ d: Int) throws -> Int {
                let v = s.has(k) ? try s.int(k) : d
                guard v > 0 else { throw reader.error(k, in: ["search"], "must be positive, found \(v)") }
                return v
            }
            maxEvaluations = try positive("max_evaluations", maxEvaluations)
            profilePoints = try positive("profile_points", profilePoints)
            refitEvaluations = try positive("refit_evaluations", refitEvaluations)
            profileBisections = s.has("profile_bisections") ? try s.int("profile_bisections") : profileBisections
            guard profileBisections >= 0 else { throw reader.error("profile_bisections", in: ["search"], "must be 0 or more, found \(profileBisections)") }
        }

        var uncertainty: Uncertainty? = nil
        if let u = try root.optionalSection("uncertainty") {
            try u.rejectUnknownKeys(["case", "sector", "draws", "seed", "tonnage_spread", "tonnage_basis", "origin_basis", "essentiality_basis"])
            let draws = u.has("draws") ? try u.int("draws") : 200
            guard (1...CalibrationSpec.maxDraws).contains(draws) else { throw reader.error("draws", in: ["uncertainty"], "must be 1 to \(CalibrationSpec.maxDraws), found \(draws)") }
            let spread = u.has("tonnage_spread") ? try u.double("tonnage_spread") : 0.2
            guard (0..<1).contains(spread) else { throw reader.error("tonnage_spread", in: ["uncertainty"], "must be in [0, 1), found \(spread)") }
            uncertainty = Uncertainty(caseRef: try u.string("case"), sector: try u.string("sector"), draws: draws,
                                      seed: UInt64(truncatingIfNeeded: u.has("seed") ? try u.int("seed") : 1),
                                      tonnageSpread: spread, tonnageBasis: try text(u, "tonnage_basis"),
                                      originBasis: try text(u, "origin_basis"), essentialityBasis: try text(u, "essentiality_basis"))
        }
        return CalibrationSpec(
            path: path, title: try root.string("title"), targetsPath: resolve(try root.string("targets")),
            profilePath: resolve(try root.string("profile")), reportPath: resolve(try root.string("report")),
            parameters: parameters, allocationBasis: try text(root, "allocation_basis"),
            maxEvaluations: maxEvaluations, profilePoints: profilePoints, refitEvaluations: refitEvaluations,
            profileBisections: profileBisections, uncertainty: uncertainty)
    }
}
