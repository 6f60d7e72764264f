import Foundation

/// Reads one file of the OECD Inter-Country Input-Output tables in the 2023 release's CSV form
/// (`2020_SML.csv`, say; docs/TABLE_FORMAT.md, "OECD ICIO files"):
///
/// - a header row: an empty (or `V1`) first cell, then one column per country and industry
///   (`AUS_A01_02`: the country code, an underscore, the industry code), then final-demand columns
///   per country (`AUS_HFCE`, `_NPISH`, `_GGFC`, `_GFCF`, `_INVNT`, `_DPABR`), then `OUT`;
/// - one row per country and industry, in the columns' order, then the rows `TLS` (taxes less
///   subsidies on intermediate products), `VA` (value added) and `OUT` (output).
///
/// The table loads as regions × industries labelled `AUS/A01_02` (a world table, `import_treatment`
/// domestic); output is the `OUT` row, value added the `VA` and `TLS` rows. Every malformed part is a
/// one-line error naming the file, the line and the field.
public enum IcioLoader {
    /// The final-demand categories of the 2023 release, in file order.
    public static let finalDemandCodes = ["HFCE", "NPISH", "GGFC", "GFCF", "INVNT", "DPABR"]
    static let finalDemandNames = ["HFCE": "household final consumption",
                                   "NPISH": "non-profit institutions serving households",
                                   "GGFC": "government final consumption", "GFCF": "gross fixed capital formation",
                                   "INVNT": "changes in inventories", "DPABR": "direct purchases abroad by residents"]
    static let layout = "expected COUNTRY_INDUSTRY (AUS_A01_02), COUNTRY_HFCE and the other final-demand codes, or OUT"
    static let tail = "missing: the 2023 layout ends with the rows TLS, VA and OUT (output)"
    /// Rows of value added and output, and the output column.
    static let valueAddedRows = ["TLS", "VA"]
    static let output = "OUT"

    /// Whether a path names an ICIO file rather than a table folder.
    public static func isIcioFile(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        return path.lowercased().hasSuffix(".csv") && FileManager.default.fileExists(atPath: path, isDirectory: &isDir)
            && !isDir.boolValue
    }

    /// `AUS_A01_02` → (AUS, A01_02); nil when there is no underscore or either side is empty.
    static func split(_ label: String) -> (region: String, code: String)? {
        guard let u = label.firstIndex(of: "_") else { return nil }
        let r = String(label[..<u]), c = String(label[label.index(after: u)...])
        guard !r.isEmpty, !c.isEmpty, !r.contains("/"), !c.contains("/") else { return nil }
        return (r, c)
    }

    struct Columns {
        var industries: [Int] = []
        var finalDemand: [Int] = []
        var output: Int?
    }

    static func unquote(_ s: String) -> String {
        let t = s.trimmingCharacters(in: .whitespaces)
        return t.count >= 2 && t.hasPrefix("\"") && t.hasSuffix("\"") ? String(t.dropFirst().dropLast()) : t
    }

    /// The header row: its fields after the label column, classified.
    static func header(_ file: MappedFile) throws -> (names: [String], columns: Columns, end: Int) {
        let bytes = file.bytes
        var end = 0
        while end < bytes.count && bytes[end] != 10 { end += 1 }
        var text = String(decoding: UnsafeBufferPointer(rebasing: bytes[0..<end]), as: UTF8.self)
        if text.hasSuffix("\r") { text.removeLast() }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let fields = text.split(separator: ",", omittingEmptySubsequences: false).map { unquote(String($0)) }
        guard fields.count >= 2 else {
            throw InputError(file: file.path, line: 1, field: "header", "is not an ICIO header: expected a label "
                + "column, then COUNTRY_INDUSTRY columns, final demand and OUT")
        }
        let names = Array(fields.dropFirst())
        var cols = Columns()
        for (k, name) in names.enumerated() {
            let field = "column \(k + 2) '\(name)'"
            if name == output {
                guard cols.output == nil else {
                    throw InputError(file: file.path, line: 1, field: field, "OUT appears twice")
                }
                cols.output = k
                continue
            }
            guard let p = split(name) else {
                throw InputError(file: file.path, line: 1, field: field, "label does not parse: " + layout)
            }
            if finalDemandCodes.contains(p.code) { cols.finalDemand.append(k) } else {
                guard cols.finalDemand.isEmpty else {
                    throw InputError(file: file.path, line: 1, field: field, "an industry column after the "
                        + "final-demand columns; the 2023 layout puts every COUNTRY_INDUSTRY column first")
                }
                cols.industries.append(k)
            }
        }
        guard !cols.industries.isEmpty else {
            throw InputError(file: file.path, line: 1, field: "header", "no COUNTRY_INDUSTRY column")
        }
        return (names, cols, min(end + 1, bytes.count))
    }

    public static func load(path: String) throws -> IOTable {
        let file = try MappedFile(path: path)
        let (names, cols, start) = try header(file)
        let reader = TextMatrixReader(file: file, separator: UInt8(ascii: ","), dialect: .pymrio, labelColumns: 1,
                                      columnNames: names)
        let body = try reader.read(from: start, firstLine: 2)
        let labels = body.labels.map { unquote($0[0]) }
        let industryLabels = cols.industries.map { names[$0] }
        let n = industryLabels.count
        // Rows: the industries in the columns' order, then TLS, VA and OUT (in any order after them).
        var special: [String: Int] = [:]
        for (r, label) in labels.enumerated() {
            let line = body.lines[r]
            if r < n {
                guard label == industryLabels[r] else {
                    let why = split(label) == nil && !(valueAddedRows + [output]).contains(label)
                        ? "label does not parse: expected COUNTRY_INDUSTRY (AUS_A01_02), TLS, VA or OUT"
                        : "expected '\(industryLabels[r])': the rows must follow the COUNTRY_INDUSTRY columns' order"
                    throw InputError(file: path, line: line, field: "row label '\(label)'", why)
                }
                continue
            }
            guard (valueAddedRows + [output]).contains(label) else {
                let why = split(label) == nil ? "label does not parse: expected TLS, VA or OUT after the industry rows"
                    : "an industry row after the \(n) industry rows (each COUNTRY_INDUSTRY row once, "
                        + "in the columns' order)"
                throw InputError(file: path, line: line, field: "row label '\(label)'", why)
            }
            guard special[label] == nil else {
                throw InputError(file: path, line: line, field: "row label '\(label)'", "appears twice")
            }
            special[label] = r
        }
        let last = (body.lines.last ?? 1) + 1
        guard labels.count >= n else {
            throw InputError(file: path, line: last, field: "row '\(industryLabels[labels.count])'",
                             "missing: the file has \(labels.count) industry rows, the header \(n) industry columns")
        }
        guard let outRow = special[output] else {
            throw InputError(file: path, line: last, field: "row OUT", tail)
        }
        guard let vaRow = special["VA"] else {
            throw InputError(file: path, line: last, field: "row VA", tail)
        }
        return try table(path: path, body: body.matrix, names: names, cols: cols, outRow: outRow,
                         vaRows: [special["TLS"], vaRow].compactMap { $0 })
    }

    static func table(path: String, body m: Matrix, names: [String], cols: Columns, outRow: Int,
                      vaRows: [Int]) throws -> IOTable {
        let n = cols.industries.count
        var z = Matrix(rows: n, columns: n), y = Matrix(rows: n, columns: cols.finalDemand.count)
        for (j, k) in cols.industries.enumerated() { for i in 0..<n { z[i, j] = m[i, k] } }
        for (j, k) in cols.finalDemand.enumerated() { for i in 0..<n { y[i, j] = m[i, k] } }
        let x = cols.industries.map { m[outRow, $0] }
        let va = Matrix(rowMajor: vaRows.map { r in cols.industries.map { m[r, $0] } })
        let sectors = cols.industries.map { k -> Sector in
            let p = split(names[k])!
            return Sector(code: "\(p.region)/\(p.code)", name: p.code, region: p.region)
        }
        let categories = cols.finalDemand.map { k -> FinalDemandCategory in
            let p = split(names[k])!
            return FinalDemandCategory(code: "\(p.region)/\(p.code)", name: "\(p.region): \(finalDemandNames[p.code]!)",
                                       role: .domestic, isHouseholdConsumption: p.code == "HFCE")
        }
        let components = vaRows.map { r -> ValueAddedComponent in
            let code = r == vaRows.last! ? "VA" : "TLS"
            let name = code == "VA" ? "value added" : "taxes less subsidies on intermediate and final products"
            return ValueAddedComponent(code: code, name: name, isCompensation: false)
        }
        let stem = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        let year = stem.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
            .first { (1900...2100).contains($0) } ?? 0
        let regions = Set(sectors.compactMap(\.region)).count
        let metadata = TableMetadata(
            id: stem, name: "OECD ICIO \(stem) (\(regions) regions x \(n / max(1, regions)) industries)",
            country: "WLD",
            year: year, currency: "USD", unit: "million USD", priceBasis: "basic prices, current prices",
            importTreatment: .domestic, source: "OECD Inter-Country Input-Output tables, 2023 release layout: \(path)",
            licence: "OECD ICIO: CC BY 4.0 (OECD terms of the release)",
            notes: "Read from the release's CSV: Z from the COUNTRY_INDUSTRY block, final demand from the "
                + "COUNTRY_HFCE ... DPABR columns, output from the OUT row, value added from the VA and TLS rows. "
                + "No compensation or employment.",
            balanceTolerance: 1e-4, employmentUnit: nil, employmentIsEstimate: false, employmentYear: nil,
            employmentMethod: nil, location: path, checksumSource: FolderChecksum(of: path))
        let t = IOTable(metadata: metadata, sectors: sectors, transactions: z, finalDemand: y,
                        finalDemandCategories: categories, valueAddedRows: va, valueAddedComponents: components,
                        grossOutput: x, employment: nil)
        try TableLoader.validate(t, file: { _ in path })
        return t
    }
}
