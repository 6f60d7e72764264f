import Foundation

/// A calibration to what happened (`ioimpact-calibration/3`): the priors file, the episode case and
/// IIP industries that are the evidence, the sampler, the posterior predictive of the reference
/// cases, the studies' figures as checks, and the Sobol analysis. Field by field: docs/CASES.md.
public struct CalibrationSpec: Sendable {
    public static let formatVersion = "ioimpact-calibration/3"

    public struct Sampler: Sendable {
        public var chains: Int
        public var warmup: Int
        public var draws: Int
        public var seed: UInt64
    }

    /// The data a predictive draw moves besides the calibrated parameters.
    public struct DataDraws: Sendable {
        public var tonnageSpread: Double
        public var tonnageBasis: String
        public var originBasis: String
        /// δ of the input material in the product made at home, uniform on [low, high].
        public var dependentProduct: String
        public var dependentInput: String
        public var dependentLow: Double
        public var dependentHigh: Double
        public var dependentBasis: String
    }

    public var path: String
    public var title: String
    public var priorsPath: String
    public var evidenceCase: String
    public var industries: [String]
    /// The studies' figures (columns of Tables/calibration/targets.csv), compared with the prediction.
    public var checksPath: String
    public var profilePath: String
    public var reportPath: String
    public var rulesBasis: String
    public var sampler: Sampler
    /// Posterior draws per reference case; the cases (empty: every shipped time-stepped case).
    public var predictiveDraws: Int
    /// Fewer (or more) draws for a case whose runs are slow (a world table).
    public var predictiveDrawsByCase: [String: Int]
    public var predictiveCases: [String]
    public var data: DataDraws
    public var sobolCases: [String]
    public var sobolSamples: Int
    /// Fewer (or more) base samples for a case whose runs are slow (a world table).
    public var sobolSamplesByCase: [String: Int]
    public var sobolSeed: UInt64

    /// The most draws or steps a spec (or `--draws`) may ask for.
    public static let maxDraws = 1_000_000

    public static func load(path: String) throws -> CalibrationSpec {
        let reader = try TOMLReader(path: path)
        let root = TOMLSection(reader)
        let format = try root.string("format")
        guard format == formatVersion else {
            throw reader.error(
                "format", in: [],
                "unsupported format '\(format)'; this version reads '\(formatVersion)' (format 2, the least-squares " +
                    "fit to other studies' figures, and format 1, the static model's κ calibration, are retired: " +
                    "docs/METHOD.md section 7)"
            )
        }
        try root.rejectUnknownKeys([
            "format", "title", "priors", "evidence", "checks", "profile", "report", "rules_basis",
            "sampler", "predictive", "sensitivity",
        ])
        let dir = URL(fileURLWithPath: path).deletingLastPathComponent()
        func resolve(_ p: String) -> String {
            p.hasPrefix("/") ? p : dir.appendingPathComponent(p).standardizedFileURL.path
        }
        func text(_ s: TOMLSection, _ key: String) throws -> String {
            let v = try s.string(key)
            guard !v.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw reader.error(key, in: s.path, "is empty: state the source or the assumption")
            }
            return v
        }
        func count(_ s: TOMLSection, _ key: String, _ d: Int, min lo: Int = 1) throws -> Int {
            let v = s.has(key) ? try s.int(key) : d
            guard (lo...maxDraws).contains(v) else {
                throw reader.error(key, in: s.path, "must be \(lo) to \(maxDraws), found \(v)")
            }
            return v
        }
        func seed(_ s: TOMLSection) throws -> UInt64 {
            UInt64(truncatingIfNeeded: s.has("seed") ? try s.int("seed") : 1)
        }

        let ev = try root.section("evidence")
        try ev.rejectUnknownKeys(["case", "industries"])
        let industries = try ev.stringArray("industries")
        guard !industries.isEmpty else { throw reader.error("industries", in: ["evidence"], "names no IIP industry") }

        let sm = try root.section("sampler")
        try sm.rejectUnknownKeys(["chains", "warmup", "draws", "seed"])
        let sampler = Sampler(
            chains: try count(sm, "chains", 4, min: 2), warmup: try count(sm, "warmup", 500, min: 2),
            draws: try count(sm, "draws", 1000, min: 4), seed: try seed(sm))

        let pr = try root.section("predictive")
        try pr.rejectUnknownKeys([
            "draws", "draws_by_case", "cases", "tonnage_spread", "tonnage_basis", "origin_basis",
            "dependent_product", "dependent_input", "dependent_low", "dependent_high", "dependent_basis",
        ])
        let spread = pr.has("tonnage_spread") ? try pr.double("tonnage_spread") : 0.2
        guard (0..<1).contains(spread) else {
            throw reader.error("tonnage_spread", in: ["predictive"], "must be in [0, 1), found \(spread)")
        }
        let dLow = try pr.double("dependent_low"), dHigh = try pr.double("dependent_high")
        guard 0 <= dLow, dLow <= dHigh, dHigh <= 1 else {
            throw reader.error(
                "dependent_high", in: ["predictive"],
                "need 0 ≤ dependent_low ≤ dependent_high ≤ 1, found \(dLow), \(dHigh)")
        }
        let data = DataDraws(
            tonnageSpread: spread, tonnageBasis: try text(pr, "tonnage_basis"),
            originBasis: try text(pr, "origin_basis"),
            dependentProduct: try pr.string("dependent_product"), dependentInput: try pr.string("dependent_input"),
            dependentLow: dLow, dependentHigh: dHigh, dependentBasis: try text(pr, "dependent_basis"))

        var drawsByCase: [String: Int] = [:]
        if let b = try pr.optionalSection("draws_by_case") {
            for k in b.keys.sorted() { drawsByCase[k] = try count(b, k, 2, min: 2) }
        }

        let se = try root.section("sensitivity")
        try se.rejectUnknownKeys(["cases", "base_samples", "seed", "base_samples_by_case"])
        var byCase: [String: Int] = [:]
        if let b = try se.optionalSection("base_samples_by_case") {
            for k in b.keys.sorted() { byCase[k] = try count(b, k, 2, min: 2) }
        }

        return CalibrationSpec(
            path: path, title: try root.string("title"), priorsPath: resolve(try root.string("priors")),
            evidenceCase: try ev.string("case"), industries: industries, checksPath: resolve(try root.string("checks")),
            profilePath: resolve(try root.string("profile")), reportPath: resolve(try root.string("report")),
            rulesBasis: try text(root, "rules_basis"), sampler: sampler,
            predictiveDraws: try count(pr, "draws", 100, min: 2), predictiveDrawsByCase: drawsByCase,
            predictiveCases: pr.has("cases") ? try pr.stringArray("cases") : [], data: data,
            sobolCases: se.has("cases") ? try se.stringArray("cases") : [],
            sobolSamples: try count(se, "base_samples", 64, min: 2),
            sobolSamplesByCase: byCase, sobolSeed: try seed(se))
    }
}
