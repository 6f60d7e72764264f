import Foundation

/// How a cut propagates through the inter-industry structure (../shared/design/MODEL.md,
/// "Propagation with bottlenecks").
public enum PropagationMethod: String, Sendable, CaseIterable {
    /// Upstream only: the greatest x with x = min(x̄, A·x + f⁰), by an active set on LAPACK solves.
    case mixed
    /// Short suppliers serve industrial customers first, proportionally; final demand gets the rest.
    case industryFirst = "industry-first"
    /// Industry-first with every input binding (θ = 0, the diagonal excluded).
    case strict
    /// Buyers of a short supplier lose the same share, k rounds downstream, then the mixed model.
    case proportional
    /// Supply-driven Ghosh model (comparison only: no bottlenecks, buyers may substitute any input).
    case ghosh
    /// Hypothetical extraction of a supplying sector (an upper bound on its importance, not a forecast).
    case extraction

    /// The methods whose results form the bracket of a run. Strict Leontief is reported beside them as
    /// a limiting case, not inside the bracket: with every input binding, however small its coefficient,
    /// one sector stopped completely stops every sector that buys anything from it, and the economy
    /// collapses (a 100% loss whenever a cap reaches the whole output of a sector).
    public static let bracketMethods: [PropagationMethod] = [.mixed, .industryFirst, .proportional]
}

public enum EmploymentConvention: String, Sendable {
    /// Persons lost = Σ_j e_j/x_j · Δx_j (the table's employment coefficients).
    case coefficients
    /// Employment falls by the same percentage as GDP (a convention some published estimates use).
    case proRataValueAdded = "pro-rata-value-added"
}

public enum CombineRule: String, Sendable {
    /// Several materials combine by the scarcest one: share at risk = max_m.
    case max
    /// Independent shortfalls: 1 − Π_m (1 − share_m).
    case product
}

/// One material cut in a case: s_m = c_m · k_m · (1 − r_m) · max(0, T − S_m) / T.
public struct MaterialCut: Sendable, Equatable {
    public var material: String
    /// c_m: share of supply that comes from the cut origin.
    public var originShare: Double
    public var originBasis: String
    /// k_m: 1 = full stop.
    public var severity: Double
    public var severityBasis: String
    /// r_m: share of the lost supply replaced by other origins within the period.
    public var replacementShare: Double
    public var replacementBasis: String
    /// S_m: days of use covered by usable stocks (company inventories and national stockpiles).
    public var stockDays: Double
    public var stockBasis: String
    /// A multiplier on κ for this material (1 unless a calibration profile fits it per group).
    public var scale: Double = 1
}

public struct PublishedEstimate: Sendable, Equatable {
    public enum Quantity: String, Sendable, CaseIterable {
        case gdpLossPercent = "gdp_loss_percent"
        case gdpLoss = "gdp_loss"
        case employmentLoss = "employment_loss"
        case employmentLossPercent = "employment_loss_percent"
    }
    public var source: String
    public var quantity: Quantity
    public var value: Double
    public var unit: String
    public var note: String
}

public enum GDPBase: Sendable, Equatable {
    /// Total gross value added of the table.
    case table
    /// A national-accounts GDP the case names, in the table's unit.
    case stated(value: Double, source: String)

    /// The widest ratio between a stated GDP and the table's value added: a stated GDP is the same
    /// economy's, in the same unit, so a factor beyond ten is a unit or typing error.
    public static let maxStatedRatio = 10.0

    /// Refuses a stated GDP more than `maxStatedRatio` times above or below the table's value added.
    static func checkStated(_ v: Double, against table: IOTable, file: String, line: Int?) throws {
        let va = table.gdp
        guard va > 0, v < va / maxStatedRatio || v > va * maxStatedRatio else { return }
        throw InputError(file: file, line: line, field: "key 'gdp.value'",
                         "\(NumberFormat.significant(v)) is not within a factor \(Int(maxStatedRatio)) of table "
                         + "\(table.metadata.id)'s value added (\(NumberFormat.significant(va, 4)) "
                         + "\(table.metadata.unit) per year); a stated GDP is in the table's unit")
    }
}

/// A supply-cut case: what is cut, for how long, how it propagates, and what to compare with.
public struct SupplyCutCase: Sendable {
    public static let formatVersion = "ioimpact-case/1"

    public var id: String
    public var title: String
    public var description: String
    public var path: String
    public var checksum: String
    /// A shipped table id or a path (relative paths are resolved against the case file's folder).
    public var table: String
    public var dependence: String
    public var durationDays: Double
    public var method: PropagationMethod
    public var kappa: Double
    public var kappaBasis: String
    public var theta: Double
    public var thetaBasis: String
    public var combine: CombineRule
    public var rounds: Int
    public var essentialInputs: [String: [String]]
    public var extractionSector: String?
    public var employmentConvention: EmploymentConvention
    public var gdpBase: GDPBase
    public var materials: [MaterialCut]
    public var published: [PublishedEstimate]
    /// The calibrated parameter file the case references, if any, and whether its values were applied.
    public var parametersFile: String?
    public var parametersProfile: String?
    /// The line of `[gdp] value` in the case file, for the check against the table.
    public var gdpValueLine: Int? = nil

    /// Shortfall of material m as a share of the period's supply.
    public func shortfall(_ m: MaterialCut) -> Double {
        let t = durationDays
        return m.originShare * m.severity * (1 - m.replacementShare) * max(0, t - m.stockDays) / t
    }
}

/// Reads case files strictly: an unknown or misspelt key, a wrong type or a missing field is an
/// error naming the file, the line and the key.
public enum CaseLoader {
    static let topKeys = ["format", "id", "title", "description", "table", "dependence", "duration_days", "parameters",
                          "model", "employment", "gdp", "material", "published"]
    static let modelKeys = ["method", "kappa", "kappa_basis", "theta", "theta_basis", "combine", "rounds", "essential_inputs",
                            "extraction_sector"]
    static let materialKeys = ["id", "origin_share", "origin_basis", "severity", "severity_basis", "replacement_share",
                               "replacement_basis", "stock_days", "stock_basis", "scale", "scale_basis"]
    /// The most rounds of proportional rationing a case may ask for.
    public static let maxRounds = 10_000

    /// The static model's reference cases (format 1) live in Tables/cases/static; the time-stepped
    /// reference cases (format 2) in Tables/cases.
    public static func casesDirectory() throws -> String { try ProjectLocator.tablesDirectory() + "/cases/static" }

    /// Ids of the shipped reference cases (Tables/cases/<id>.toml), sorted.
    public static func shippedIDs() throws -> [String] {
        let dir = try casesDirectory()
        return try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".toml") }
            .map { String($0.dropLast(5)) }.sorted()
    }

    /// Loads a case by reference-case id or by path.
    public static func load(_ idOrPath: String) throws -> SupplyCutCase {
        if idOrPath.hasSuffix(".toml") || idOrPath.contains("/") { return try load(path: idOrPath) }
        let path = try casesDirectory() + "/" + idOrPath + ".toml"
        guard FileManager.default.fileExists(atPath: path) else {
            let ids = (try? shippedIDs()) ?? []
            throw InputError(file: idOrPath, "unknown case: not a reference case id nor a .toml path; reference cases: \(ids.joined(separator: ", "))")
        }
        return try load(path: path)
    }

    public static func load(path: String) throws -> SupplyCutCase {
        let reader = try TOMLReader(path: path)
        return try parse(reader)
    }

    public static func parse(path: String, text: String) throws -> SupplyCutCase {
        try parse(TOMLReader(path: path, text: text))
    }




    static func parse(_ reader: TOMLReader) throws -> SupplyCutCase {
        let root = TOMLSection(reader)
        try root.rejectUnknownKeys(topKeys)
        let format = try root.string("format")
        guard format == SupplyCutCase.formatVersion else {
            throw reader.error("format", in: [], "unsupported case format '\(format)'; this version reads '\(SupplyCutCase.formatVersion)'")
        }
        let duration = try CaseFields.days(root, "duration_days", positive: true)

        let model = try root.section("model")
        try model.rejectUnknownKeys(modelKeys)
        let methodName = try model.string("method")
        guard let method = PropagationMethod(rawValue: methodName) else {
            throw reader.error("method", in: ["model"], "unknown method '\(methodName)'; one of: \(PropagationMethod.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let parametersFile = try root.optionalString("parameters")
        let kappa = model.has("kappa") ? try model.double("kappa") : (parametersFile != nil ? Double.nan : try model.double("kappa"))
        if kappa.isFinite && kappa < 0 { throw reader.error("kappa", in: ["model"], "must be non-negative, found \(kappa)") }
        let theta = try CaseFields.share(model, "theta", default: 0.05)
        let combineName = model.has("combine") ? try model.string("combine") : "max"
        guard let combine = CombineRule(rawValue: combineName) else {
            throw reader.error("combine", in: ["model"], "must be 'max' or 'product', found '\(combineName)'")
        }
        let rounds = model.has("rounds") ? try model.int("rounds") : 1
        guard (1...maxRounds).contains(rounds) else {
            throw reader.error("rounds", in: ["model"], "must be 1 to \(maxRounds), found \(rounds) (rationing settles within as many rounds as the table has sectors)")
        }
        var essential: [String: [String]] = [:]
        if let e = try model.optionalSection("essential_inputs") {
            for k in e.keys { essential[k] = try e.stringArray(k) }
        }

        var convention = EmploymentConvention.coefficients
        if let e = try root.optionalSection("employment") {
            try e.rejectUnknownKeys(["convention"])
            let name = try e.string("convention")
            guard let c = EmploymentConvention(rawValue: name) else {
                throw reader.error("convention", in: ["employment"], "must be 'coefficients' or 'pro-rata-value-added', found '\(name)'")
            }
            convention = c
        }
        let gdpBase = try CaseFields.gdpBase(root)

        var materials: [MaterialCut] = []
        for m in try root.sections("material") {
            try m.rejectUnknownKeys(materialKeys)
            let stock = try CaseFields.days(m, "stock_days", default: 0)
            let id = try m.string("id")
            if materials.contains(where: { $0.material == id }) {
                throw m.error("id", "material '\(id)' is cut twice")
            }
            materials.append(MaterialCut(
                material: id,
                originShare: try CaseFields.share(m, "origin_share"), originBasis: try CaseFields.basis(m, "origin_basis", required: true),
                severity: try CaseFields.share(m, "severity", default: 1), severityBasis: try CaseFields.basis(m, "severity_basis", required: m.has("severity")),
                replacementShare: try CaseFields.share(m, "replacement_share", default: 0),
                replacementBasis: try CaseFields.basis(m, "replacement_basis", required: m.has("replacement_share")),
                stockDays: stock, stockBasis: try CaseFields.basis(m, "stock_basis", required: m.has("stock_days")),
                scale: try CaseFields.nonNegative(m, "scale", default: 1)))
            _ = try CaseFields.basis(m, "scale_basis", required: m.has("scale"))
        }
        guard !materials.isEmpty else { throw root.missing("material") }

        let published = try CaseFields.published(root)
        let table = try root.string("table")
        let bytes = Array(reader.lines.joined(separator: "\n").utf8)
        var c = SupplyCutCase(
            id: try CaseFields.caseID(root), title: try CaseFields.title(root),
            description: (try root.optionalString("description")) ?? "",
            path: reader.path, checksum: SHA256.hex(bytes), table: table,
            dependence: (try root.optionalString("dependence")) ?? table, durationDays: duration, method: method,
            kappa: kappa, kappaBasis: model.has("kappa") ? try CaseFields.basis(model, "kappa_basis", required: true) : "",
            theta: theta, thetaBasis: try CaseFields.basis(model, "theta_basis", required: model.has("theta")),
            combine: combine, rounds: rounds, essentialInputs: essential,
            extractionSector: try model.optionalString("extraction_sector"),
            employmentConvention: convention, gdpBase: gdpBase, materials: materials, published: published,
            parametersFile: parametersFile, parametersProfile: nil)
        c.gdpValueLine = reader.line(of: "value", in: ["gdp"])
        if let file = parametersFile {
            let full = file.hasPrefix("/") ? file : URL(fileURLWithPath: reader.path).deletingLastPathComponent().appendingPathComponent(file).standardizedFileURL.path
            guard FileManager.default.fileExists(atPath: full) else {
                throw InputError(file: reader.path, line: reader.line(of: "parameters", in: []), field: "key 'parameters'",
                                 "names '\(file)', which does not exist (run `ioimpact calibrate` to write it)")
            }
            try ParameterFile.load(path: full).apply(to: &c)
            c.parametersFile = full
        }
        return c
    }
}

/// Fitted parameters written by `ioimpact calibrate`, read by the cases that reference them.
public struct ParameterFile: Sendable, Equatable {
    public static let formatVersion = "ioimpact-parameters/1"
    public var profile: String
    public var values: [(String, Double)]
    public var fittedBy: String
    public var note: String
    /// Parameters the profile did not fit but holds at another profile's values, and that file.
    public var heldFixed: [String] = []
    public var heldFrom: String = ""

    public static func == (a: ParameterFile, b: ParameterFile) -> Bool {
        a.profile == b.profile && a.values.map(\.0) == b.values.map(\.0) && a.values.map(\.1) == b.values.map(\.1)
    }

    /// Parameters a file may set: model.kappa, model.theta, and per material origin_share, severity,
    /// replacement_share, stock_days or scale (a multiplier on κ) as `<selector>.<field>`, where the
    /// selector is a material id, a material group (`rare_earth`, `critical_mineral`) or `all`.
    public static let modelParameters = ["kappa", "theta"]
    public static let materialFields = ["origin_share", "severity", "replacement_share", "stock_days", "scale"]

    /// The values a parameter may take: shares in [0, 1], θ in [0, 1], κ, scale and stock days non-negative.
    public static func domain(_ name: String) -> ClosedRange<Double> {
        let field = name.split(separator: ".").last.map(String.init) ?? name
        switch field {
        case "origin_share", "severity", "replacement_share", "theta": return 0...1
        default: return 0...Double.greatestFiniteMagnitude
        }
    }

    /// "must be in [0, 1]" or "must be non-negative".
    public static func domainText(_ name: String) -> String {
        let d = domain(name)
        return d.upperBound == 1 ? "must be in [0, 1]" : "must be non-negative"
    }

    public static func load(path: String) throws -> ParameterFile {
        let reader = try TOMLReader(path: path)
        let root = TOMLSection(reader)
        try root.rejectUnknownKeys(["format", "profile", "fitted_by", "note", "held_fixed", "held_from", "parameters"])
        let format = try root.string("format")
        guard format == formatVersion else { throw reader.error("format", in: [], "unsupported format '\(format)'; this version reads '\(formatVersion)'") }
        let p = try root.section("parameters")
        var values: [(String, Double)] = []
        for k in p.keys.sorted() {
            if !modelParameters.contains(k) {
                let parts = k.split(separator: ".")
                guard parts.count == 2, materialFields.contains(String(parts[1])) else {
                    throw reader.error(k, in: ["parameters"], "unknown parameter; allowed: \(modelParameters.joined(separator: ", ")), or <material>.<\(materialFields.joined(separator: "|"))>")
                }
            }
            let v = try p.double(k)
            guard domain(k).contains(v) else { throw reader.error(k, in: ["parameters"], "\(domainText(k)), found \(v)") }
            values.append((k, v))
        }
        return ParameterFile(profile: try root.string("profile"), values: values, fittedBy: (try root.optionalString("fitted_by")) ?? "",
                             note: (try root.optionalString("note")) ?? "",
                             heldFixed: root.has("held_fixed") ? try root.stringArray("held_fixed") : [],
                             heldFrom: (try root.optionalString("held_from")) ?? "")
    }

    public func apply(to c: inout SupplyCutCase) throws {
        // A profile is shared by several cases: a parameter for materials a case does not cut is skipped.
        for (k, v) in values { try ParameterFile.set(k, v, in: &c, strict: false) }
        c.parametersProfile = profile
        let fitted = "fitted in calibration profile '\(profile)'" + (fittedBy.isEmpty ? "" : " (\(fittedBy))")
        let held = "held by calibration profile '\(profile)' at the value fitted in \(heldFrom)"
        for name in ["kappa", "theta"] where values.contains(where: { $0.0 == name }) {
            let basis = heldFixed.contains(name) ? held : fitted
            if name == "kappa" { c.kappaBasis = basis } else { c.thetaBasis = basis }
        }
    }

    /// Sets one named parameter on a case (the calibration's free parameters use the same names).
    public static func set(_ name: String, _ v: Double, in c: inout SupplyCutCase, strict: Bool = true) throws {
        switch name {
        case "kappa": c.kappa = v
        case "theta": c.theta = v
        default:
            let parts = name.split(separator: ".").map(String.init)
            guard parts.count == 2, materialFields.contains(parts[1]) else {
                throw InputError(file: c.path, field: name, "unknown parameter")
            }
            // "all" applies to every material of the case; a group name to the case's materials in that group.
            var targets = c.materials.indices.filter { parts[0] == "all" || c.materials[$0].material == parts[0] }
            if targets.isEmpty && MaterialCatalog.groups.contains(parts[0]) {
                let catalog = (try? MaterialCatalog.shipped()) ?? []
                let groupOf = Dictionary(catalog.map { ($0.id, $0.group) }, uniquingKeysWith: { a, _ in a })
                targets = c.materials.indices.filter { groupOf[c.materials[$0].material] == parts[0] }
            }
            guard !targets.isEmpty else {
                if !strict { return }
                throw InputError(file: c.path, field: name, "case \(c.id) cuts no material '\(parts[0])'")
            }
            for i in targets {
                switch parts[1] {
                case "origin_share": c.materials[i].originShare = v
                case "severity": c.materials[i].severity = v
                case "replacement_share": c.materials[i].replacementShare = v
                case "scale": c.materials[i].scale = v
                default: c.materials[i].stockDays = v
                }
            }
        }
    }

    public func render() -> String {
        var s = "format = \"\(ParameterFile.formatVersion)\"\nprofile = \(JSON.quote(profile))\n"
        if !fittedBy.isEmpty { s += "fitted_by = \(JSON.quote(fittedBy))\n" }
        if !note.isEmpty { s += "note = \(JSON.quote(note))\n" }
        if !heldFixed.isEmpty {
            s += "held_fixed = [" + heldFixed.map { JSON.quote($0) }.joined(separator: ", ") + "]\n"
            s += "held_from = \(JSON.quote(heldFrom))\n"
        }
        s += "\n[parameters]\n"
        // Ten significant digits: far inside every fitted range, and the same file whatever CPU kernel
        // OpenBLAS picks (the last bits of a fit may differ between machines).
        for (k, v) in values { s += "\(k.contains(".") ? JSON.quote(k) : k) = \(NumberFormat.significant(v, 10))\n" }
        return s
    }
}
