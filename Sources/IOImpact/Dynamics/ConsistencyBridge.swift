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
        /// split / national − 1.
        public var gap: Double { national != 0 ? split / national - 1 : 0 }
    }
    public var countries: [Country]
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
        let o = DynamicOutcome(model: m, path: try Simulation.run(m))
        return o.regionLosses(m).first { $0.region == region }?.gdpLossFirst12Percent ?? 0
    }

    /// Runs the shipped cases: Japan (jp-re-1y-dir against world-split-re-1y-cn-jp) and the United
    /// States (us-re-1y against world-split-re-1y-cn-us).
    public static func run() throws -> ConsistencyBridge {
        let split = try TableCatalog.load("world-2011-wiod-split"), world = try TableCatalog.load("world-2011-wiod")
        let splitSat = try MaterialSatellite.shipped("world-2011-wiod-split", table: split)
        let worldSat = try MaterialSatellite.shipped("world-2011-wiod", table: world)
        return ConsistencyBridge(countries: [
            try japan(split: split, splitSat: splitSat, world: world, worldSat: worldSat),
            try unitedStates(split: split, splitSat: splitSat, world: world, worldSat: worldSat),
        ])
    }

    static func japan(split: IOTable, splitSat: MaterialSatellite, world: IOTable,
                      worldSat: MaterialSatellite) throws -> Country {
        let nc = try loadCase("jp-re-1y-dir"), wc = try loadCase("world-split-re-1y-cn-jp")
        let nm = try DynamicModel.resolve(nc)
        var rows = [Row(label: "national table `\(nc.table)` (`\(nc.id)`)", loss: try nationalLoss(nm))]
        var noConv = nm.satellite
        noConv.conversions = []
        rows.append(Row(label: "national table, magnets made in Japan not cut by Chinese oxides "
                            + "(no conversion, as in the world satellite)",
                        loss: try nationalLoss(try DynamicModel(case: nc, table: nm.model.table, satellite: noConv))))
        var withConv = splitSat
        withConv.conversions = nm.satellite.conversions.compactMap { c in
            let code = split.codes.first { $0.hasPrefix("JPN/") && $0.hasSuffix("." + c.sector) }
            guard let code, !splitSat.conversions.contains(where: { $0.sector == code && $0.input == c.input }) else {
                return nil
            }
            var d = c
            d.sector = code
            return d
        }
        var converted: Double?
        if !withConv.conversions.isEmpty {
            converted = try regionLoss(try DynamicModel(case: wc, table: split, satellite: withConv), "JPN")
            rows.append(Row(label: "split world table with the national conversion carried to its magnet maker "
                            + "(\(Set(withConv.conversions.map(\.sector)).sorted().joined(separator: ", ")))",
                            loss: converted!))
        }
        let shipped = try regionLoss(try DynamicModel(case: wc, table: split, satellite: splitSat), "JPN")
        rows.append(Row(label: "split world table `world-2011-wiod-split` as shipped (`\(wc.id)`)", loss: shipped))
        rows.append(Row(label: "unsplit world table `world-2011-wiod`, the same case",
                        loss: try regionLoss(try DynamicModel(case: wc, table: world, satellite: worldSat), "JPN")))
        var worldConv = worldSat
        worldConv.conversions = nm.satellite.conversions.map { c in var d = c; d.sector = "JPN/c12"; return d }
        if world.index(of: "JPN/c12") != nil && !nm.satellite.conversions.isEmpty {
            let m = try DynamicModel(case: wc, table: world, satellite: worldConv)
            rows.append(Row(label: "unsplit world table with the national conversion carried to JPN/c12 "
                            + "(the split undone)",
                            loss: try regionLoss(m, "JPN")))
        }
        return Country(region: "JPN", name: "Japan", nationalCase: nc.id, nationalTable: nc.table,
                       worldCase: wc.id,
                       rows: rows, split: shipped, splitWithConversion: converted)
    }

    static func unitedStates(split: IOTable, splitSat: MaterialSatellite, world: IOTable,
                             worldSat: MaterialSatellite) throws -> Country {
        let nc = try loadCase("us-re-1y"), wc = try loadCase("world-split-re-1y-cn-us")
        let nm = try DynamicModel.resolve(nc)
        var rows = [Row(label: "national table `\(nc.table)` (`\(nc.id)`)", loss: try nationalLoss(nm))]
        let concPath = try ProjectLocator.tablesDirectory() + "/world-2011-wiod-split/concordance-us-2022-71.csv"
        let conc = try SplitConcordance.load(concPath,
                                             national: nm.model.table)
        var usPairs = splitSat
        usPairs.essentialInputs = splitSat.essentialInputs.filter { !$0.buyer.hasPrefix("USA/") }
            + nationalPairs(nm.satellite.essentialInputs, concordance: conc, region: "USA", table: split)
        rows.append(Row(label: "split world table with the US national essential-input pairs "
                            + "in place of Japan's pairs mapped to WIOD",
                        loss: try regionLoss(try DynamicModel(case: wc, table: split, satellite: usPairs), "USA")))
        let shipped = try regionLoss(try DynamicModel(case: wc, table: split, satellite: splitSat), "USA")
        rows.append(Row(label: "split world table `world-2011-wiod-split` as shipped (`\(wc.id)`)", loss: shipped))
        rows.append(Row(label: "unsplit world table `world-2011-wiod`, the same case",
                        loss: try regionLoss(try DynamicModel(case: wc, table: world, satellite: worldSat), "USA")))
        return Country(region: "USA", name: "United States", nationalCase: nc.id, nationalTable: nc.table,
                       worldCase: wc.id,
                       rows: rows, split: shipped, splitWithConversion: nil)
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
        var s = "| country | national table | national, first 12 months gross % | split world table, % of its GDP "
        s += "| gap | within ±\(Int(Self.tolerance * 100))% |\n|---|---|---:|---:|---:|---|\n"
        for c in countries {
            s += "| \(c.name) | `\(c.nationalTable)` (`\(c.nationalCase)`) | \(pc(c.national)) "
            s += "| \(pc(c.split)) (`\(c.worldCase)`) "
            s += "| \(c.gap >= 0 ? "+" : "−")\(NumberFormat.fixed(abs(c.gap) * 100, 0))% "
            s += "| \(abs(c.gap) <= Self.tolerance ? "yes" : "no") |\n"
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
        }
        return s
    }
}
