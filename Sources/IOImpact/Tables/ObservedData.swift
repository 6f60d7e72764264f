import Foundation

/// What happened, with its sources (Tables/observed/): Japan's Indices of Industrial Production by
/// industry (month-on-month, seasonally adjusted), China's monthly exports of rare-earth magnets, the
/// sources of every figure, and a concordance from IIP industries to a table's sectors.
public struct ObservedData: Sendable {
    public struct Production: Sendable {
        public var month: String
        public var industry: String
        public var index: Double?
        public var changePercent: Double?
        public var release: String
        public var sources: [String]
    }
    public struct MagnetExports: Sendable {
        public var month: String
        public var destination: String
        public var tonnes: Double?
        public var changeYoYPercent: Double?
        public var sources: [String]
    }
    public struct Weight: Sendable {
        public var industry: String
        public var sector: String
        public var weight: Double
    }
    public var production: [Production]
    public var magnets: [MagnetExports]
    /// Source key → "publisher, title, date".
    public var sources: [String: String]
    /// Per table id: IIP industry → sectors and their output weights.
    public var concordance: [String: [Weight]]

    public static func directory() throws -> String { try ProjectLocator.tablesDirectory() + "/observed" }

    /// Loads the shipped files; every figure must name sources that `SOURCES.csv` lists.
    public static func shipped() throws -> ObservedData {
        let dir = try directory()
        let src = try CSVFile(path: dir + "/SOURCES.csv")
        try TableLoader.expectHeader(src, ["key", "publisher", "title", "url", "date", "what"])
        var sources: [String: String] = [:]
        for (line, f) in src.rows.dropFirst() {
            guard f.count == 6 else { throw TableLoader.ragged(src, line, f.count, 6) }
            sources[f[0]] = "\(f[1]), \(f[2]), \(f[4])"
        }
        func keys(_ s: String, _ path: String, _ line: Int) throws -> [String] {
            let ks = s.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard !ks.isEmpty else {
                throw InputError(file: path, line: line, field: "column source", "every figure needs a source")
            }
            for k in ks where sources[k] == nil {
                throw InputError(file: path, line: line, field: "column source", "source '\(k)' is not in SOURCES.csv")
            }
            return ks
        }
        func number(_ s: String, _ path: String, _ line: Int, _ column: String) throws -> Double? {
            s.isEmpty ? nil : try MaterialSatellite.finiteNumber(s, path, line, column)
        }
        let iipPath = dir + "/iip-japan.csv"
        let iip = try CSVFile(path: iipPath)
        try TableLoader.expectHeader(iip, ["month", "industry", "index", "change_pct", "release", "source"])
        let production = try iip.rows.dropFirst().map { (line, f) -> Production in
            guard f.count == 6 else { throw TableLoader.ragged(iip, line, f.count, 6) }
            let p = Production(month: f[0], industry: f[1], index: try number(f[2], iipPath, line, "index"),
                               changePercent: try number(f[3], iipPath, line, "change_pct"), release: f[4],
                               sources: try keys(f[5], iipPath, line))
            guard p.index != nil || p.changePercent != nil else {
                throw InputError(file: iipPath, line: line, field: "column change_pct", "neither an index nor a change")
            }
            return p
        }
        let magPath = dir + "/china-magnet-exports.csv"
        let mag = try CSVFile(path: magPath)
        try TableLoader.expectHeader(mag, ["month", "destination", "tonnes", "change_yoy_pct", "source"])
        let magnets = try mag.rows.dropFirst().map { (line, f) -> MagnetExports in
            guard f.count == 5 else { throw TableLoader.ragged(mag, line, f.count, 5) }
            return MagnetExports(month: f[0], destination: f[1], tonnes: try number(f[2], magPath, line, "tonnes"),
                                 changeYoYPercent: try number(f[3], magPath, line, "change_yoy_pct"),
                                 sources: try keys(f[4], magPath, line))
        }
        var concordance: [String: [Weight]] = [:]
        let files = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        for file in files.sorted() where file.hasPrefix("iip-concordance-") && file.hasSuffix(".csv") {
            let table = String(file.dropFirst("iip-concordance-".count).dropLast(4))
            let csv = try CSVFile(path: dir + "/" + file)
            try TableLoader.expectHeader(csv, ["industry", "sector", "weight", "basis"])
            concordance[table] = try csv.rows.dropFirst().map { (line, f) in
                guard f.count == 4 else { throw TableLoader.ragged(csv, line, f.count, 4) }
                return Weight(industry: f[0], sector: f[1],
                              weight: try MaterialSatellite.finiteNumber(f[2], dir + "/" + file, line, "weight"))
            }
        }
        return ObservedData(production: production, magnets: magnets, sources: sources, concordance: concordance)
    }

    /// The latest release of an industry's month-on-month change (revised over preliminary).
    public func change(_ industry: String, _ month: String) -> Production? {
        let rows = production.filter { $0.industry == industry && $0.month == month && $0.changePercent != nil }
        return rows.first { $0.release == "revised" } ?? rows.first
    }
}

/// The model's month-on-month change of production by IIP industry against a flat no-cut path, beside
/// the observed change: a check of what the model says happened, month by month.
public enum ObservedComparison {
    public struct Row: Sendable {
        public var month: String
        public var industry: String
        public var model: Double
        public var observed: ObservedData.Production?
        /// The standard deviation of the observed month-on-month changes before the episode (how much
        /// an industry moves in a month with no cut).
        public var spread: Double?
    }

    /// Rows for the IIP industries with a concordance for the run's table, over the run's months that
    /// the observed data cover. The model's index is Σ_j w_j x_j / x⁰_j per month.
    public static func rows(_ r: DynamicRun, observed: ObservedData, industries: [String]) -> [Row] {
        let t = r.model.model.table
        guard let conc = observed.concordance[t.metadata.id] else { return [] }
        let months = r.main.months
        let start = DynamicViews.monthLabel(months[0])
        var out: [Row] = []
        for ind in industries {
            let ws = conc.filter { $0.industry == ind }.compactMap { w in t.index(of: w.sector).map { ($0, w.weight) } }
            guard !ws.isEmpty else { continue }
            let before = observed.production.filter { $0.industry == ind && $0.month < start }
                .compactMap(\.changePercent)
            let spread: Double? = before.count >= 3 ? {
                let mean = before.reduce(0, +) / Double(before.count)
                return (before.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(before.count - 1)).squareRoot()
            }() : nil
            var last = 1.0
            for m in months {
                let label = DynamicViews.monthLabel(m)
                let level = ws.map { (j, w) in
                    w * (1 - m.outputLoss[j] / (r.model.x0[j] * Double(m.days) / 365))
                }.reduce(0, +)
                    / ws.map(\.1).reduce(0, +)
                let change = 100 * (level / last - 1)
                last = level
                guard observed.production.contains(where: { $0.month == label }) else { continue }
                out.append(Row(month: label, industry: ind, model: change, observed: observed.change(ind, label),
                               spread: spread))
            }
        }
        return out
    }
}
