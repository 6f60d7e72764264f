import Foundation

/// A calibration specification: free parameters with bounds, the targets, and which case reproduces
/// each target under that study's assumptions.
public struct CalibrationSpec: Sendable {
    public static let formatVersion = "ioimpact-calibration/1"

    public struct Parameter: Sendable, Equatable {
        public var name: String
        public var low: Double
        public var high: Double
        public var start: Double
        public var basis: String
    }

    public struct Pairing: Sendable, Equatable {
        public var target: String
        public var caseRef: String
    }

    public struct Range: Sendable, Equatable {
        public var name: String
        /// nil low/high with `fitted`: the parameter's fitted range from the profile of the objective.
        public var low: Double?
        public var high: Double?
        public var fitted: Bool
        public var basis: String
    }

    public var path: String
    public var profile: String
    public var title: String
    public var targetsPath: String
    public var outputPath: String
    public var fixedFrom: String?
    public var fixed: [String]
    public var parameters: [Parameter]
    public var fits: [Pairing]
    public var checks: [Pairing]
    public var predictions: [String]
    public var uncertaintyCase: String?
    public var draws: Int
    public var seed: UInt64
    public var ranges: [Range]

    /// The most Monte Carlo draws a spec (or `--draws`) may ask for: a million take minutes already.
    public static let maxDraws = 1_000_000

    public static func load(path: String) throws -> CalibrationSpec {
        let reader = try TOMLReader(path: path)
        let root = TOMLSection(reader)
        try root.rejectUnknownKeys(["format", "profile", "title", "targets", "output", "fixed_from", "fixed", "method",
                                    "parameter", "fit", "check", "predict", "uncertainty"])
        let format = try root.string("format")
        guard format == formatVersion else {
            throw reader.error("format", in: [], "unsupported format '\(format)'; this version reads '\(formatVersion)'")
        }
        let dir = URL(fileURLWithPath: path).deletingLastPathComponent()
        func resolve(_ p: String) -> String { p.hasPrefix("/") ? p : dir.appendingPathComponent(p).standardizedFileURL.path }
        var parameters: [Parameter] = []
        for p in try root.sections("parameter") {
            try p.rejectUnknownKeys(["name", "low", "high", "start", "basis"])
            let name = try p.string("name")
            let low = try p.double("low"), high = try p.double("high")
            guard low <= high else {
                throw p.error("low", "bound low \(low) is above high \(high) for parameter '\(name)'")
            }
            let start = p.has("start") ? try p.double("start") : 0.5 * (low + high)
            guard (low...high).contains(start) else {
                throw p.error("start", "start \(start) is outside [\(low), \(high)] for parameter '\(name)'")
            }
            try validateName(name, reader: reader, section: ["parameter"])
            for (key, v) in [("low", low), ("high", high)] where !ParameterFile.domain(name).contains(v) {
                throw p.error(key, "bound \(v) for '\(name)' is outside its domain: it \(ParameterFile.domainText(name))")
            }
            parameters.append(Parameter(name: name, low: low, high: high, start: start, basis: try p.string("basis")))
        }
        func pairings(_ key: String) throws -> [Pairing] {
            guard root.has(key) else { return [] }
            return try root.sections(key).map { s in
                try s.rejectUnknownKeys(["target", "case"])
                return Pairing(target: try s.string("target"), caseRef: try s.string("case"))
            }
        }
        let fits = try pairings("fit")
        guard !fits.isEmpty else { throw root.missing("fit") }
        var predictions: [String] = []
        if root.has("predict") {
            for s in try root.sections("predict") { try s.rejectUnknownKeys(["case"]); predictions.append(try s.string("case")) }
        }
        var ranges: [Range] = []
        var uncertaintyCase: String? = nil
        var draws = 1000
        var seed: UInt64 = 1
        if let u = try root.optionalSection("uncertainty") {
            try u.rejectUnknownKeys(["case", "draws", "seed", "range"])
            uncertaintyCase = try u.string("case")
            draws = u.has("draws") ? try u.int("draws") : 1000
            guard (1...maxDraws).contains(draws) else {
                throw reader.error("draws", in: ["uncertainty"], "must be 1 to \(maxDraws), found \(draws)")
            }
            seed = UInt64(truncatingIfNeeded: u.has("seed") ? try u.int("seed") : 1)
            for r in u.has("range") ? try u.sections("range") : [] {
                try r.rejectUnknownKeys(["name", "low", "high", "fitted", "basis"])
                let name = try r.string("name")
                try validateName(name, reader: reader, section: ["uncertainty", "range"])
                let fitted = r.has("fitted") ? try r.bool("fitted") : false
                let low = try r.optionalDouble("low"), high = try r.optionalDouble("high")
                if !fitted {
                    guard let low, let high else { throw r.error("name", "range '\(name)' needs low and high (or fitted = true)") }
                    guard low <= high else { throw r.error("low", "bound low \(low) is above high \(high) for '\(name)'") }
                    for (key, v) in [("low", low), ("high", high)] where !ParameterFile.domain(name).contains(v) {
                        throw r.error(key, "\(v) for '\(name)' is outside its domain: it \(ParameterFile.domainText(name))")
                    }
                } else if !parameters.contains(where: { $0.name == name }) {
                    throw r.error("fitted", "'\(name)' is not a fitted parameter of this spec")
                }
                ranges.append(Range(name: name, low: low, high: high, fitted: fitted, basis: try r.string("basis")))
            }
        }
        return CalibrationSpec(
            path: path, profile: try root.string("profile"), title: try root.string("title"),
            targetsPath: resolve(try root.string("targets")), outputPath: resolve(try root.string("output")),
            fixedFrom: try root.optionalString("fixed_from").map(resolve),
            fixed: root.has("fixed") ? try root.stringArray("fixed") : [],
            parameters: parameters, fits: fits, checks: try pairings("check"), predictions: predictions,
            uncertaintyCase: uncertaintyCase, draws: draws, seed: seed, ranges: ranges)
    }

    static func validateName(_ name: String, reader: TOMLReader, section: [String]) throws {
        if ParameterFile.modelParameters.contains(name) { return }
        let parts = name.split(separator: ".")
        guard parts.count == 2, ParameterFile.materialFields.contains(String(parts[1])) else {
            throw reader.error("name", in: section, "unknown parameter '\(name)'; use kappa, theta or <material|group|all>.<\(ParameterFile.materialFields.joined(separator: "|"))>")
        }
    }
}
