import Foundation

/// The essentiality rating scale (in the spirit of Pichler et al. 2022's critical-input ratings):
/// 0 not needed in the short run; 0.1 thrifting or substitution possible, about a tenth of output at
/// risk; 0.5 about half the lines stop; 1 nothing runs. Aggregated tables carry output-weighted means.
public enum EssentialityScale {
    public static let levels: [Double] = [0, 0.1, 0.5, 1]
    public static let meanings = ["not needed in the short run", "thrifting or substitution possible",
                                  "about half the lines stop", "nothing runs"]
}

/// A material in physical units (tonnes), from Tables/materials/catalogue.csv or a case file.
public struct MaterialSpec: Sendable, Equatable {
    public var id: String
    public var name: String
    public var elements: String
    /// rare_earth_light, rare_earth_heavy, magnet or critical_mineral.
    public var group: String
    public var basis: String
    public static let groups = ["rare_earth_light", "rare_earth_heavy", "magnet", "critical_mineral"]
}

/// σ_go: the share of a destination's supply of material g that comes from origin o.
public struct OriginShare: Sendable, Equatable {
    public var material: String
    public var destination: String
    public var origin: String
    public var share: Double
    public var low: Double
    public var high: Double
    public var source: String
}

/// One (material, sector) pair of a satellite: μ_gj tonnes per year at base output, e_gj.
public struct MaterialUse: Sendable, Equatable {
    public var material: String
    public var sector: String
    public var tonnesPerYear: Double
    public var essentiality: Double
    public var uses: String
    public var reason: String
}

/// How a produced input limits its buyer's output (Pichler, Pangallo, del Rio-Chanona, Lafond & Farmer,
/// JEDC 2022, after IHS Markit's ratings). Pairs not listed are non-critical: they never limit output.
public enum InputClass: String, Sendable, CaseIterable {
    /// Production stops where the input runs out: x_j ≤ (stock + deliveries) / a_ij.
    case critical
    /// Half-critical: the limit binds on half the shortfall, x_j ≤ ½·(stock + deliveries)/a_ij + ½·orders_j.
    case important
}

/// An essential produced input: buyer j needs supplier i's product in the short run (critical or
/// important) and holds `days` of it.
public struct EssentialInput: Sendable, Equatable {
    public var supplier: String
    public var buyer: String
    public var days: Double
    public var basis: String
    public var inputClass: InputClass = .critical
}

/// A product line of a sector: the share of its output that needs every material listed (the scarcest
/// binds within the line); lines are separate products, so their losses add. A (material, sector) use
/// that no line names is a line of its own, with the use's essentiality as its share.
public struct ProductLine: Sendable, Equatable {
    public var sector: String
    public var line: String
    public var share: Double
    public var materials: [String]
    public var basis: String
}

/// Domestic production of `product` by `sector` from `input`: the `origin` share of the product's
/// supply (e.g. magnets made in Japan) depends on the sector's availability of the input.
public struct MaterialConversion: Sendable, Equatable {
    public var product: String
    public var origin: String
    public var input: String
    public var sector: String
    /// Share of the origin's output that needs the input (grades that can do without it are not cut).
    public var dependentShare: Double
    public var basis: String
}

/// The material data of one table: catalogue, origins, tonnes and ratings, essential inputs.
public struct MaterialSatellite: Sendable {
    public var tableID: String
    public var materials: [MaterialSpec]
    public var origins: [OriginShare]
    public var uses: [MaterialUse]
    public var essentialInputs: [EssentialInput]
    /// Sectors whose final demand is for durable goods (backlog caught up after a cut).
    public var durables: [String]
    /// Materials made at home from other materials (magnets from rare earths).
    public var conversions: [MaterialConversion] = []
    /// Product lines that group materials used together (Tables/materials/lines-<table>.csv).
    public var lines: [ProductLine] = []
    public var paths: [String]

    public static func directory() throws -> String { try ProjectLocator.tablesDirectory() + "/materials" }

    /// Loads the shipped satellite of table `id`, checked against `table`.
    public static func shipped(_ id: String, table: IOTable) throws -> MaterialSatellite {
        let dir = try directory()
        let sat = dir + "/satellite-\(id).csv"
        guard FileManager.default.fileExists(atPath: sat) else {
            throw InputError(file: sat, "no material satellite for table \(id); rebuild with python3 Tables/build/build_materials.py")
        }
        return try load(satellite: sat, siblings: { dir + "/\($0)-\(id).csv" }, table: table)
    }

    /// Material id → catalogue group, from the shipped catalogue.
    public static func shipped(catalogueOf t: IOTable) throws -> [String: String] {
        let csv = try CSVFile(path: try directory() + "/catalogue.csv")
        guard let h = csv.rows.first?.fields, let ki = h.firstIndex(of: "id"), let kg = h.firstIndex(of: "group") else {
            return [:]
        }
        var out: [String: String] = [:]
        for (_, f) in csv.rows.dropFirst() where f.count > max(ki, kg) { out[f[ki]] = f[kg] }
        return out
    }

    /// A satellite named by its path (`satellite-NAME.csv`, written by `ioimpact satellite build`):
    /// the catalogue and origins are the shipped ones; `essential_inputs-NAME.csv`, `durables-`,
    /// `conversions-` and `lines-NAME.csv` beside it are read when they exist.
    public static func file(_ path: String, table: IOTable) throws -> MaterialSatellite {
        guard FileManager.default.fileExists(atPath: path) else { throw InputError(file: path, "file not found") }
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path, stem = url.deletingPathExtension().lastPathComponent
        let name = stem.hasPrefix("satellite-") ? String(stem.dropFirst("satellite-".count)) : stem
        return try load(satellite: path, siblings: { folder + "/\($0)-\(name).csv" }, table: table)
    }

    static func load(satellite sat: String, siblings: (String) -> String, table: IOTable) throws -> MaterialSatellite {
        let dir = try directory()
        let ess = siblings("essential_inputs")
        let dur = siblings("durables")
        var s = try load(catalogue: dir + "/catalogue.csv", origins: dir + "/origins.csv", satellite: sat,
                         essentialInputs: FileManager.default.fileExists(atPath: ess) ? ess : nil,
                         durables: FileManager.default.fileExists(atPath: dur) ? dur : nil, table: table)
        let conv = siblings("conversions")
        if FileManager.default.fileExists(atPath: conv) {
            s.conversions = try loadConversions(conv, materials: Set(s.materials.map(\.id)), table: table)
            s.paths.append(conv)
        }
        let lines = siblings("lines")
        if FileManager.default.fileExists(atPath: lines) {
            s.lines = try loadLines(lines, materials: Set(s.materials.map(\.id)), table: table)
            s.paths.append(lines)
        }
        return s
    }

    /// `sector,line,share,materials,basis`; materials separated by ';'. A sector's lines share at most
    /// its whole output, and a material sits in at most one line of a sector.
    static func loadLines(_ path: String, materials: Set<String>, table: IOTable) throws -> [ProductLine] {
        let csv = try CSVFile(path: path)
        try TableLoader.expectHeader(csv, ["sector", "line", "share", "materials", "basis"])
        var total: [String: Double] = [:]
        var placed = Set<String>()
        return try csv.rows.dropFirst().map { (line, f) in
            guard f.count == 5 else { throw TableLoader.ragged(csv, line, f.count, 5) }
            guard table.index(of: f[0]) != nil else {
                throw InputError(file: path, line: line, field: "column sector",
                                 "sector '\(f[0])' is not in table \(table.metadata.id)")
            }
            let share = try finiteNumber(f[2], path, line, "share")
            guard share > 0 && share <= 1 else {
                throw InputError(file: path, line: line, field: "column share", "\(share) is not a share in (0, 1]")
            }
            total[f[0], default: 0] += share
            guard total[f[0]]! <= 1 + 1e-9 else {
                throw InputError(file: path, line: line, field: "column share",
                                 "the lines of sector \(f[0]) add up to more than its output")
            }
            let ms = f[3].split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard !ms.isEmpty else {
                throw InputError(file: path, line: line, field: "column materials",
                                 "a line needs at least one material")
            }
            for m in ms {
                guard materials.contains(m) else {
                    throw InputError(file: path, line: line, field: "column materials", "unknown material '\(m)'")
                }
                guard placed.insert("\(f[0])/\(m)").inserted else {
                    throw InputError(file: path, line: line, field: "column materials",
                                     "'\(m)' is already in another line of sector \(f[0])")
                }
            }
            guard !f[4].trimmingCharacters(in: .whitespaces).isEmpty else {
                throw InputError(file: path, line: line, field: "column basis", "every line needs its basis")
            }
            return ProductLine(sector: f[0], line: f[1], share: share, materials: ms, basis: f[4])
        }
    }

    static func loadConversions(_ path: String, materials: Set<String>, table: IOTable) throws -> [MaterialConversion] {
        let csv = try CSVFile(path: path)
        try TableLoader.expectHeader(csv, ["product", "origin", "input", "sector", "share", "basis"])
        return try csv.rows.dropFirst().map { (line, f) in
            guard f.count == 6 else { throw TableLoader.ragged(csv, line, f.count, 6) }
            let share = try finiteNumber(f[4], path, line, "share")
            guard (0...1).contains(share) else { throw InputError(file: path, line: line, field: "column share", "\(share) is not a share in [0, 1]") }
            for (k, name) in [(0, "product"), (2, "input")] where !materials.contains(f[k]) {
                throw InputError(file: path, line: line, field: "column \(name)", "unknown material '\(f[k])'")
            }
            guard f[0] != f[2] else { throw InputError(file: path, line: line, field: "column input", "a material cannot be made from itself") }
            guard table.index(of: f[3]) != nil else {
                throw InputError(file: path, line: line, field: "column sector", "sector '\(f[3])' is not in table \(table.metadata.id)")
            }
            return MaterialConversion(product: f[0], origin: f[1], input: f[2], sector: f[3], dependentShare: share, basis: f[5])
        }
    }

    public static func load(catalogue: String, origins: String, satellite: String, essentialInputs: String?,
                            durables: String?, table: IOTable) throws -> MaterialSatellite {
        let mats = try loadCatalogue(catalogue)
        let ids = Set(mats.map(\.id))
        let orig = try loadOrigins(origins, materials: ids)
        let uses = try loadUses(satellite, materials: ids, table: table)
        let ess = try essentialInputs.map { try loadEssentialInputs($0, table: table) } ?? []
        var dur: [String] = []
        if let durables {
            let csv = try CSVFile(path: durables)
            try TableLoader.expectHeader(csv, ["sector", "reason"])
            for (line, f) in csv.rows.dropFirst() {
                guard f.count == 2 else { throw TableLoader.ragged(csv, line, f.count, 2) }
                guard table.index(of: f[0]) != nil else {
                    throw InputError(file: durables, line: line, field: "column sector", "sector '\(f[0])' is not in table \(table.metadata.id)")
                }
                dur.append(f[0])
            }
        }
        return MaterialSatellite(tableID: table.metadata.id, materials: mats, origins: orig, uses: uses, essentialInputs: ess,
                                 durables: dur, paths: [catalogue, origins, satellite] + [essentialInputs, durables].compactMap { $0 })
    }

    static func finiteNumber(_ s: String, _ path: String, _ line: Int, _ column: String) throws -> Double {
        let v = try CSVFile.number(s, path: path, line: line, column: column)
        guard v.isFinite else { throw InputError(file: path, line: line, field: "column \(column)", "must be a finite number, found \(s)") }
        return v
    }

    static func loadCatalogue(_ path: String) throws -> [MaterialSpec] {
        let csv = try CSVFile(path: path)
        try TableLoader.expectHeader(csv, ["id", "name", "elements", "group", "basis"])
        var seen = Set<String>()
        return try csv.rows.dropFirst().map { (line, f) in
            guard f.count == 5 else { throw TableLoader.ragged(csv, line, f.count, 5) }
            guard seen.insert(f[0]).inserted else { throw InputError(file: path, line: line, field: "column id", "duplicate material '\(f[0])'") }
            guard MaterialSpec.groups.contains(f[3]) else {
                throw InputError(file: path, line: line, field: "column group", "unknown group '\(f[3])'; one of: \(MaterialSpec.groups.joined(separator: ", "))")
            }
            return MaterialSpec(id: f[0], name: f[1], elements: f[2], group: f[3], basis: f[4])
        }
    }

    static func loadOrigins(_ path: String, materials: Set<String>) throws -> [OriginShare] {
        let csv = try CSVFile(path: path)
        try TableLoader.expectHeader(csv, ["material", "destination", "origin", "share", "low", "high", "source"])
        var out: [OriginShare] = []
        for (line, f) in csv.rows.dropFirst() {
            guard f.count == 7 else { throw TableLoader.ragged(csv, line, f.count, 7) }
            guard materials.contains(f[0]) else { throw InputError(file: path, line: line, field: "column material", "unknown material '\(f[0])'") }
            var v: [Double] = []
            for (k, name) in ["share", "low", "high"].enumerated() {
                let x = try finiteNumber(f[3 + k], path, line, name)
                guard (0...1).contains(x) else { throw InputError(file: path, line: line, field: "column \(name)", "\(x) is not a share in [0, 1]") }
                v.append(x)
            }
            guard v[1] <= v[0] && v[0] <= v[2] else {
                throw InputError(file: path, line: line, field: "column share", "share \(v[0]) is outside its range [\(v[1]), \(v[2])]")
            }
            out.append(OriginShare(material: f[0], destination: f[1], origin: f[2], share: v[0], low: v[1], high: v[2], source: f[6]))
        }
        var sums: [String: Double] = [:]
        for o in out { sums["\(o.material)/\(o.destination)", default: 0] += o.share }
        for (k, s) in sums.sorted(by: { $0.key < $1.key }) where abs(s - 1) > 1e-6 {
            throw InputError(file: path, field: "material/destination \(k)", "origin shares sum to \(s), not 1")
        }
        return out
    }

    static func loadUses(_ path: String, materials: Set<String>, table: IOTable) throws -> [MaterialUse] {
        let csv = try CSVFile(path: path)
        try TableLoader.expectHeader(csv, ["material", "sector", "tonnes_per_year", "essentiality", "uses", "reason"])
        var seen = Set<String>()
        return try csv.rows.dropFirst().map { (line, f) in
            guard f.count == 6 else { throw TableLoader.ragged(csv, line, f.count, 6) }
            guard materials.contains(f[0]) else { throw InputError(file: path, line: line, field: "column material", "unknown material '\(f[0])'") }
            guard table.index(of: f[1]) != nil else {
                throw InputError(file: path, line: line, field: "column sector", "sector '\(f[1])' is not in table \(table.metadata.id)")
            }
            guard seen.insert("\(f[0])/\(f[1])").inserted else { throw InputError(file: path, line: line, "duplicate row for \(f[0]), \(f[1])") }
            let t = try finiteNumber(f[2], path, line, "tonnes_per_year")
            guard t >= 0 else { throw InputError(file: path, line: line, field: "column tonnes_per_year", "tonnes must be non-negative, found \(t)") }
            let e = try finiteNumber(f[3], path, line, "essentiality")
            guard (0...1).contains(e) else { throw InputError(file: path, line: line, field: "column essentiality", "\(e) is not in [0, 1]") }
            guard !f[5].trimmingCharacters(in: .whitespaces).isEmpty else {
                throw InputError(file: path, line: line, field: "column reason", "every rating needs its reason")
            }
            return MaterialUse(material: f[0], sector: f[1], tonnesPerYear: t, essentiality: e, uses: f[4], reason: f[5])
        }
    }

    static func loadEssentialInputs(_ path: String, table: IOTable) throws -> [EssentialInput] {
        let csv = try CSVFile(path: path)
        // The class column is optional: a file without it rates every listed pair critical.
        let withClass = csv.rows.first?.fields.count == 5
        try TableLoader.expectHeader(csv, withClass ? ["supplier", "buyer", "days", "class", "basis"]
                                                    : ["supplier", "buyer", "days", "basis"])
        let width = withClass ? 5 : 4
        return try csv.rows.dropFirst().map { (line, f) in
            guard f.count == width else { throw TableLoader.ragged(csv, line, f.count, width) }
            for (k, name) in [(0, "supplier"), (1, "buyer")] where table.index(of: f[k]) == nil {
                throw InputError(file: path, line: line, field: "column \(name)", "sector '\(f[k])' is not in table \(table.metadata.id)")
            }
            guard f[0] != f[1] else { throw InputError(file: path, line: line, field: "column buyer", "a sector cannot be its own essential supplier") }
            let d = try finiteNumber(f[2], path, line, "days")
            guard d >= 0 else { throw InputError(file: path, line: line, field: "column days", "days must be non-negative, found \(d)") }
            var cls = InputClass.critical
            if withClass {
                guard let c = InputClass(rawValue: f[3]) else {
                    throw InputError(file: path, line: line, field: "column class",
                                     "unknown class '\(f[3])'; one of: critical, important")
                }
                cls = c
            }
            return EssentialInput(supplier: f[0], buyer: f[1], days: d, basis: f[width - 1], inputClass: cls)
        }
    }
}
