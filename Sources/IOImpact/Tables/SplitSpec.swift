import Foundation

/// A split named in a file (`format = "ioimpact-split/1"`): the base table, and for each parent the
/// national table and the concordance that split it. `ioimpact split <file>` writes the split table
/// (and the carried satellite) beside the file; the written manifest names the split in `[split]`.
public struct SplitSpec: Sendable {
    public static let formatVersion = "ioimpact-split/1"
    public var path: String
    public var id: String
    public var name: String
    public var base: String
    public var source: String
    public var notes: String
    public var tolerance: Double
    /// The least input coefficient of a pair split from a base pair (0 keeps every pair with a flow).
    public var pairThreshold: Double
    public var parts: [(sector: String, national: String, concordance: String)]

    public static func load(_ path: String) throws -> SplitSpec {
        let reader = try TOMLReader(path: path)
        let root = TOMLSection(reader)
        try root.rejectUnknownKeys(["format", "id", "name", "base", "source", "notes", "tolerance", "pair_threshold",
                                    "split"])
        let format = try root.string("format")
        guard format == formatVersion else {
            throw reader.error("format", in: [],
                               "unsupported format '\(format)'; this version reads '\(formatVersion)'")
        }
        let tol = try root.optionalDouble("tolerance") ?? Biproportional.defaultTolerance
        guard tol > 0 && tol <= 1e-3 else { throw root.error("tolerance", "must be in (0, 0.001], found \(tol)") }
        let threshold = try root.optionalDouble("pair_threshold") ?? 0
        guard (0..<1).contains(threshold) else {
            throw root.error("pair_threshold", "must be in [0, 1), found \(threshold)")
        }
        let dir = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let parts = try root.sections("split").map { s -> (String, String, String) in
            try s.rejectUnknownKeys(["sector", "national", "concordance"])
            return (try s.string("sector"), try s.string("national"), dir + "/" + (try s.string("concordance")))
        }
        guard !parts.isEmpty else { throw root.missing("split") }
        let id = try root.string("id")
        if let problem = CaseFields.idProblem(id) { throw root.error("id", problem) }
        return SplitSpec(path: path, id: id, name: try root.string("name"), base: try root.string("base"),
                         source: try root.optionalString("source") ?? "", notes: try root.optionalString("notes") ?? "",
                         tolerance: tol, pairThreshold: threshold,
                         parts: parts.map { (sector: $0.0, national: $0.1, concordance: $0.2) })
    }

    /// Loads the tables and applies the split.
    public func apply() throws -> (base: IOTable, split: SplitTable) {
        let baseTable = try TableCatalog.load(base)
        var tables: [String: IOTable] = [:]
        let ps = try parts.map { p -> SplitPart in
            if tables[p.national] == nil { tables[p.national] = try TableCatalog.load(p.national) }
            let nat = tables[p.national]!
            let conc = try SplitConcordance.load(p.concordance, national: nat)
            try conc.checkBase(baseTable, region: p.sector.contains("/") ? String(p.sector.prefix { $0 != "/" }) : nil)
            return SplitPart(sector: p.sector, national: nat, concordance: conc)
        }
        var split = try SectorSplit.apply(baseTable, parts: ps, id: id, name: name, tolerance: tolerance)
        var md = split.table.metadata
        md.source = source.isEmpty ? md.source : source + "; base: " + md.source
        md.notes = notes.isEmpty ? md.notes : notes
        let t = split.table
        split.table = IOTable(metadata: md, sectors: t.sectors, transactions: t.transactions,
                              finalDemand: t.finalDemand, finalDemandCategories: t.finalDemandCategories,
                              valueAddedRows: t.valueAddedRows, valueAddedComponents: t.valueAddedComponents,
                              grossOutput: t.grossOutput, employment: t.employment)
        return (baseTable, split)
    }

    /// The `[split]` section of the written manifest: what was split, by what, and the balance.
    public func manifestSection(_ s: SplitTable) -> String {
        let file = URL(fileURLWithPath: path).lastPathComponent
        var m = "# Written by `ioimpact split \(file)`: do not edit, rerun.\n[split]\n"
        m += "spec = \(JSON.quote(URL(fileURLWithPath: path).lastPathComponent))\nbase = \(JSON.quote(base))\n"
        m += "parents = \(TableWriter.tomlArray(s.parents))\n"
        m += "nationals = \(TableWriter.tomlArray(s.balances.map(\.national)))\n"
        m += "methods = \(TableWriter.tomlArray(s.balances.map(\.method)))\n"
        m += "iterations = [\(s.balances.map { String($0.iterations) }.joined(separator: ", "))]\n"
        let residuals = s.balances.map { String(format: "%.3g", $0.maxRelativeResidual) }
        m += "max_relative_residual = [\(residuals.joined(separator: ", "))]\n"
        m += "tolerance = \(tolerance)\n"
        return m
    }

    /// The balance report printed by `ioimpact split`.
    public static func report(_ s: SplitTable) -> String {
        var out = "table \(s.table.metadata.id): \(s.table.count) sectors\n"
        for b in s.balances {
            let kids = s.children(of: b.parent)
            out += "\(b.parent) by \(b.national): \(kids.count) sub-industries, \(b.method) in \(b.iterations) "
                + "iterations, largest relative residual \(String(format: "%.2g", b.maxRelativeResidual)) "
                + "(tolerance \(String(format: "%.0g", b.tolerance)))\n"
            for k in kids { out += "  \(k.code)  \(String(format: "%.4f", k.share))\n" }
        }
        return out
    }
}

extension SplitSpec {
    /// Applies the split and writes the table into `directory` (the spec's folder by default) and the
    /// carried satellite into `materials` (when the base table has a shipped satellite), as one set.
    /// Refuses a folder whose manifest.toml was not written by a split.
    public func write(directory: String? = nil,
                      materials: String? = nil) throws -> (split: SplitTable, paths: [String]) {
        let dir = directory ?? URL(fileURLWithPath: path).deletingLastPathComponent().path
        let manifest = dir + "/manifest.toml"
        if let old = try? String(contentsOfFile: manifest, encoding: .utf8), !old.contains("\n[split]\n") {
            throw InputError(file: manifest, "exists and was not written by a split: not overwritten")
        }
        let (baseTable, split) = try apply()
        var files = TableWriter.files(split.table, extraManifest: manifestSection(split))
            .map { (dir + "/" + $0.name, $0.contents) }
        let matDir = try materials ?? MaterialSatellite.directory()
        if FileManager.default.fileExists(atPath: matDir + "/satellite-\(base).csv") {
            let sat = try MaterialSatellite.shipped(base, table: baseTable)
            var nationals: [String: MaterialSatellite] = [:]
            for p in parts where nationals[p.national] == nil {
                let t = try TableCatalog.load(p.national)
                nationals[p.national] = try MaterialSatellite.shipped(p.national, table: t)
            }
            let carried = SatelliteSplit(base: sat, baseID: base, nationals: nationals, split: split,
                                         pairThreshold: pairThreshold).carried()
            files += SatelliteSplit.files(carried, id: id).map { (matDir + "/" + $0.name, $0.contents) }
        }
        return (split, try ReportWriter.writeSet(files.map { (path: $0.0, contents: $0.1) }))
    }
}
