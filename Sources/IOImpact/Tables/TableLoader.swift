import Foundation

/// Reads and validates a table in ioimpact's format: a folder with `manifest.toml` and CSV files.
///
/// The checks: shape, labels, numbers, NaN/infinity, negative output, duplicate codes, row and
/// column balance within the manifest's tolerance, and column sums of A below one. Every error
/// names the file and the line, column or sector.
public enum TableLoader {
    public static let formatVersion = "ioimpact-table/1"

    static let manifestKeys = ["format", "id", "name", "country", "year", "currency", "unit", "price_basis",
                               "import_treatment", "source", "licence", "notes", "balance_tolerance", "files",
                               "final_demand", "value_added", "employment", "split"]

    /// The longest sector code or name accepted (characters); reports and charts are laid out for names.
    public static let maxLabelLength = 1000

    public static func load(directory: String) throws -> IOTable {
        let dir = URL(fileURLWithPath: directory).standardizedFileURL.path
        if IcioLoader.isIcioFile(dir) { return try IcioLoader.load(path: dir) }
        let manifestPath = dir + "/manifest.toml"
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else {
            throw InputError(file: directory, "no such table folder")
        }
        guard FileManager.default.fileExists(atPath: manifestPath) else {
            if FileManager.default.fileExists(atPath: dir + "/file_parameters.json") {
                return try PymrioLoader.load(directory: dir)
            }
            throw InputError(file: manifestPath, "file not found: a table folder needs manifest.toml (or pymrio's file_parameters.json)")
        }
        let reader = try TOMLReader(path: manifestPath)
        let root = TOMLSection(reader)
        try root.rejectUnknownKeys(manifestKeys)
        let format = try root.string("format")
        guard format == formatVersion else {
            throw reader.error("format", in: [], "unsupported format '\(format)'; this version reads '\(formatVersion)'")
        }
        let treatmentName = try root.string("import_treatment")
        guard let treatment = ImportTreatment(rawValue: treatmentName) else {
            throw reader.error("import_treatment", in: [], "must be 'competitive' or 'domestic', found '\(treatmentName)'")
        }
        var files = ["sectors": "sectors.csv", "transactions": "transactions.csv", "final_demand": "final_demand.csv",
                     "value_added": "value_added.csv", "employment": "employment.csv"]
        if let f = try root.optionalSection("files") {
            try f.rejectUnknownKeys(Array(files.keys).sorted())
            for k in f.keys { files[k] = try f.string(k) }
        }
        func filePath(_ role: String, required: Bool) throws -> String? {
            let p = dir + "/" + files[role]!
            if FileManager.default.fileExists(atPath: p) { return p }
            if (try? root.section("files"))?.has(role) == true {
                throw InputError(file: manifestPath, line: reader.line(of: role, in: ["files"]), field: "files.\(role)",
                                 "names '\(files[role]!)', which is not in \(dir)")
            }
            if required { throw InputError(file: p, "file not found") }
            return nil
        }

        // Sectors and output.
        let sectorsPath = try filePath("sectors", required: true)!
        let sectorsCSV = try CSVFile(path: sectorsPath)
        // A multi-regional table adds a fifth column, the region of each sector.
        let hasRegion = sectorsCSV.rows.first?.fields.count == 5
        try expectHeader(sectorsCSV, ["code", "name", "name_local", "gross_output"] + (hasRegion ? ["region"] : []))
        let width = hasRegion ? 5 : 4
        var sectors: [Sector] = []
        var output: [Double] = []
        var seen: [String: Int] = [:]
        for (line, f) in sectorsCSV.rows.dropFirst() {
            guard f.count == width else { throw ragged(sectorsCSV, line, f.count, width) }
            if hasRegion && f[4].trimmingCharacters(in: .whitespaces).isEmpty {
                throw InputError(file: sectorsPath, line: line, field: "column region", "empty region")
            }
            let code = f[0].trimmingCharacters(in: .whitespaces)
            guard !code.isEmpty else { throw InputError(file: sectorsPath, line: line, field: "column code", "empty sector code") }
            if let first = seen[code] {
                throw InputError(file: sectorsPath, line: line, field: "column code", "duplicate sector code '\(code)' (first on line \(first))")
            }
            seen[code] = line
            for (k, column) in ["code", "name", "name_local"].enumerated() where f[k].count > maxLabelLength {
                throw InputError(file: sectorsPath, line: line, field: "column \(column)",
                                 "\(f[k].count) characters; at most \(maxLabelLength) are allowed in a sector code or name")
            }
            let x = try CSVFile.number(f[3], path: sectorsPath, line: line, column: "gross_output")
            if x < 0 { throw InputError(file: sectorsPath, line: line, field: "column gross_output", "negative gross output \(x) for sector \(code)") }
            sectors.append(Sector(code: code, name: f[1], localName: f[2], region: hasRegion ? f[4] : nil))
            output.append(x)
        }
        guard !sectors.isEmpty else { throw InputError(file: sectorsPath, "no sectors") }
        let codes = sectors.map(\.code)

        // Z: a square block labelled by the sector codes, in the same order.
        let zPath = try filePath("transactions", required: true)!
        let z = try readLargeBlock(path: zPath, header: ["code"] + codes, rowLabels: codes, columns: codes)

        // Final demand: n rows, one column per category.
        let fdSection = try root.section("final_demand")
        try fdSection.rejectUnknownKeys(["exports", "imports", "household_consumption", "names"])
        let exportCodes = try fdSection.stringArray("exports")
        let importCodes = try fdSection.stringArray("imports")
        let householdCodes = fdSection.has("household_consumption") ? try fdSection.stringArray("household_consumption") : []
        let fdNames = fdSection.has("names") ? try fdSection.stringMap("names") : [:]
        let yCSV = try CSVFile(path: try filePath("final_demand", required: true)!)
        guard let yHeader = yCSV.rows.first, yHeader.fields.first == "code" else {
            throw InputError(file: yCSV.path, line: 1, "the header must start with 'code'")
        }
        let categoryCodes = Array(yHeader.fields.dropFirst())
        for c in exportCodes + importCodes + householdCodes where !categoryCodes.contains(c) {
            throw InputError(file: manifestPath, field: "final_demand", "names category '\(c)', which is not a column of \(yCSV.path)")
        }
        let y = try readBlock(yCSV, rowLabels: codes, columns: categoryCodes)
        let categories = categoryCodes.map { c in
            FinalDemandCategory(code: c, name: fdNames[c] ?? c,
                                role: exportCodes.contains(c) ? .export : importCodes.contains(c) ? .import : .domestic,
                                isHouseholdConsumption: householdCodes.contains(c))
        }

        // Value added: components as rows, sectors as columns.
        let vaSection = try root.section("value_added")
        try vaSection.rejectUnknownKeys(["compensation", "names"])
        let compCodes = try vaSection.stringArray("compensation")
        let vaNames = vaSection.has("names") ? try vaSection.stringMap("names") : [:]
        let vCSV = try CSVFile(path: try filePath("value_added", required: true)!)
        try expectHeader(vCSV, ["component"] + codes)
        let componentCodes = vCSV.rows.dropFirst().map { $0.fields.first ?? "" }
        let v = try readBlock(vCSV, rowLabels: componentCodes, columns: codes)
        for c in compCodes where !componentCodes.contains(c) {
            throw InputError(file: manifestPath, field: "value_added.compensation", "names component '\(c)', which is not a row of \(vCSV.path)")
        }
        let components = componentCodes.map { ValueAddedComponent(code: $0, name: vaNames[$0] ?? $0, isCompensation: compCodes.contains($0)) }

        // Employment (optional).
        var employment: [Double]? = nil
        var empUnit: String? = nil, empEstimate = false, empYear: Int? = nil, empMethod: String? = nil
        if let ePath = try filePath("employment", required: root.has("employment")) {
            let eCSV = try CSVFile(path: ePath)
            try expectHeader(eCSV, ["code", "persons"])
            let e = try readBlock(eCSV, rowLabels: codes, columns: ["persons"])
            employment = e.column(0)
            for (i, p) in employment!.enumerated() where p < 0 {
                throw InputError(file: ePath, line: eCSV.rows[i + 1].line, field: "sector \(codes[i])", "negative employment \(p)")
            }
            if let es = try root.optionalSection("employment") {
                try es.rejectUnknownKeys(["unit", "estimate", "year", "method"])
                empUnit = try es.optionalString("unit")
                empEstimate = es.has("estimate") ? try es.bool("estimate") : false
                empYear = es.has("year") ? try es.int("year") : nil
                empMethod = try es.optionalString("method")
            }
        }

        let tolerance = (try root.optionalDouble("balance_tolerance")) ?? 1e-6
        guard tolerance >= 0 else {
            throw reader.error("balance_tolerance", in: [], "must be a non-negative relative tolerance, found \(tolerance)")
        }
        let metadata = TableMetadata(
            id: try root.string("id"), name: try root.string("name"), country: try root.string("country"),
            year: try root.int("year"), currency: try root.string("currency"), unit: try root.string("unit"),
            priceBasis: try root.string("price_basis"), importTreatment: treatment, source: try root.string("source"),
            licence: try root.string("licence"), notes: (try root.optionalString("notes")) ?? "",
            balanceTolerance: tolerance,
            employmentUnit: empUnit, employmentIsEstimate: empEstimate, employmentYear: empYear, employmentMethod: empMethod,
            location: dir, checksumSource: FolderChecksum(of: dir))
        let table = IOTable(metadata: metadata, sectors: sectors, transactions: z, finalDemand: y,
                            finalDemandCategories: categories, valueAddedRows: v, valueAddedComponents: components,
                            grossOutput: output, employment: employment)
        try validate(table, file: { kind in
            switch kind {
            case .row: return zPath + " + " + yCSV.path
            case .column: return zPath + " + " + vCSV.path
            }
        })
        return table
    }

    enum BalanceKind { case row, column }

    /// Balance and productivity checks shared by every loader.
    static func validate(_ t: IOTable, file: (BalanceKind) -> String, checkColumns: Bool = true) throws {
        let tol = t.metadata.balanceTolerance
        // Every number read is finite, but sums of them can overflow (1e308 + 1e308 = inf): refuse
        // totals that do, before any residual or coefficient is computed from them.
        func finite(_ v: [Double], _ what: String, _ kind: BalanceKind) throws {
            if let i = v.firstIndex(where: { !$0.isFinite }) {
                throw InputError(file: file(kind), field: "sector \(t.sectors[i].code)",
                                 "\(what) overflows to infinity; the table's numbers are too large for double precision (rescale its unit)")
            }
        }
        // Each sum over Z computed once (a pass over n² numbers each).
        let rowZ = t.transactions.rowSums, colZ = t.transactions.columnSums
        // The residuals of IOTable.rowResiduals/columnResiduals, from the same sums (not two more passes).
        let f = t.totalFinalDemand, v = t.valueAdded, x = t.grossOutput
        let rowResiduals = (0..<t.count).map { x[$0] - rowZ[$0] - f[$0] }
        let columnResiduals = (0..<t.count).map { x[$0] - colZ[$0] - v[$0] }
        try finite(t.grossOutput, "gross output", .row)
        try finite(rowZ, "intermediate sales (row sum of Z)", .row)
        try finite(f, "final demand (row sum of Y)", .row)
        try finite(colZ, "intermediate inputs (column sum of Z)", .column)
        try finite(t.valueAdded, "value added", .column)
        try finite(rowResiduals, "the row balance", .row)
        try finite(columnResiduals, "the column balance", .column)
        for (v, what, kind) in [(t.grossOutput, "total gross output", BalanceKind.row), (t.valueAdded, "total value added", .column),
                                (t.totalFinalDemand, "total final demand", .row)] where !v.reduce(0, +).isFinite {
            throw InputError(file: file(kind), "\(what) overflows to infinity; the table's numbers are too large for double precision (rescale its unit)")
        }
        let scale = max(1, t.grossOutput.map(abs).max() ?? 1)
        for (i, r) in rowResiduals.enumerated() where abs(r) > tol * max(abs(t.grossOutput[i]), scale * 1e-3) {
            throw InputError(file: file(.row), field: "sector \(t.sectors[i].code)",
                             "unbalanced row: gross output \(fmt(t.grossOutput[i])) but intermediate sales + final demand = \(fmt(t.grossOutput[i] - r)) (residual \(fmt(r)), tolerance \(tol) relative)")
        }
        if checkColumns {
            for (j, r) in columnResiduals.enumerated() where abs(r) > tol * max(abs(t.grossOutput[j]), scale * 1e-3) {
                throw InputError(file: file(.column), field: "sector \(t.sectors[j].code)",
                                 "unbalanced column: gross output \(fmt(t.grossOutput[j])) but intermediate inputs + value added = \(fmt(t.grossOutput[j] - r)) (residual \(fmt(r)), tolerance \(tol) relative)")
            }
        }
        for j in 0..<t.count {
            let x = t.grossOutput[j]
            if x == 0 {
                if colZ[j] != 0 {
                    throw InputError(file: file(.column), field: "sector \(t.sectors[j].code)", "zero gross output but it buys inputs")
                }
                continue
            }
            let s = colZ[j] / x
            // MIC's dummy sectors (仮設部門: office supplies, own-account transport) have no value added
            // and a column sum of exactly one; they are allowed, the factorisation still checks I − A.
            let dummy = abs(s - 1) <= max(tol, 1e-9) && abs(t.valueAdded[j]) <= tol * x
            if s >= 1 && !dummy {
                throw InputError(file: file(.column), field: "sector \(t.sectors[j].code)",
                                 "column sum of A is \(String(format: "%.4f", s)) (≥ 1): the sector uses more intermediate inputs than it produces (value added \(fmt(t.valueAdded[j]))), so I − A is not productive")
            }
        }
    }

    static func fmt(_ v: Double) -> String { String(format: "%.6g", v) }

    static func ragged(_ csv: CSVFile, _ line: Int, _ got: Int, _ want: Int) -> InputError {
        InputError(file: csv.path, line: line, "ragged row: \(got) fields, the header has \(want)")
    }

    static func expectHeader(_ csv: CSVFile, _ want: [String]) throws {
        try expectHeader(path: csv.path, csv.rows.first, want)
    }

    static func expectHeader(path: String, _ header: (line: Int, fields: [String])?, _ want: [String]) throws {
        guard let h = header else { throw InputError(file: path, "empty file") }
        let got = h.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        if got == want { return }
        if got.count != want.count {
            throw InputError(file: path, line: h.line, "header has \(got.count) fields, expected \(want.count) (\(want.prefix(4).joined(separator: ","))\(want.count > 4 ? ",…" : ""))")
        }
        let k = zip(got, want).enumerated().first { $0.element.0 != $0.element.1 }!.offset
        throw InputError(file: path, line: h.line, field: "column \(k + 1)", "header says '\(got[k])', expected '\(want[k])'")
    }

    /// `readBlock` for a large file (Z): the header read as `CSVFile` reads it, the body from the mapped
    /// bytes in parallel chunks straight into the matrix, with the same checks and messages.
    static func readLargeBlock(path: String, header want: [String], rowLabels: [String], columns: [String],
                               chunkBytes: Int = TextMatrixReader.defaultChunkBytes) throws -> Matrix {
        let file = try MappedFile(path: path)
        let sep: UInt8 = (path.hasSuffix(".txt") || path.hasSuffix(".tsv")) ? UInt8(ascii: "\t") : UInt8(ascii: ",")
        let reader = TextMatrixReader(file: file, separator: sep, dialect: .csv, labelColumns: 1, columnNames: columns)
        // The header is the first line that is a row; a byte-order mark before it is dropped.
        let bytes = file.bytes
        var pos = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var line = 1
        var header: (line: Int, fields: [String])? = nil
        while pos < bytes.count && header == nil {
            let end = bytes[pos...].firstIndex(of: 10) ?? bytes.count
            if let f = try reader.csvFields(pos, end, line: line) { header = (line, f) }
            pos = end + 1
            line += 1
        }
        return try reader.read(from: min(pos, bytes.count), firstLine: line, expectedLabels: rowLabels, chunkBytes: chunkBytes) {
            try expectHeader(path: path, header, want)
        }.matrix
    }

    /// Reads a labelled numeric block: the first field of each row is its label (checked against
    /// `rowLabels`, in order), the other fields are numbers under `columns`.
    static func readBlock(_ csv: CSVFile, rowLabels: [String], columns: [String]) throws -> Matrix {
        let body = Array(csv.rows.dropFirst())
        guard body.count == rowLabels.count else {
            throw InputError(file: csv.path, "has \(body.count) data rows, expected \(rowLabels.count)")
        }
        var m = Matrix(rows: rowLabels.count, columns: columns.count)
        for (i, (line, f)) in body.enumerated() {
            guard f.count == columns.count + 1 else { throw ragged(csv, line, f.count, columns.count + 1) }
            let label = f[0].trimmingCharacters(in: .whitespaces)
            guard label == rowLabels[i] else {
                throw InputError(file: csv.path, line: line, field: "column 1", "row label '\(label)', expected '\(rowLabels[i])' (rows must follow sectors.csv)")
            }
            for j in 0..<columns.count {
                m[i, j] = try CSVFile.number(f[j + 1], path: csv.path, line: line, column: columns[j])
            }
        }
        return m
    }

    /// SHA-256 over the table's files (sorted by name; name and bytes), for provenance.
    static func checksum(of dir: String) throws -> String {
        // A table read from one file (an OECD ICIO CSV): its name and bytes, as for a folder of one file.
        if IcioLoader.isIcioFile(dir) {
            let url = URL(fileURLWithPath: dir)
            return try checksum(of: url.deletingLastPathComponent().path, only: url.lastPathComponent)
        }
        return try checksum(of: dir, only: nil)
    }

    static func checksum(of dir: String, only: String?) throws -> String {
        let names = (try only.map { [$0] } ?? (FileManager.default.contentsOfDirectory(atPath: dir)))
            .filter { !$0.hasPrefix(".") }.sorted()
        // One stream over every file's name and bytes, each file mapped and handed back a block at a
        // time: the same digest as hashing them concatenated, without holding them.
        var hasher = SHA256.Hasher()
        for name in names {
            var isDir: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: dir + "/" + name, isDirectory: &isDir)
            if isDir.boolValue { continue }
            (Array(name.utf8) + [0]).withUnsafeBytes { hasher.update($0) }
            guard let file = try? MappedFile(path: dir + "/" + name) else { continue }   // unreadable: as empty, as before
            let block = 1 << 22
            for start in stride(from: 0, to: file.bytes.count, by: block) {
                let range = start..<min(start + block, file.bytes.count)
                hasher.update(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: file.bytes[range])))
                file.release(range)
            }
        }
        return SHA256.hex(digest: hasher.finish())
    }
}
