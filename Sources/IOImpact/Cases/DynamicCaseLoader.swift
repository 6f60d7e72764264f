import Foundation

/// Reads `ioimpact-case/2` files strictly: an unknown key, a wrong type, a number out of its domain,
/// a path whose days go backwards or a horizon shorter than the cut is an error naming the file, the
/// line and the key. Field by field: docs/CASES.md.
public enum DynamicCaseLoader {
    static let topKeys = ["format", "id", "title", "description", "table", "satellite", "destination", "start",
                          "horizon_months", "step_days", "cut", "allied", "stockpile", "stocks", "substitution",
                          "allocation", "rationing", "inventories", "recovery", "employment", "gdp", "material", "published",
                          "parameters", "lever_cost", "lever_finance", "goods_cut"]
    /// The largest flow share: above 1 only after a hold, when held-back shipments arrive.
    public static let maxFlowShare = 3.0
    /// The most points of one path (`flow`, `ramp`): a weekly path over sixty months has about 260.
    public static let maxPathPoints = 100_000

    /// `applyParameters: false` reads the case's own fields and ignores its `parameters` file (the
    /// calibration sets the free fields itself).
    public static func parse(path: String, text: String, applyParameters: Bool = true) throws -> DynamicCase {
        try parse(TOMLReader(path: path, text: text), applyParameters: applyParameters)
    }

    public static func load(path: String, applyParameters: Bool = true) throws -> DynamicCase {
        try parse(TOMLReader(path: path), applyParameters: applyParameters)
    }

    /// The time-stepped reference cases: Tables/cases/<id>.toml.
    public static func casesDirectory() throws -> String { try ProjectLocator.tablesDirectory() + "/cases" }

    /// Ids of the time-stepped reference cases, sorted.
    public static func shippedIDs() throws -> [String] {
        let dir = try casesDirectory()
        return try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".toml") }
            .map { String($0.dropLast(5)) }.sorted()
    }



    /// The largest tonnage a case may state (a stockpile, a weekly release, a use): a billion tonnes,
    /// above any material's world output, so sums over weeks and materials stay finite.
    public static let maxTonnes = 1e9

    static func tonnes(_ s: TOMLSection, _ key: String) throws -> Double {
        let v = try CaseFields.nonNegative(s, key)
        guard v <= maxTonnes else {
            throw s.error(key, "\(NumberFormat.significant(v)) tonnes is above the limit of \(NumberFormat.significant(maxTonnes)) tonnes")
        }
        return v
    }


    /// Whether two cuts of one material reach a common destination: `nil` destinations are every
    /// region but the cut's origin (every region for 'ALL').
    static func reachOverlaps(_ o1: String, _ d1: [String]?, _ o2: String, _ d2: [String]?) -> Bool {
        switch (d1, d2) {
        case let (a?, b?): return !Set(a).isDisjoint(with: b)
        case let (a?, nil): return a.contains { $0 != o2 }
        case let (nil, b?): return b.contains { $0 != o1 }
        case (nil, nil): return true
        }
    }

    static func path(_ s: TOMLSection, _ key: String, low: Double, high: Double, what: String) throws -> PiecewisePath {
        let pts = try s.numberPairs(key)
        guard pts.count <= maxPathPoints else {
            throw s.error(key, "\(pts.count) points; the limit is \(maxPathPoints) points per path")
        }
        if let p = PiecewisePath.problem(pts) { throw s.error(key, p) }
        for (d, v) in pts {
            guard d >= 0 else { throw s.error(key, "day \(d) is before the start (day 0)") }
            guard d <= CaseFields.maxDays else {
                throw s.error(key, "day " + CaseFields.overDays(d))
            }
            guard v >= low && v <= high else {
                throw s.error(key, "\(what) \(v) on day \(NumberFormat.significant(d)) is outside [\(NumberFormat.significant(low)), \(NumberFormat.significant(high))]")
            }
        }
        return PiecewisePath(pts)
    }

    static func parse(_ reader: TOMLReader, applyParameters: Bool) throws -> DynamicCase {
        let root = TOMLSection(reader)
        try root.rejectUnknownKeys(topKeys)
        let format = try root.string("format")
        guard format == DynamicCase.formatVersion else {
            throw reader.error("format", in: [], "unsupported case format '\(format)'; this version reads '\(DynamicCase.formatVersion)' (and '\(SupplyCutCase.formatVersion)' for the static model)")
        }
        let startText = try root.dayText("start")
        guard let start = CivilDate(iso: startText) else { throw reader.error("start", in: [], "'\(startText)' is not a date YYYY-MM-DD") }
        let horizon = try root.int("horizon_months")
        guard (1...Timeline.maxHorizonMonths).contains(horizon) else {
            throw reader.error("horizon_months", in: [], "must be 1 to \(Timeline.maxHorizonMonths) months, found \(horizon)")
        }
        let step = root.has("step_days") ? try root.int("step_days") : 7
        guard (1...31).contains(step) else { throw reader.error("step_days", in: [], "must be 1 (daily) to 31 days, found \(step)") }
        let timeline = Timeline(start: start, stepDays: step, horizonMonths: horizon)

        var keyLines: [String: Int] = [:]
        func note(_ s: TOMLSection, _ key: String, as name: String) { if let l = s.line(key) { keyLines[name] = l } }
        var cuts: [FlowCut] = []
        for c in try (root.has("cut") || !root.has("goods_cut") ? root.sections("cut") : []) {
            note(c, "material", as: "cut[\(cuts.count)].material")
            note(c, "origin", as: "cut[\(cuts.count)].origin")
            try c.rejectUnknownKeys(["material", "origin", "flow", "flow_basis", "origin_share", "origin_share_basis", "destinations"])
            let flow = try path(c, "flow", low: 0, high: maxFlowShare, what: "flow share")
            if let end = flow.lastDayBelow(1), end > Double(timeline.horizonDays) {
                throw c.error("flow", end.isInfinite
                    ? "the flow never returns to 1 within the horizon; end it with a point [day, 1] before day \(timeline.horizonDays) or lengthen horizon_months"
                    : "the cut lasts to day \(NumberFormat.significant(end)), beyond the horizon (\(timeline.horizonDays) days); lengthen horizon_months")
            }
            let material = try c.string("material")
            let origin = try c.string("origin")
            if cuts.contains(where: { $0.material == material && $0.origin == origin }) {
                throw c.error("material", "material '\(material)' from '\(origin)' is cut twice")
            }
            let all = FlowCut.allOrigins
            var destinations: [String]? = nil
            if c.has("destinations") {
                let d = try c.stringArray("destinations")
                guard !d.isEmpty else { throw c.error("destinations", "an empty list of destinations cuts nothing; leave the key out to cut every region but the origin") }
                if d.contains(origin) { throw c.error("destinations", "the origin '\(origin)' cannot also be a destination of its own cut") }
                if let dup = d.first(where: { x in d.filter { $0 == x }.count > 1 }) { throw c.error("destinations", "region '\(dup)' is listed twice") }
                destinations = d
            }
            // 'ALL' already holds every origin: another cut of the same material reaching the same
            // destinations would count part of the flow twice.
            // Without destinations on either side the answer needs the table (on a national table 'ALL'
            // leaves the domestic origin, which may be cut by name): DynamicModel decides then.
            if let other = cuts.first(where: { $0.material == material && ($0.origin == all) != (origin == all)
                                               && ($0.destinations != nil || destinations != nil)
                                               && reachOverlaps($0.origin, $0.destinations, origin, destinations) }) {
                throw c.error("origin", "material '\(material)' is cut from '\(other.origin)' and from '\(origin)' "
                    + "for the same destinations; 'ALL' already cuts every origin: keep one of the two cuts, "
                    + "or give them separate destinations")
            }
            cuts.append(FlowCut(material: material, origin: origin, flow: flow, flowBasis: try CaseFields.basis(c, "flow_basis", required: true),
                                originShare: c.has("origin_share") ? try CaseFields.share(c, "origin_share") : nil,
                                originShareBasis: try CaseFields.basis(c, "origin_share_basis", required: c.has("origin_share")),
                                destinations: destinations, line: c.line("destinations")))
        }
        let goodsCuts = try GoodsCutLoader.parse(root, timeline: timeline)
        guard !cuts.isEmpty || !goodsCuts.isEmpty else { throw root.missing("cut") }

        var allied: [AlliedRamp] = []
        if root.has("allied") {
            for a in try root.sections("allied") {
                note(a, "material", as: "allied[\(allied.count)].material")
                try a.rejectUnknownKeys(["material", "ramp", "basis", "producer", "partners", "sharing", "shares"])
                var r = AlliedRamp(material: try a.string("material"),
                                   ramp: try path(a, "ramp", low: 0, high: maxTonnes, what: "tonnes per year"),
                                   basis: try CaseFields.basis(a, "basis", required: true))
                r.producer = try a.optionalString("producer")
                r.lines = ["producer": a.line("producer"), "partners": a.line("partners"), "shares": a.line("shares")].compactMapValues { $0 }
                if a.has("partners") {
                    let p = try a.stringArray("partners")
                    guard !p.isEmpty else { throw a.error("partners", "an empty list of partners receives nothing") }
                    r.partners = p
                }
                if let name = try a.optionalString("sharing") {
                    guard let rule = AlliedSharing(rawValue: name) else {
                        throw a.error("sharing", "must be one of \(AlliedSharing.allCases.map(\.rawValue).joined(separator: ", ")), found '\(name)'")
                    }
                    r.sharing = rule
                }
                if r.sharing == .homeFirst && r.producer == nil { throw a.error("sharing", "'home-first' needs the producer's region in 'producer'") }
                if a.has("shares") {
                    r.shares = try a.numberMap("shares")
                    for (k, v) in r.shares where !(0...1).contains(v) { throw a.error("shares", "'\(k)' = \(v) is not a share in [0, 1]") }
                    let sum = r.shares.values.reduce(0, +)
                    guard abs(sum - 1) < 1e-6 else { throw a.error("shares", "treaty shares sum to \(sum), not 1") }
                }
                if r.sharing == .treaty && r.shares.isEmpty { throw a.error("sharing", "'treaty' needs its shares, e.g. shares = { JPN = 0.5, USA = 0.5 }") }
                if r.sharing != .treaty && !r.shares.isEmpty { throw a.error("shares", "shares apply only with sharing = \"treaty\"") }
                allied.append(r)
            }
        }
        var stockpiles: [StockpileRule] = []
        if root.has("stockpile") {
            for s in try root.sections("stockpile") {
                note(s, "material", as: "stockpile[\(stockpiles.count)].material")
                note(s, "users", as: "stockpile[\(stockpiles.count)].users")
                try s.rejectUnknownKeys(["material", "tonnes", "start_day", "max_tonnes_per_week", "users", "basis", "regions"])
                var rule = StockpileRule(material: try s.string("material"), tonnes: try tonnes(s, "tonnes"),
                                         startDay: try CaseFields.days(s, "start_day", default: 0),
                                         maxTonnesPerWeek: try tonnes(s, "max_tonnes_per_week"),
                                         users: s.has("users") ? try s.stringArray("users") : [],
                                         basis: try CaseFields.basis(s, "basis", required: true))
                if s.has("regions") {
                    let r = try s.stringArray("regions")
                    guard !r.isEmpty else { throw s.error("regions", "an empty list of regions draws nothing") }
                    rule.regions = r
                    rule.line = s.line("regions")
                }
                // Without `regions` a stockpile serves every region using the material: two of the
                // same material for the same regions would leave one of them unused.
                if stockpiles.contains(where: { p in
                    guard p.material == rule.material else { return false }
                    guard let a = p.regions, let b = rule.regions else { return true }
                    return !Set(a).isDisjoint(with: b)
                }) {
                    throw s.error("material", "a second [[stockpile]] of '\(rule.material)' for the same regions; "
                        + "one stockpile per material (add the tonnes together, "
                        + "or give each its own 'regions' on a world table)")
                }
                stockpiles.append(rule)
            }
        }

        let stocks = try root.optionalSection("stocks")
        try stocks?.rejectUnknownKeys(["days", "basis", "by_material"])
        var stockByMaterial: [String: Double] = [:]
        if let s = stocks, s.has("by_material") {
            stockByMaterial = try s.numberMap("by_material")
            for k in stockByMaterial.keys { keyLines["stocks.by_material.\(k)"] = reader.line(of: k, in: ["stocks", "by_material"]) }
            for (k, v) in stockByMaterial.sorted(by: { $0.key < $1.key }) where v < 0 || v > CaseFields.maxDays {
                throw reader.error(k, in: ["stocks", "by_material"],
                                   v < 0 ? "days must be non-negative, found \(v)" : CaseFields.overDays(v))
            }
        }
        let subst = try root.optionalSection("substitution")
        try subst?.rejectUnknownKeys(["ceiling", "days", "basis", "ceiling_by_material"])
        var ceilingByMaterial: [String: Double] = [:]
        if let s = subst, s.has("ceiling_by_material") {
            ceilingByMaterial = try s.numberMap("ceiling_by_material")
            for k in ceilingByMaterial.keys { keyLines["substitution.ceiling_by_material.\(k)"] = reader.line(of: k, in: ["substitution", "ceiling_by_material"]) }
            for (k, v) in ceilingByMaterial where !(0...1).contains(v) {
                throw reader.error(k, in: ["substitution", "ceiling_by_material"], "\(v) is not a share in [0, 1]")
            }
        }
        let substDays = try subst.map { try CaseFields.days($0, "days", default: 180, positive: true) } ?? 180

        let alloc = try root.optionalSection("allocation")
        try alloc?.rejectUnknownKeys(["rule", "priority_sectors"])
        if let a = alloc { note(a, "priority_sectors", as: "allocation.priority_sectors") }
        let allocName = try alloc?.optionalString("rule") ?? "proportional"
        guard let allocation = AllocationRule(rawValue: allocName) else {
            throw reader.error("rule", in: ["allocation"], "must be 'proportional' or 'priority', found '\(allocName)'")
        }
        let ration = try root.optionalSection("rationing")
        try ration?.rejectUnknownKeys(["rule"])
        let rationName = try ration?.optionalString("rule") ?? "proportional"
        guard let rationing = RationingRule(rawValue: rationName) else {
            throw reader.error("rule", in: ["rationing"], "must be 'proportional' or 'industry-first', found '\(rationName)'")
        }
        let inv = try root.optionalSection("inventories")
        try inv?.rejectUnknownKeys(["days", "days_basis", "restock_days", "theta"])
        let rec = try root.optionalSection("recovery")
        try rec?.rejectUnknownKeys(["backlog", "backlog_days", "max_extra",
                                    "export_lost_share", "export_lost_basis", "basis"])
        let backlogDays = try rec.map { try CaseFields.days($0, "backlog_days", default: 90, positive: true) } ?? 90
        let emp = try root.optionalSection("employment")
        try emp?.rejectUnknownKeys(["elasticity", "elasticity_basis", "hiring_days", "firing_days", "adjustment_basis"])

        let gdpBase = try CaseFields.gdpBase(root)

        // User-defined materials: the catalogue extended in the case file.
        var userMaterials: [MaterialSpec] = []
        var userOrigins: [OriginShare] = []
        var userUses: [MaterialUse] = []
        let destination = try root.optionalString("destination") ?? ""
        if root.has("material") {
            for m in try root.sections("material") {
                try m.rejectUnknownKeys(["id", "name", "elements", "group", "basis", "origins", "origins_basis", "use"])
                let id = try m.string("id")
                note(m, "id", as: "material[\(userMaterials.count)].id")
                let group = try m.string("group")
                guard MaterialSpec.groups.contains(group) else {
                    throw m.error("group", "unknown group '\(group)'; one of: \(MaterialSpec.groups.joined(separator: ", "))")
                }
                userMaterials.append(MaterialSpec(id: id, name: try m.string("name"), elements: try m.optionalString("elements") ?? "",
                                                  group: group, basis: try CaseFields.basis(m, "basis", required: true)))
                let shares = try m.numberMap("origins")
                let src = try CaseFields.basis(m, "origins_basis", required: true)
                var sum = 0.0
                for (o, v) in shares.sorted(by: { $0.key < $1.key }) {
                    guard (0...1).contains(v) else { throw reader.error(o, in: ["material", "origins"], occurrences: m.occurrences + [nil], "\(v) is not a share in [0, 1]") }
                    sum += v
                    userOrigins.append(OriginShare(material: id, destination: destination, origin: o, share: v, low: v, high: v, source: src))
                }
                guard abs(sum - 1) < 1e-6 else { throw m.error("origins", "origin shares of '\(id)' sum to \(sum), not 1") }
                for u in try m.sections("use") {
                    try u.rejectUnknownKeys(["sector", "tonnes_per_year", "essentiality", "reason"])
                    note(u, "sector", as: "material.use[\(userUses.count)].sector")
                    userUses.append(MaterialUse(material: id, sector: try u.string("sector"),
                                                tonnesPerYear: try tonnes(u, "tonnes_per_year"),
                                                essentiality: try CaseFields.share(u, "essentiality"), uses: "case file",
                                                reason: try CaseFields.basis(u, "reason", required: true)))
                }
            }
        }

        let published = try CaseFields.published(root)

        let table = try root.string("table")
        note(root, "table", as: "table")
        note(root, "destination", as: "destination")
        let bytes = Array(reader.lines.joined(separator: "\n").utf8)
        let inputDays = try inv.flatMap { s in s.has("days") ? try CaseFields.days(s, "days") : nil }
        var c = DynamicCase(
            id: try CaseFields.caseID(root), title: try CaseFields.title(root),
            description: try root.optionalString("description") ?? "",
            path: reader.path, checksum: SHA256.hex(bytes), table: table,
            satellite: try root.optionalString("satellite") ?? table, destination: destination,
            start: start, stepDays: step, horizonMonths: horizon,
            cuts: cuts, allied: allied, stockpiles: stockpiles,
            stockDays: try stocks.map { try CaseFields.days($0, "days", default: 0) } ?? 0,
            stockDaysByMaterial: stockByMaterial,
            stockBasis: try stocks.map { try CaseFields.basis($0, "basis", required: true) } ?? "",
            substitutionCeiling: try subst.map { try CaseFields.share($0, "ceiling", default: 0) } ?? 0,
            substitutionCeilingByMaterial: ceilingByMaterial, substitutionDays: substDays,
            substitutionBasis: try subst.map { try CaseFields.basis($0, "basis", required: true) } ?? "",
            allocation: allocation, prioritySectors: try alloc.flatMap { $0.has("priority_sectors") ? try $0.stringArray("priority_sectors") : nil } ?? [],
            rationing: rationing,
            inputDays: inputDays, inputDaysBasis: try inv.map { try CaseFields.basis($0, "days_basis", required: inputDays != nil) } ?? "",
            restockDays: try inv.map { try CaseFields.days($0, "restock_days", default: 30) } ?? 30,
            theta: try inv.map { try CaseFields.share($0, "theta", default: 0) } ?? 0,
            backlogDays: backlogDays,
            maxExtra: try rec.map { try CaseFields.share($0, "max_extra", default: 0.1) } ?? 0.1,
            recoveryBasis: try rec.map { try CaseFields.basis($0, "basis", required: true) } ?? "",
            backlogEnabled: try rec.map { $0.has("backlog") ? try $0.bool("backlog") : true } ?? true,
            employmentElasticity: try emp.map { try CaseFields.share($0, "elasticity", default: 0.5) } ?? 0.5,
            employmentElasticityBasis: try emp.map { try CaseFields.basis($0, "elasticity_basis", required: true) } ?? "ASSUMPTION: default η = 0.5 (docs/CASES.md)",
            gdpBase: gdpBase, userMaterials: userMaterials, userOrigins: userOrigins, userUses: userUses, published: published)
        if let l = reader.line(of: "value", in: ["gdp"]) { keyLines["gdp.value"] = l }
        c.keyLines = keyLines
        c.goodsCuts = goodsCuts
        if let emp, emp.has("hiring_days") || emp.has("firing_days") {
            c.hiringDays = try CaseFields.days(emp, "hiring_days", default: Headcount.defaultHiringDays)
            c.firingDays = emp.has("firing_days") ? try CaseFields.days(emp, "firing_days") : nil
            c.adjustmentBasis = try CaseFields.basis(emp, "adjustment_basis", required: true)
        }
        c.leverCosts = try LeverCostFields.overrides(root)
        c.leverFinance = try LeverCostFields.finance(root)
        c.exportLostShare = try rec.map { try CaseFields.share($0, "export_lost_share", default: 0) } ?? 0
        c.exportLostBasis = try rec.map {
            try CaseFields.basis($0, "export_lost_basis", required: $0.has("export_lost_share"))
        } ?? ""
        // A shared parameter file (`ioimpact-parameters/2`): its values replace the case's fields.
        if let p = try root.optionalString("parameters") {
            c.parametersEntry = p
            // Resolved (and looked for) only when applied: a caller reading the case's own values, as the
            // workbench does for an upload, touches no file the case names.
            guard applyParameters else { return c }
            var full = p.hasPrefix("/") ? p : URL(fileURLWithPath: reader.path).deletingLastPathComponent().appendingPathComponent(p).standardizedFileURL.path
            // A reference case copied out of Tables/cases keeps its relative path: resolve it against
            // the shipped cases folder when it does not resolve beside the copy.
            if !FileManager.default.fileExists(atPath: full), !p.hasPrefix("/"), let shipped = try? casesDirectory() {
                let alt = URL(fileURLWithPath: shipped).appendingPathComponent(p).standardizedFileURL.path
                if FileManager.default.fileExists(atPath: alt) { full = alt }
            }
            guard FileManager.default.fileExists(atPath: full) else {
                throw reader.error("parameters", in: [],
                                   "parameter file '\(p)' not found (\(full)); run `make run` or `ioimpact calibrate`")
            }
            try ParameterProfile.load(path: full).apply(to: &c, path: full)
        }
        return c
    }
}
