import Foundation

/// How a concordance row carries material data to a sector of a new table (docs/TABLE_FORMAT.md,
/// "A satellite for a new table").
public enum ConcordanceRule: String, Sendable, CaseIterable {
    /// The source sectors' tonnes, summed (the same economy reclassified); the rating is their
    /// output-weighted mean over every source sector listed for the target sector.
    case tonnes
    /// Tonnes per unit of output of the source sectors × the target sector's output (the source and
    /// target tables must share a money unit); the rating output-weighted as above.
    case intensity
    /// The mean of the named regions' intensities (tonnes per unit of output) in the rows built so far,
    /// × the target's output; the rating the mean of theirs (0 where a region has no row).
    case mean
}

/// One row of a concordance file (`sector,source,source_sector,rule,basis`).
public struct ConcordanceRow: Sendable {
    public var sector: String
    public var source: String
    public var sourceSector: String
    public var rule: ConcordanceRule
    public var basis: String
    public var line: Int
}

/// A satellite built for a table from a concordance, and what the concordance leaves out.
public struct BuiltSatellite: Sendable {
    public var uses: [MaterialUse]
    /// Source sectors with tonnes that no row carries, and target regions no row reaches.
    public var missing: [String]
    /// Industries of the target table that no row names (no material data: no use is assumed).
    public var uncovered: [String]

    /// The satellite CSV (`material,sector,tonnes_per_year,essentiality,uses,reason`).
    public var csv: String {
        var s = "material,sector,tonnes_per_year,essentiality,uses,reason\n"
        for u in uses {
            s += [u.material, u.sector, String(format: "%.3f", u.tonnesPerYear), String(format: "%.4f", u.essentiality),
                  u.uses, u.reason].map(CSVField.quote).joined(separator: ",") + "\n"
        }
        return s
    }
}

enum CSVField {
    static func quote(_ s: String) -> String {
        s.contains(",") || s.contains("\"") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
}

/// Builds a material satellite for any table from a concordance to shipped satellites
/// (`ioimpact satellite build --table PATH --concordance FILE`).
public enum SatelliteBuilder {
    public static let header = ["sector", "source", "source_sector", "rule", "basis"]
    /// The source of `mean` rows: the rows this concordance built.
    public static let built = "built"

    public static func concordance(_ path: String) throws -> [ConcordanceRow] {
        let csv = try CSVFile(path: path)
        try TableLoader.expectHeader(csv, header)
        return try csv.rows.dropFirst().map { (line, f) in
            guard f.count == header.count else { throw TableLoader.ragged(csv, line, f.count, header.count) }
            for (k, name) in header.enumerated() where f[k].trimmingCharacters(in: .whitespaces).isEmpty {
                throw InputError(file: path, line: line, field: "column \(name)", "is empty")
            }
            guard let rule = ConcordanceRule(rawValue: f[3]) else {
                throw InputError(file: path, line: line, field: "column rule",
                                 "'\(f[3])' is not one of "
                                    + ConcordanceRule.allCases.map(\.rawValue).joined(separator: ", "))
            }
            if (rule == .mean) != (f[1] == built) {
                throw InputError(file: path, line: line, field: "column source", rule == .mean
                    ? "a 'mean' row takes its source from the rows built so far: source = \(built)"
                    : "source '\(built)' goes with rule 'mean'")
            }
            return ConcordanceRow(sector: f[0], source: f[1], sourceSector: f[2], rule: rule, basis: f[4], line: line)
        }
    }

    struct Source {
        var table: IOTable
        var satellite: MaterialSatellite
        /// material → sector → (tonnes, rating)
        var uses: [String: [String: (t: Double, e: Double)]]
    }

    static func region(_ code: String) -> (region: String, industry: String)? {
        guard let k = code.firstIndex(of: "/") else { return nil }
        return (String(code[..<k]), String(code[code.index(after: k)...]))
    }

    /// Builds the rows; `materials` limits them to those ids (all of the sources' otherwise).
    public static func build(table t: IOTable, concordance path: String, materials only: [String]? = nil,
                             totals: String? = nil) throws -> BuiltSatellite {
        let rows = try concordance(path)
        var sources: [String: Source] = [:]
        for r in rows where r.source != built && sources[r.source] == nil {
            let st: IOTable
            do { st = try TableCatalog.load(r.source) } catch let e as InputError {
                throw InputError(file: path, line: r.line, field: "column source", "'\(r.source)': \(e.message)")
            }
            let sat = try MaterialSatellite.shipped(r.source, table: st)
            var u: [String: [String: (t: Double, e: Double)]] = [:]
            for m in sat.uses where only?.contains(m.material) ?? true {
                u[m.material, default: [:]][m.sector] = (m.tonnesPerYear, m.essentiality)
            }
            sources[r.source] = Source(table: st, satellite: sat, uses: u)
        }
        // Target sectors: exact rows first; '*/IND' rows reach every region no exact row names.
        let named = Set(rows.filter { !$0.sector.hasPrefix("*/") }.map { region($0.sector)?.region ?? $0.sector })
        var groups: [(target: String, rows: [ConcordanceRow], starred: Bool)] = []
        var index: [String: Int] = [:]
        func add(_ target: String, _ r: ConcordanceRow, starred: Bool) throws {
            guard t.index(of: target) != nil else {
                if starred { return }
                throw InputError(file: path, line: r.line, field: "column sector",
                                 "'\(target)' is not a sector of table \(t.metadata.id)")
            }
            if let k = index[target] { groups[k].rows.append(r) } else {
                index[target] = groups.count; groups.append((target, [r], starred))
            }
        }
        for r in rows where !r.sector.hasPrefix("*/") { try add(r.sector, r, starred: false) }
        for r in rows where r.sector.hasPrefix("*/") {
            let ind = String(r.sector.dropFirst(2))
            for reg in t.regions where !named.contains(reg) { try add("\(reg)/\(ind)", r, starred: true) }
        }
        var out: [MaterialUse] = []
        var missing: [String] = []
        // Exact and starred rows from sources first; 'mean' rows read what those built.
        for g in groups where g.rows.allSatisfy({ $0.rule != .mean }) {
            out += try carry(g.target, g.rows, table: t, sources: sources, path: path, missing: &missing)
        }
        let first = out
        for g in groups where g.rows.contains(where: { $0.rule == .mean }) {
            out += mean(g.target, g.rows, table: t, built: first)
        }
        if let totals { try scale(&out, to: totals, table: t) }
        missing += notCarried(rows, sources: sources)
        let reached = Set(groups.map { region($0.target)?.region ?? "" })
        let lost = t.regions.filter { !reached.contains($0) }
        if !lost.isEmpty { missing.append("regions no row reaches: " + lost.joined(separator: ", ")) }
        let industries = Set(groups.map { region($0.target)?.industry ?? $0.target })
        var uncovered: [String] = [], seen = Set<String>()
        for s in t.sectors {
            let ind = region(s.code)?.industry ?? s.code
            if !industries.contains(ind) && seen.insert(ind).inserted { uncovered.append(ind) }
        }
        return BuiltSatellite(uses: out, missing: missing, uncovered: uncovered)
    }

    /// `tonnes` and `intensity` rows of one target sector.
    static func carry(_ target: String, _ rows: [ConcordanceRow], table t: IOTable, sources: [String: Source],
                      path: String, missing: inout [String]) throws -> [MaterialUse] {
        let reg = region(target)?.region
        var parts: [(src: Source, sector: String, rule: ConcordanceRule)] = []
        for r in rows {
            let src = sources[r.source]!
            // Alternatives separated by '|', the first found: '*/c14|RoW/c14' (the same region, else RoW).
            let options = r.sourceSector.split(separator: "|").map { o -> String in
                o.hasPrefix("*/") && reg != nil ? reg! + "/" + o.dropFirst(2) : String(o)
            }
            guard let code = options.first(where: { src.table.index(of: $0) != nil }) else {
                if r.sourceSector.contains("*/") {
                    missing.append("\(target): no sector \(options.joined(separator: " or ")) in \(r.source)")
                    continue
                }
                throw InputError(file: path, line: r.line, field: "column source_sector",
                                 "'\(r.sourceSector)' is not a sector of table \(src.table.metadata.id)")
            }
            if r.rule == .intensity && src.table.metadata.unit != t.metadata.unit {
                throw InputError(file: path, line: r.line, field: "column rule",
                                 "intensity compares outputs, but \(r.source) is in \(src.table.metadata.unit) and "
                                    + "\(t.metadata.id) in \(t.metadata.unit); use tonnes, "
                                    + "or a source in the same unit")
            }
            parts.append((src, code, r.rule))
        }
        guard !parts.isEmpty else { return [] }
        let x = t.grossOutput[t.index(of: target)!]
        let materials = Set(parts.flatMap { p in p.src.uses.filter { $0.value[p.sector] != nil }.map(\.key) }).sorted()
        var out: [MaterialUse] = []
        for m in materials {
            var tonnes = 0.0, rated = 0.0, weight = 0.0
            for p in parts {
                let xs = p.src.table.grossOutput[p.src.table.index(of: p.sector)!]
                weight += xs
                guard let u = p.src.uses[m]?[p.sector] else { continue }
                rated += u.e * xs
                tonnes += p.rule == .tonnes ? u.t : 0
                if p.rule == .intensity { tonnes += xs > 0 ? u.t / xs * x : 0 }
            }
            guard tonnes > 0 else { continue }
            let names = parts.map { "\($0.src.table.metadata.id) \($0.sector)" }
            let why = "\(rows[0].rule.rawValue) from " + names.joined(separator: ", ")
                + " (rating output-weighted): " + rows[0].basis
            out.append(MaterialUse(material: m, sector: target, tonnesPerYear: tonnes,
                                   essentiality: weight > 0 ? rated / weight : 0, uses: "concordance", reason: why))
        }
        return out
    }

    /// A `mean` row: the named regions' intensities of the same industry, averaged, × this output.
    static func mean(_ target: String, _ rows: [ConcordanceRow], table t: IOTable,
                     built: [MaterialUse]) -> [MaterialUse] {
        guard let r = rows.first(where: { $0.rule == .mean }), let ind = region(target)?.industry else { return [] }
        let regions = r.sourceSector.split(separator: ";").map { String($0) }
        let x = t.grossOutput[t.index(of: target)!]
        var by: [String: [String: MaterialUse]] = [:]
        for u in built { by[u.material, default: [:]][u.sector] = u }
        var out: [MaterialUse] = []
        for m in by.keys.sorted() {
            let uses = regions.map { by[m]?["\($0)/\(ind)"] }
            guard uses.contains(where: { $0 != nil }) else { continue }
            var intensity = 0.0, rating = 0.0
            for (reg, u) in zip(regions, uses) {
                guard let u, let k = t.index(of: "\(reg)/\(ind)"), t.grossOutput[k] > 0 else { continue }
                intensity += u.tonnesPerYear / t.grossOutput[k] / Double(regions.count)
                rating += u.essentiality / Double(regions.count)
            }
            let tonnes = intensity * x
            guard tonnes > 0 else { continue }
            let why = "ESTIMATE: the mean of " + regions.joined(separator: " and ")
                + " tonnes per unit of \(ind) output x this sector's output; rating the mean: " + r.basis
            out.append(MaterialUse(material: m, sector: target, tonnesPerYear: tonnes, essentiality: rating,
                                   uses: "concordance", reason: why))
        }
        return out
    }

    /// Source sectors with tonnes that no concordance row names.
    static func notCarried(_ rows: [ConcordanceRow], sources: [String: Source]) -> [String] {
        var out: [String] = []
        for (id, src) in sources.sorted(by: { $0.key < $1.key }) {
            let listed = Set(rows.filter { $0.source == id }
                .flatMap { $0.sourceSector.split(separator: "|").map(String.init) })
            let starred = Set(listed.filter { $0.hasPrefix("*/") }.map { String($0.dropFirst(2)) })
            for m in src.uses.keys.sorted() {
                let uses = src.uses[m]!.sorted { $0.key < $1.key }
                for (sector, u) in uses where u.t > 0 && !listed.contains(sector) {
                    if let r = region(sector), starred.contains(r.industry) { continue }
                    out.append("\(id) \(sector): \(m) \(String(format: "%.3f", u.t)) t a year not carried")
                }
            }
        }
        return out
    }

    /// Writes the CSV through a temporary beside it; an existing file is refused unless `replace`.
    public static func write(_ b: BuiltSatellite, to path: String, replace: Bool) throws {
        if FileManager.default.fileExists(atPath: path) && !replace {
            throw InputError(file: path, field: "--output",
                             "exists; pass --replace to write over it, or name another file")
        }
        let url = URL(fileURLWithPath: path)
        let tmp = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp")
        do {
            try Data(b.csv.utf8).write(to: tmp)
            _ = try? FileManager.default.removeItem(at: url)
            try FileManager.default.moveItem(at: tmp, to: url)
        } catch {
            throw InputError(file: path, "cannot be written: \(error.localizedDescription)")
        }
    }

    /// What was built and what is missing, for the command.
    public static func summary(_ b: BuiltSatellite, table t: IOTable, path: String) -> String {
        var tonnes: [String: Double] = [:]
        for u in b.uses { tonnes[u.material, default: 0] += u.tonnesPerYear }
        var s = "\(path): \(b.uses.count) rows for table \(t.metadata.id) (\(t.count) sectors)\n"
        for (m, v) in tonnes.sorted(by: { $0.key < $1.key }) { s += "  \(m): \(NumberFormat.grouped(v)) t a year\n" }
        s += b.missing.isEmpty ? "coverage: every source sector with tonnes is carried\n"
            : "missing (\(b.missing.count)):\n" + b.missing.map { "  " + $0 }.joined(separator: "\n") + "\n"
        if !b.uncovered.isEmpty {
            s += "industries no row names (no material use assumed): " + b.uncovered.joined(separator: ", ") + "\n"
        }
        return s
    }

    /// `--totals FILE` (`material,region,tonnes_per_year,...`, as `Tables/materials/region_totals-world.csv`):
    /// a region's own published total of a material (`rare_earths`: every rare-earth group together)
    /// scales the rows built for it; their split over sectors and their ratings stay as built.
    static func scale(_ out: inout [MaterialUse], to path: String, table t: IOTable) throws {
        let csv = try CSVFile(path: path)
        guard let header = csv.rows.first?.fields else { throw InputError(file: path, "is empty") }
        guard let km = header.firstIndex(of: "material"), let kr = header.firstIndex(of: "region"),
              let kt = header.firstIndex(of: "tonnes_per_year") else {
            throw InputError(file: path, line: 1, field: "header",
                             "needs the columns material, region, tonnes_per_year")
        }
        let groups = try MaterialSatellite.shipped(catalogueOf: t)
        let file = URL(fileURLWithPath: path).lastPathComponent
        for (line, f) in csv.rows.dropFirst() {
            guard f.count == header.count else { throw TableLoader.ragged(csv, line, f.count, header.count) }
            guard let total = Double(f[kt]), total.isFinite, total > 0 else {
                throw InputError(file: path, line: line, field: "column tonnes_per_year",
                                 "'\(f[kt])' is not a positive number")
            }
            let m = f[km], reg = f[kr]
            let hit: (MaterialUse) -> Bool = { u in
                (m == "rare_earths" ? (groups[u.material] ?? "").hasPrefix("rare_earth") : u.material == m)
                    && u.sector.hasPrefix(reg + "/")
            }
            let base = out.filter(hit).map(\.tonnesPerYear).reduce(0, +)
            guard base > 0 else {
                throw InputError(file: path, line: line, field: "column region",
                                 "\(m) has no tonnes in \(reg) to scale")
            }
            let k = total / base
            for i in out.indices where hit(out[i]) {
                out[i].tonnesPerYear *= k
                out[i].reason = "OWN TOTAL: \(reg)'s \(m) total \(NumberFormat.grouped(total)) t/yr (\(file), " +
                    "line \(line)) "
                    + "split as built (x\(NumberFormat.significant(k, 3))); " + out[i].reason
            }
        }
    }
}
