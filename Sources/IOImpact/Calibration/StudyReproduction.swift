import Foundation

/// A published study's figure and what it states of its method (`Tables/calibration/studies.csv`,
/// docs/CASES.md): the reference case it is compared with, the case whose flow the reproduction uses,
/// the single period of the static limit and the study's own duration scaling.
public struct StudySpec: Sendable {
    public var id: String
    public var study: String
    public var caseRef: String
    public var reproductionCaseRef: String
    /// % of one year's GDP.
    public var published: Double
    public var periodDays: Int
    public var durationScale: Double
    public var assumptions: String
    /// Sectors whose code starts with the prefix, and the study's value-added loss for them (%).
    public var sectorPrefix: String?
    public var sectorLabel: String?
    public var sectorPublished: Double?
    /// Persons employed lost, as the study states them.
    public var personsPublished: Double?
    public var source: String
    public var path: String
    public var line: Int
}

public enum StudySpecs {
    public static let header = ["id", "study", "case", "reproduction_case", "published_percent", "period_days",
                                "duration_scale", "assumptions", "sector_prefix", "sector_label",
                                "sector_published_percent", "persons_published", "source"]

    public static func shippedPath() throws -> String {
        try ProjectLocator.tablesDirectory() + "/calibration/studies.csv"
    }

    public static func load(path: String) throws -> [StudySpec] {
        let csv = try CSVFile(path: path)
        guard let first = csv.rows.first,
              first.fields.map({ $0.trimmingCharacters(in: .whitespaces) }) == header else {
            throw InputError(file: path, line: 1, field: "header", "expected '\(header.joined(separator: ","))'")
        }
        var out: [StudySpec] = []
        for (line, f) in csv.rows.dropFirst() {
            guard f.count == header.count else {
                throw InputError(file: path, line: line, "has \(f.count) fields, the header has \(header.count)")
            }
            func text(_ k: Int) -> String { f[k].trimmingCharacters(in: .whitespaces) }
            func required(_ k: Int) throws -> String {
                guard !text(k).isEmpty else {
                    throw InputError(file: path, line: line, field: "column \(header[k])", "is empty")
                }
                return text(k)
            }
            func number(_ k: Int) throws -> Double {
                try CSVFile.number(try required(k), path: path, line: line, column: header[k])
            }
            func optionalNumber(_ k: Int) throws -> Double? { text(k).isEmpty ? nil : try number(k) }
            let days = try number(5)
            guard days >= 1, days <= 365, days == days.rounded() else {
                throw InputError(file: path, line: line, field: "column period_days",
                                 "must be a whole number of days, 1 to 365")
            }
            let scale = try number(6)
            guard scale > 0 else {
                throw InputError(file: path, line: line, field: "column duration_scale", "must be positive")
            }
            out.append(StudySpec(
                id: try required(0), study: try required(1), caseRef: try required(2),
                reproductionCaseRef: try required(3),
                published: try number(4), periodDays: Int(days), durationScale: scale, assumptions: try required(7),
                sectorPrefix: text(8).isEmpty ? nil : text(8), sectorLabel: text(9).isEmpty ? nil : text(9),
                sectorPublished: try optionalNumber(10), personsPublished: try optionalNumber(11),
                source: try required(12), path: path, line: line))
        }
        return out
    }
}

/// The engine's static limit under a study's own assumptions (docs/METHOD.md, "Each study under its
/// own assumptions"): one period of the study's length, no users' stocks, no substitution, no essential
/// produced-input pairs, no domestic magnet making, no backlog, no stockpile or allied supply, the
/// case's materials and origins; the loss over the period in % of one year's GDP times the study's
/// duration scaling. In this limit the time-stepped engine equals the static mixed model
/// (docs/METHOD.md section 2), which `staticLossPercent` computes independently.
public struct StudyReproduction: Sendable {
    public var spec: StudySpec
    public var model: DynamicModel
    public var outcome: DynamicOutcome
    /// The engine's figure: loss over the period (% of one year's GDP) × the duration scaling.
    public var lossPercent: Double
    /// The study's sector group: value added lost over the period, % of the group's value added in it.
    public var sectorLossPercent: Double?
    /// When the reproduction is off by more than a quarter: the multiple k of every user's stop share
    /// (capped at the whole sector) at which the static limit gives the published figure, and what
    /// that means for the sectors.
    public var required: Required?

    public struct Required: Sendable {
        /// nil when no k reaches the figure (every user of a cut material stopped entirely is too little).
        public var k: Double?
        public var lossAtK: Double
        public var sectorLossPercentAtK: Double?
        /// The sector with the largest value-added loss at k: its index and its output share stopped.
        public var topSector: Int
        public var topSectorStopShare: Double
        public var topSectorStopShareAtOne: Double
    }

    /// The stripped case: what the study assumes away.
    public static func stripped(_ c: DynamicCase) -> DynamicCase {
        var c = c
        c.stockDays = 0
        c.stockDaysByMaterial = [:]
        c.substitutionCeiling = 0
        c.substitutionCeilingByMaterial = [:]
        c.allied = []
        c.stockpiles = []
        c.backlogEnabled = false
        c.theta = 0
        return c
    }

    public static func stripped(_ s: MaterialSatellite) -> MaterialSatellite {
        var s = s
        s.essentialInputs = []
        s.conversions = []
        return s
    }

    /// `keepingConversions`: domestic magnet making stays on (the bridge's note on the order of its steps);
    /// the static mixed model no longer equals that run, and no required multiple is solved.
    public init(spec: StudySpec, case c: DynamicCase, table: IOTable, satellite: MaterialSatellite,
                keepingConversions: Bool = false) throws {
        self.spec = spec
        var sat = Self.stripped(satellite)
        if keepingConversions { sat.conversions = satellite.conversions }
        let m = try DynamicModel(case: Self.stripped(c), table: table, satellite: sat,
                                 timeline: Timeline(start: c.start, singlePeriodOf: spec.periodDays))
        model = m
        outcome = DynamicOutcome(model: m, path: try Simulation.run(m))
        lossPercent = outcome.gdpLossGrossPercent * spec.durationScale
        let output = try Self.staticOutput(m, k: 1)
        sectorLossPercent = Self.groupLoss(m, output: output, prefix: spec.sectorPrefix)
        if !keepingConversions, abs(lossPercent / spec.published - 1) > 0.25 {
            required = try Self.solve(m, spec: spec)
        }
    }

    /// Each sector's share of output stopped by its materials in the static limit: Σ over product
    /// lines of the line's share × the scarcest material's shortfall (docs/METHOD.md step (d)).
    public static func stopShares(_ m: DynamicModel) -> [Double] {
        (0..<m.n).map { j in
            var lost = 0.0
            for line in m.lines[j] {
                let short = line.materials.map { 1 - m.supplyShare[$0][0] }.max() ?? 0
                lost += (line.share ?? m.essentiality[line.materials[0]][j]) * short
            }
            return max(0, lost)
        }
    }

    /// The static mixed model with every stop share × k (capped at 1): x = min(x̄, A x + f⁰).
    public static func staticOutput(_ m: DynamicModel, k: Double) throws -> [Double] {
        let shares = stopShares(m)
        let caps = (0..<m.n).map { m.x0[$0] * (1 - min(1, k * shares[$0])) }
        return try Propagator(model: m.model).mixed(caps: caps).output
    }

    /// The static engine's loss in % of one year's GDP over the period, × the duration scaling.
    public static func staticLossPercent(_ m: DynamicModel, output x: [Double], scale: Double) -> Double {
        let lost = (0..<m.n).map { m.valueAddedCoefficients[$0] * (m.x0[$0] - x[$0]) }.reduce(0, +)
        return 100 * lost / m.gdpBase * Double(m.timeline.horizonDays) / 365 * scale
    }

    static func groupLoss(_ m: DynamicModel, output x: [Double], prefix: String?) -> Double? {
        guard let prefix else { return nil }
        let group = (0..<m.n).filter { m.model.table.sectors[$0].code.hasPrefix(prefix) }
        let base = group.map { m.valueAddedCoefficients[$0] * m.x0[$0] }.reduce(0, +)
        guard base > 0 else { return nil }
        return 100 * group.map { m.valueAddedCoefficients[$0] * (m.x0[$0] - x[$0]) }.reduce(0, +) / base
    }

    /// Bisection on k for the published figure; the static loss rises with k.
    static func solve(_ m: DynamicModel, spec: StudySpec) throws -> Required {
        func loss(_ k: Double) throws -> (Double, [Double]) {
            let x = try staticOutput(m, k: k)
            return (staticLossPercent(m, output: x, scale: spec.durationScale), x)
        }
        let shares = stopShares(m)
        let smallest = shares.filter { $0 > 0 }.min() ?? 1
        let kMax = 1 / smallest
        var k: Double? = nil
        var x: [Double]
        let (top, xTop) = try loss(kMax)
        if top < spec.published {
            x = xTop
        } else {
            var lo = 0.0, hi = kMax
            for _ in 0..<60 {
                let mid = (lo + hi) / 2
                if try loss(mid).0 < spec.published { lo = mid } else { hi = mid }
            }
            k = (lo + hi) / 2
            x = try loss(k!).1
        }
        let va = (0..<m.n).map { m.valueAddedCoefficients[$0] * (m.x0[$0] - x[$0]) }
        let j = va.indices.max { va[$0] < va[$1] } ?? 0
        return Required(k: k, lossAtK: staticLossPercent(m, output: x, scale: spec.durationScale),
                        sectorLossPercentAtK: groupLoss(m, output: x, prefix: spec.sectorPrefix), topSector: j,
                        topSectorStopShare: min(1, (k ?? kMax) * shares[j]), topSectorStopShareAtOne: min(1, shares[j]))
    }
}
