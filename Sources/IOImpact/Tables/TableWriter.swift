import Foundation

/// Writes a table in ioimpact's format (the files `TableLoader` reads), with extra manifest lines.
public enum TableWriter {
    /// A number as the shortest text that reads back to the same Double ("98" for 98.0).
    public static func number(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return "\(v)"
    }

    static func tomlString(_ s: String) -> String { JSON.quote(s) }

    static func tomlArray(_ a: [String]) -> String { "[" + a.map(tomlString).joined(separator: ", ") + "]" }

    /// The files of `t` as (name, contents); `extraManifest` is appended to manifest.toml (a TOML table).
    public static func files(_ t: IOTable, extraManifest: String) -> [(name: String, contents: String)] {
        let md = t.metadata
        let regional = !t.regions.isEmpty
        var sectors = "code,name,name_local,gross_output" + (regional ? ",region" : "") + "\n"
        for (k, s) in t.sectors.enumerated() {
            var f = [s.code, s.name, s.localName, number(t.grossOutput[k])]
            if regional { f.append(s.region ?? "") }
            sectors += f.map(TextTable.csvField).joined(separator: ",") + "\n"
        }
        var z = "code," + t.codes.map(TextTable.csvField).joined(separator: ",") + "\n"
        z.reserveCapacity(t.count * t.count * 3)
        for i in 0..<t.count {
            z += TextTable.csvField(t.codes[i])
            for j in 0..<t.count { z += "," + number(t.transactions[i, j]) }
            z += "\n"
        }
        var y = "code," + t.finalDemandCategories.map { TextTable.csvField($0.code) }.joined(separator: ",") + "\n"
        for i in 0..<t.count {
            let cells = (0..<t.finalDemand.columns).map { number(t.finalDemand[i, $0]) }
            y += TextTable.csvField(t.codes[i]) + "," + cells.joined(separator: ",") + "\n"
        }
        var v = "component," + t.codes.map(TextTable.csvField).joined(separator: ",") + "\n"
        for (r, c) in t.valueAddedComponents.enumerated() {
            let cells = (0..<t.count).map { number(t.valueAddedRows[r, $0]) }
            v += TextTable.csvField(c.code) + "," + cells.joined(separator: ",") + "\n"
        }
        var out = [("sectors.csv", sectors), ("transactions.csv", z), ("final_demand.csv", y), ("value_added.csv", v)]
        if let e = t.employment {
            let lines = zip(t.codes, e).map { TextTable.csvField($0) + "," + number($1) }
            out.append(("employment.csv", "code,persons\n" + lines.joined(separator: "\n") + "\n"))
        }
        var m = """
        format = "\(TableLoader.formatVersion)"
        id = \(tomlString(md.id))
        name = \(tomlString(md.name))
        country = \(tomlString(md.country))
        year = \(md.year)
        currency = \(tomlString(md.currency))
        unit = \(tomlString(md.unit))
        price_basis = \(tomlString(md.priceBasis))
        import_treatment = "\(md.importTreatment.rawValue)"
        source = \(tomlString(md.source))
        licence = \(tomlString(md.licence))
        notes = \(tomlString(md.notes))
        balance_tolerance = \(md.balanceTolerance)

        [final_demand]
        exports = \(tomlArray(t.finalDemandCategories.filter { $0.role == .export }.map(\.code)))
        imports = \(tomlArray(t.finalDemandCategories.filter { $0.role == .import }.map(\.code)))
        household_consumption = \(tomlArray(t.finalDemandCategories.filter(\.isHouseholdConsumption).map(\.code)))

        [final_demand.names]

        """
        for c in t.finalDemandCategories { m += "\(tomlString(c.code)) = \(tomlString(c.name))\n" }
        let compensation = t.valueAddedComponents.filter(\.isCompensation).map(\.code)
        m += "\n[value_added]\ncompensation = \(tomlArray(compensation))\n"
        m += "\n[value_added.names]\n"
        for c in t.valueAddedComponents { m += "\(tomlString(c.code)) = \(tomlString(c.name))\n" }
        if t.employment != nil {
            m += "\n[employment]\nunit = \(tomlString(md.employmentUnit ?? "persons"))\n"
            m += "estimate = \(md.employmentIsEstimate)\n"
            if let y = md.employmentYear { m += "year = \(y)\n" }
            if let meth = md.employmentMethod { m += "method = \(tomlString(meth))\n" }
        }
        out.append(("manifest.toml", m + "\n" + extraManifest))
        return out
    }
}
