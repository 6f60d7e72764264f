import Foundation

/// One country on its national table and on the split world table (issue 19): the same cut, and runs
/// that remove each difference in turn, so the gap between the two figures is split into its causes.
/// Every figure is the country's value added lost over the first twelve months, gross, in % of its own
/// GDP, with each case's own rules.
public struct ConsistencyBridge: Sendable {
    public struct Row: Sendable {
        public var label: String
        public var loss: Double
    }
    public struct Country: Sendable {
        public var region: String
        public var name: String
        public var nationalCase: String
        public var nationalTable: String
        public var worldCase: String
        public var rows: [Row]
        public var national: Double { rows[0].loss }
        /// The split world table as shipped.
        public var split: Double
        /// The split world table with the national conversion of rare earths into magnets carried over.
        public var splitWithConversion: Double?
        /// The split world run's loss rates at the national table's value-added weights (`NationalWeights`).
        public var atNationalWeights: Double?
        /// Value added of each split industry in % of the country's GDP: on the split world table and on
        /// the national table (the same national sectors).
        public var shares: [(industry: String, world: Double, national: Double)] = []
        /// The country's industries' loss rates on the split world run against the national run's.
        var rates: [NationalWeights.IndustryRate] = []
        /// split / national − 1.
        public var gap: Double { national != 0 ? split / national - 1 : 0 }
    }
    public var countries: [Country]
    /// Whether the split table's satellite converts rare earths into Japanese magnets (issue 19, item 1).
    public var worldConverts: Bool = false
    /// The cases the bridge runs: the reports include it when every one is shipped.
    public static let caseIDs = ["jp-re-1y-dir", "world-split-re-1y-cn-jp", "us-re-1y", "world-split-re-1y-cn-us"]
    /// The consistency tolerance of issue 19 (±20%).
    public static let tolerance = 0.20

    static func loadCase(_ id: String) throws -> DynamicCase {
        try DynamicCaseLoader.load(path: try DynamicCaseLoader.casesDirectory() + "/\(id).toml")
    }

    static func nationalLoss(_ m: DynamicModel) throws -> Double {
        DynamicOutcome(model: m, path: try Simulation.run(m)).gdpLossFirst12GrossPercent
    }

    static func regionLoss(_ m: DynamicModel, _ region: String) throws -> Double {
        regionLoss(m, region, DynamicOutcome(model: m, path: try Simulation.run(m)))
    }

    static func regionLoss(_ m: DynamicModel, _ region: String, _ o: DynamicOutcome) -> Double {
        o.regionLosses(m).first { $0.region == region }?.gdpLossFirst12Percent ?? 0
    }

    /// The bridge's last two rows, the same for every country: the split world table as shipped (its
    /// loss, and its loss rates at the national table's weights) and the unsplit world table.
    static func worldRuns(_ country: Country, _ wc: DynamicCase, national: (table: IOTable, run: DynamicOutcome),
                          concordance: SplitConcordance, _ t: WorldTables) throws -> Country {
        var c = country
        let m = try DynamicModel(case: wc, table: t.split, satellite: t.splitSat)
        let o = DynamicOutcome(model: m, path: try Simulation.run(m))
        let weights = NationalWeights(national: national.table, concordance: concordance)
        c.split = regionLoss(m, c.region, o)
        c.atNationalWeights = weights.loss(o, world: t.split, region: c.region)
        c.rates = weights.rates(world: o, national: national.run, world: t.split, region: c.region)
        c.rows.append(Row(label: "split world table `world-2011-wiod-split` as shipped (`\(wc.id)`)", loss: c.split))
        c.rows.append(Row(label: "unsplit world table `world-2011-wiod`, the same case",
                          loss: try regionLoss(try DynamicModel(case: wc, table: t.world, satellite: t.worldSat),
                                               c.region)))
        return c
    }

    /// Runs the shipped cases: Japan (jp-re-1y-dir against world-split-re-1y-cn-jp) and the United
    /// States (us-re-1y against world-split-re-1y-cn-us).
    public static func run() throws -> ConsistencyBridge {
        let split = try TableCatalog.load("world-2011-wiod-split"), world = try TableCatalog.load("world-2011-wiod")
        let splitSat = try MaterialSatellite.shipped("world-2011-wiod-split", table: split)
        let worldSat = try MaterialSatellite.shipped("world-2011-wiod", table: world)
        let t = WorldTables(split: split, splitSat: splitSat, world: world, worldSat: worldSat)
        return ConsistencyBridge(countries: [try japan(t), try unitedStates(t)],
                                 worldConverts: splitSat.conversions.contains { $0.origin == "JPN" })
    }

    /// A concordance of the split table (`Tables/world-2011-wiod-split/`) to a national table.
    static func splitConcordance(_ file: String, _ national: IOTable) throws -> SplitConcordance {
        try SplitConcordance.load(try ProjectLocator.tablesDirectory() + "/world-2011-wiod-split/" + file,
                                  national: national)
    }

    /// The split and unsplit world tables with their satellites, as shipped.
    struct WorldTables {
        let split: IOTable
        let splitSat: MaterialSatellite
        let world: IOTable
        let worldSat: MaterialSatellite
    }

    static func japan(_ t: WorldTables) throws -> Country {
        let split = t.split, splitSat = t.splitSat
        let nc = try loadCase("jp-re-1y-dir"), wc = try loadCase("world-split-re-1y-cn-jp")
        let nm = try DynamicModel.resolve(nc)
        let no = DynamicOutcome(model: nm, path: try Simulation.run(nm))
        var rows = [Row(label: "national table `\(nc.table)` (`\(nc.id)`)", loss: no.gdpLossFirst12GrossPercent)]
        var noConv = nm.satellite
        noConv.conversions = []
        rows.append(Row(label: "national table without the conversion of rare earths into Japanese magnets "
                            + "(magnets made in Japan not cut by Chinese oxides)",
                        loss: try nationalLoss(try DynamicModel(case: nc, table: nm.model.table, satellite: noConv))))
        let hasConversion = { (sat: MaterialSatellite) in sat.conversions.contains { $0.origin == "JPN" } }
        var converted: Double?
        if hasConversion(splitSat) {
            // The world satellite converts rare earths into magnets by region (issue 19, item 1): the run
            // without Japan's converter is the world satellite as it was before.
            var without = splitSat
            without.conversions = splitSat.conversions.filter { $0.origin != "JPN" }
            rows.append(Row(label: "split world table without Japan's conversion of rare earths into magnets "
                            + "(the world satellite before issue 19's regional conversion)",
                            loss: try regionLoss(try DynamicModel(case: wc, table: split, satellite: without), "JPN")))
        } else {
            var withConv = splitSat
            withConv.conversions = nm.satellite.conversions.compactMap { c in
                guard let code = split.codes.first(where: { $0.hasPrefix("JPN/") && $0.hasSuffix("." + c.sector) })
                else { return nil }
                var d = c
                d.sector = code
                return d
            }
            if !withConv.conversions.isEmpty {
                converted = try regionLoss(try DynamicModel(case: wc, table: split, satellite: withConv), "JPN")
                rows.append(Row(label: "split world table with the national conversion carried to its magnet maker "
                                + "(\(Set(withConv.conversions.map(\.sector)).sorted().joined(separator: ", ")))",
                                loss: converted!))
            }
        }
        var c = try worldRuns(Country(region: "JPN", name: "Japan", nationalCase: nc.id, nationalTable: nc.table,
                                      worldCase: wc.id, rows: rows, split: 0, splitWithConversion: converted),
                              wc, national: (nm.model.table, no),
                              concordance: try splitConcordance("concordance-jp-2015-185.csv", nm.model.table), t)
        c.shares = industryShares(split, national: nm.model.table, region: "JPN")
        return c
    }

    static func unitedStates(_ t: WorldTables) throws -> Country {
        let split = t.split, splitSat = t.splitSat
        let nc = try loadCase("us-re-1y"), wc = try loadCase("world-split-re-1y-cn-us")
        let nm = try DynamicModel.resolve(nc)
        let no = DynamicOutcome(model: nm, path: try Simulation.run(nm))
        var rows = [Row(label: "national table `\(nc.table)` (`\(nc.id)`)", loss: no.gdpLossFirst12GrossPercent)]
        let conc = try splitConcordance("concordance-us-2022-71.csv", nm.model.table)
        var usPairs = splitSat
        usPairs.essentialInputs = splitSat.essentialInputs.filter { !$0.buyer.hasPrefix("USA/") }
            + nationalPairs(nm.satellite.essentialInputs, concordance: conc, region: "USA", table: split)
        rows.append(Row(label: "split world table with the US national essential-input pairs "
                            + "in place of Japan's pairs mapped to WIOD",
                        loss: try regionLoss(try DynamicModel(case: wc, table: split, satellite: usPairs), "USA")))
        var c = try worldRuns(Country(region: "USA", name: "United States", nationalCase: nc.id,
                                      nationalTable: nc.table, worldCase: wc.id, rows: rows, split: 0,
                                      splitWithConversion: nil),
                              wc, national: (nm.model.table, no), concordance: conc, t)
        c.shares = industryShares(split, national: nm.model.table, region: "USA")
        return c
    }

    /// Value added of the split industries of `region`, % of GDP, on the world and national tables.
    static func industryShares(_ split: IOTable, national: IOTable, region: String) -> [(String, Double, Double)] {
        let va = split.valueAdded, nva = national.valueAdded
        let gdp = split.codes.indices.filter { split.sectors[$0].region == region }.reduce(0) { $0 + va[$1] }
        var parents: [String] = []
        var world: [String: Double] = [:], nat: [String: Double] = [:]
        for (j, code) in split.codes.enumerated() where split.sectors[j].region == region {
            let parts = code.split(separator: ".", maxSplits: 1)
            guard parts.count == 2, let k = national.index(of: String(parts[1])) else { continue }
            let parent = String(parts[0])
            if world[parent] == nil { parents.append(parent) }
            world[parent, default: 0] += va[j]
            nat[parent, default: 0] += nva[k]
        }
        return parents.map { ($0, 100 * world[$0]! / gdp, 100 * nat[$0]! / national.gdp) }
    }

    /// National pairs on the world table: a national sector is its sub-industry where one exists, else
    /// its WIOD industry in `region`; pairs that fall inside one sector are dropped.
    static func nationalPairs(_ pairs: [EssentialInput], concordance: SplitConcordance, region: String,
                              table: IOTable) -> [EssentialInput] {
        func code(_ s: String) -> String? {
            guard let ind = concordance.industryOf[s] else { return nil }
            let child = "\(region)/\(ind).\(s)"
            if table.index(of: child) != nil { return child }
            return table.index(of: "\(region)/\(ind)") != nil ? "\(region)/\(ind)" : nil
        }
        var seen = Set<String>()
        return pairs.compactMap { e in
            guard let s = code(e.supplier), let b = code(e.buyer), s != b, seen.insert(s + "|" + b).inserted else {
                return nil
            }
            var d = e
            d.supplier = s; d.buyer = b
            return d
        }
    }

    /// The side-by-side table and the bridges, as Markdown.
    public var markdown: String {
        func pc(_ v: Double) -> String { NumberFormat.fixed(v, 2) }
        func gap(_ v: Double, _ n: Double) -> String {
            let g = n != 0 ? v / n - 1 : 0
            return "\(g >= 0 ? "+" : "−")\(NumberFormat.fixed(abs(g) * 100, 0))%"
        }
        var s = "| country | national table | national, first 12 months gross % | split world table, % of its GDP "
        s += "| gap | within ±\(Int(Self.tolerance * 100))% | split world rates at national weights | gap |\n"
        s += "|---|---|---:|---:|---:|---|---:|---:|\n"
        for c in countries {
            s += "| \(c.name) | `\(c.nationalTable)` (`\(c.nationalCase)`) | \(pc(c.national)) "
            s += "| \(pc(c.split)) (`\(c.worldCase)`) | \(gap(c.split, c.national)) "
            s += "| \(abs(c.gap) <= Self.tolerance ? "yes" : "no") "
            if let w = c.atNationalWeights {
                s += "| \(pc(w)) | \(gap(w, c.national)) |\n"
            } else {
                s += "| – | – |\n"
            }
        }
        for c in countries {
            s += "\n**\(c.name): each difference removed in turn** (first 12 months, gross, % of the country's GDP)\n\n"
            s += "| run | loss % | change from the row above (pt) | against the national figure |\n"
            s += "|---|---:|---:|---:|\n"
            for (k, r) in c.rows.enumerated() {
                let d = c.national != 0 ? r.loss / c.national - 1 : 0
                let prev = k == 0 ? r.loss : c.rows[k - 1].loss
                let step = k == 0 ? "–" : (r.loss >= prev ? "+" : "−") + pc(abs(r.loss - prev))
                s += "| \(r.label) | \(pc(r.loss)) | \(step) "
                s += "| \(d >= 0 ? "+" : "−")\(NumberFormat.fixed(abs(d) * 100, 0))% |\n"
            }
            if !c.shares.isEmpty {
                s += "\nValue added of the split industries, % of the country's GDP, split world table (2011) against "
                s += "`\(c.nationalTable)`: "
                s += c.shares.map { "\($0.industry) \(pc($0.world)) against \(pc($0.national))" }
                    .joined(separator: "; ")
                s += ".\n"
            }
            if !c.rates.isEmpty {
                s += "\nLoss rates by industry, split world run against `\(c.nationalCase)` over the same national "
                s += "sectors (first 12 months, gross, % of the industry's value added), the five largest "
                s += "contributions to the difference at national weights (pt of GDP): "
                s += c.rates.prefix(5).map { r in
                    "\(r.code) (\(r.name)) \(NumberFormat.fixed(r.world, 1))% against "
                        + "\(NumberFormat.fixed(r.national, 1))% "
                        + "(\(r.contribution >= 0 ? "+" : "−")\(NumberFormat.fixed(abs(r.contribution), 3)))"
                }.joined(separator: "; ")
                s += ".\n"
            }
        }
        return s
    }
}
