import Foundation

/// What `ioimpact cases` and `ioimpact materials` print: what is in the shipped cases and material
/// satellites, so that an analyst sizing a stockpile need not read the CSV files. Pure.
public enum CatalogueViews {
    /// One line per time-stepped reference case.
    public static func cases(_ cs: [DynamicCase], format: OutputFormat) -> String {
        let rows = cs.map { c -> [String] in
            [c.id, c.table, c.start.description, String(c.horizonMonths), String(c.stepDays),
             (c.cuts.map { "\($0.material) from \($0.origin)" }
                + c.goodsCuts.map { "good \($0.good) from \($0.origin)" }).joined(separator: "; "), c.title]
        }
        if format == .json {
            return JSON.array(cs.map { c in
                .object([("id", .string(c.id)), ("table", .string(c.table)), ("start", .string(c.start.description)),
                         ("horizon_months", .number(Double(c.horizonMonths))),
                         ("step_days", .number(Double(c.stepDays))),
                         ("cuts", .array(c.cuts.map {
                             .object([("material", .string($0.material)), ("origin", .string($0.origin))])
                         } + c.goodsCuts.map {
                             .object([("good", .string($0.good)), ("origin", .string($0.origin))])
                         })),
                         ("title", .string(c.title))])
            }).render() + "\n"
        }
        return TextTable(header: ["id", "table", "start", "horizon (months)", "step (days)", "cuts", "title"],
                         rows: rows, rightAligned: [3, 4]).render(format)
    }

    /// The materials a table's satellite uses: group, national tonnes a year, users, origin shares.
    public static func materials(_ sat: MaterialSatellite, table: IOTable, format: OutputFormat) -> String {
        let dest = table.regions.isEmpty ? table.metadata.country : nil
        let used = sat.materials.filter { m in sat.uses.contains { $0.material == m.id && $0.tonnesPerYear > 0 } }
        func tonnes(_ id: String) -> Double { sat.uses.filter { $0.material == id }.map(\.tonnesPerYear).reduce(0, +) }
        func users(_ id: String) -> Int { sat.uses.filter { $0.material == id && $0.tonnesPerYear > 0 }.count }
        func origins(_ id: String) -> [OriginShare] {
            sat.origins.filter { $0.material == id && (dest == nil || $0.destination == dest) }
                .sorted { $0.share != $1.share ? $0.share > $1.share : $0.origin < $1.origin }
        }
        if format == .json {
            return JSON.array(used.map { m in
                .object([("id", .string(m.id)), ("name", .string(m.name)), ("group", .string(m.group)),
                         ("tonnes_per_year", .number(tonnes(m.id))), ("users", .number(Double(users(m.id)))),
                         ("origins", .array(origins(m.id).map { o in
                             .object([("destination", .string(o.destination)), ("origin", .string(o.origin)),
                                      ("share", .number(o.share)), ("low", .number(o.low)), ("high", .number(o.high))])
                         }))])
            }).render() + "\n"
        }
        let rows = used.map { m -> [String] in
            let os = origins(m.id).prefix(4).map { "\($0.origin) \(NumberFormat.fixed(100 * $0.share, 0))%" }
                .joined(separator: ", ")
            return [m.id, m.group, NumberFormat.grouped(tonnes(m.id)), String(users(m.id)),
                    dest == nil ? "by region (--format json)" : os, m.name]
        }
        return TextTable(header: ["id", "group", "tonnes a year", "using sectors", "origins (\(dest ?? "per region"))",
                                  "name"],
                         rows: rows, rightAligned: [2, 3]).render(format)
    }

    /// The sectors that use one material: tonnes, essentiality and its reason, largest first.
    public static func users(_ sat: MaterialSatellite, table: IOTable, material: String,
                             format: OutputFormat) throws -> String {
        guard sat.materials.contains(where: { $0.id == material }) else {
            throw InputError(file: "materials of \(table.metadata.id)", field: "argument MATERIAL",
                             "unknown material '\(material)'; known: "
                                 + "\(sat.materials.map(\.id).joined(separator: ", "))")
        }
        let rows = sat.uses.filter { $0.material == material && $0.tonnesPerYear > 0 }
            .sorted {
                $0.tonnesPerYear != $1.tonnesPerYear ? $0.tonnesPerYear > $1.tonnesPerYear : $0.sector < $1.sector
            }
        func name(_ code: String) -> String { table.index(of: code).map { table.sectors[$0].name } ?? "" }
        if format == .json {
            return JSON.array(rows.map { u in
                .object([("sector", .string(u.sector)), ("name", .string(name(u.sector))),
                         ("tonnes_per_year", .number(u.tonnesPerYear)), ("essentiality", .number(u.essentiality)),
                         ("uses", .string(u.uses)), ("reason", .string(u.reason))])
            }).render() + "\n"
        }
        return TextTable(header: ["sector", "name", "tonnes a year", "essentiality", "uses", "reason"],
                         rows: rows.map {
                             [$0.sector, name($0.sector), NumberFormat.grouped($0.tonnesPerYear),
                              NumberFormat.significant($0.essentiality, 3), $0.uses, $0.reason]
                         },
                         rightAligned: [2, 3]).render(format)
    }
}
