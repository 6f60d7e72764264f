import Foundation

/// Reads a folder written by pymrio's `IOSystem.save_all()` (its text format): Z, Y, x and the
/// extensions' F, each described by a `file_parameters.json`.
///
/// Multi-regional systems load as n = regions × sectors, each sector labelled `region/sector`.
/// The system is treated as closed (imports are inside Z), so `import_treatment` is `domestic`.
/// Value added comes from an extension row named "Value Added" (pymrio's `factor_inputs`) when
/// there is one; employment from extension rows whose name mentions "employ" (summed), except rows of
/// hours ("Employment hours", EXIOBASE 3) and of compensation ("Compensation of employees").
/// Column balance is not checked: pymrio systems often keep taxes and other inputs outside F.
public enum PymrioLoader {
    struct Parameters { var files: [String: (name: String, indexColumns: Int, headerRows: Int)] }

    /// The most index columns or header rows a frame may have (pymrio writes 1 or 2).
    static let maxLevels = 16

    static func parameters(_ dir: String) throws -> Parameters {
        let path = dir + "/file_parameters.json"
        guard let data = FileManager.default.contents(atPath: path) else { throw InputError(file: path, "file not found") }
        guard let obj = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let files = obj["files"] as? [String: Any] else {
            throw InputError(file: path, "is not pymrio's file_parameters.json (no 'files' object)")
        }
        var out: [String: (String, Int, Int)] = [:]
        for (k, v) in files {
            guard let d = v as? [String: Any], let name = d["name"] as? String else {
                throw InputError(file: path, field: "files.\(k)", "needs a 'name'")
            }
            func count(_ key: String, _ range: ClosedRange<Int>) throws -> Int {
                guard let raw = d[key] else { return 1 }
                guard let v = Int("\(raw)"), range.contains(v) else {
                    throw InputError(file: path, field: "files.\(k).\(key)",
                                     "'\(raw)' must be a whole number from \(range.lowerBound) to \(range.upperBound)")
                }
                return v
            }
            guard !name.isEmpty, !name.contains("/"), name != ".." else {
                throw InputError(file: path, field: "files.\(k).name", "'\(name)' must name a file in the same folder")
            }
            out[k] = (name, try count("nr_index_col", 1...maxLevels), try count("nr_header", 1...maxLevels))
        }
        return Parameters(files: out)
    }

    /// A pymrio text (or csv) frame: row labels (one per index level), column labels, values.
    struct Frame {
        var path: String
        var rowLabels: [[String]]
        var columnLabels: [[String]]
        var values: Matrix
        var rowLines: [Int]
    }

    /// Reads a frame from its mapped bytes: the header rows line by line into strings, the body in
    /// parallel chunks straight into the matrix (`TextMatrixReader`; a 4,000-sector Z is 16 million
    /// numbers, and a string per field would dominate the run time and the memory).
    static func readFrame(_ path: String, indexColumns ic: Int, headerRows hr: Int,
                          chunkBytes: Int = TextMatrixReader.defaultChunkBytes) throws -> Frame {
        let file: MappedFile
        do { file = try MappedFile(path: path) } catch let e as InputError where e.message != "file not found" {
            throw InputError(file: path, "file not found")   // as before: anything unreadable is missing
        }
        let sep: UInt8 = path.hasSuffix(".csv") ? UInt8(ascii: ",") : UInt8(ascii: "\t")
        let skip = hr > 1 ? hr + 1 : hr   // multi-level headers are followed by a row of index names
        var headerFields: [[String]] = []
        var width = -1
        var lineNo = 0
        var pos = 0
        let count = file.bytes.count
        if let base = file.bytes.baseAddress {
            while pos < count && lineNo < skip {
                let end = memchr(base + pos, 10, count - pos).map { base.distance(to: $0.assumingMemoryBound(to: UInt8.self)) } ?? count
                var lineEnd = end
                if lineEnd > pos && base[lineEnd - 1] == 13 { lineEnd -= 1 }
                lineNo += 1
                defer { pos = end + 1 }
                if lineEnd == pos { continue }
                if lineNo <= hr {
                    var fields: [String] = []
                    var a = pos
                    for k in pos..<lineEnd where base[k] == sep {
                        fields.append(String(decoding: UnsafeBufferPointer(start: base + a, count: k - a), as: UTF8.self)); a = k + 1
                    }
                    fields.append(String(decoding: UnsafeBufferPointer(start: base + a, count: lineEnd - a), as: UTF8.self))
                    guard fields.count >= ic else {
                        throw InputError(file: path, line: lineNo, "header row has \(fields.count) fields, fewer than the \(ic) index column(s)")
                    }
                    headerFields.append(Array(fields.dropFirst(ic)))
                    if headerFields.count > 1 && headerFields.last!.count != headerFields[0].count {
                        throw InputError(file: path, line: lineNo, "header row has \(headerFields.last!.count + ic) fields, the first header row \(headerFields[0].count + ic)")
                    }
                }
                if lineNo == hr { width = headerFields[0].count }
            }
        }
        pos = min(pos, count)
        guard width >= 0 else {
            // No complete header: the first row of the body (if any) is ragged against it, as before.
            try refuseBodyWithoutHeader(file, from: pos, firstLine: lineNo + 1, sep: sep, fields: ic - 1)
            throw InputError(file: path, "has fewer than \(skip) header rows")
        }
        let names = (0..<width).map { j in headerFields.map { j < $0.count ? $0[j] : "?" }.joined(separator: "/") }
        let reader = TextMatrixReader(file: file, separator: sep, dialect: .pymrio, labelColumns: ic, columnNames: names)
        let body = try reader.read(from: pos, firstLine: lineNo + 1, chunkBytes: chunkBytes)
        guard headerFields.count == hr else { throw InputError(file: path, "has fewer than \(skip) header rows") }
        var cols: [[String]] = Array(repeating: [], count: width)
        for h in headerFields {
            guard h.count == width else { throw InputError(file: path, "header rows differ in length") }
            for j in 0..<width { cols[j].append(h[j]) }
        }
        return Frame(path: path, rowLabels: body.labels, columnLabels: cols, values: body.matrix, rowLines: body.lines)
    }

    /// Without the last header row the width is unknown (-1): the first non-empty body line, unless it
    /// has exactly `fields` fields, is reported as ragged, as the line-by-line reader did.
    private static func refuseBodyWithoutHeader(_ file: MappedFile, from start: Int, firstLine: Int, sep: UInt8, fields: Int) throws {
        guard let base = file.bytes.baseAddress else { return }
        var pos = start, line = firstLine
        while pos < file.bytes.count {
            let end = memchr(base + pos, 10, file.bytes.count - pos).map { base.distance(to: $0.assumingMemoryBound(to: UInt8.self)) } ?? file.bytes.count
            var lineEnd = end
            if lineEnd > pos && base[lineEnd - 1] == 13 { lineEnd -= 1 }
            if lineEnd > pos {
                var n = 1
                for k in pos..<lineEnd where base[k] == sep { n += 1 }
                if n != fields { throw InputError(file: file.path, line: line, "ragged row: \(n) fields, the header has \(fields)") }
            }
            pos = end + 1
            line += 1
        }
    }

    /// The monetary unit from pymrio's `unit.txt` (index columns, then a `unit` column): the one unit
    /// of Z, or the distinct units joined when sectors differ; nil when the folder has no unit.txt.
    static func units(_ dir: String) throws -> String? {
        let path = dir + "/unit.txt"
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let csv = try CSVFile(path: path, separator: "\t")
        guard let header = csv.rows.first, let k = header.fields.firstIndex(of: "unit") else {
            throw InputError(file: path, line: 1, "has no 'unit' column")
        }
        var seen: [String] = []
        for (line, f) in csv.rows.dropFirst() {
            guard f.count == header.fields.count else { throw TableLoader.ragged(csv, line, f.count, header.fields.count) }
            let u = f[k].trimmingCharacters(in: .whitespaces)
            if !u.isEmpty && !seen.contains(u) { seen.append(u) }
        }
        return seen.isEmpty ? nil : seen.joined(separator: "; ")
    }

    public static func load(directory dir: String) throws -> IOTable {
        let p = try parameters(dir)
        func frame(_ key: String) throws -> Frame {
            guard let f = p.files[key] else {
                throw InputError(file: dir + "/file_parameters.json", field: "files.\(key)", "pymrio folder lacks \(key)")
            }
            return try readFrame(dir + "/" + f.name, indexColumns: f.indexColumns, headerRows: f.headerRows)
        }
        let z = try frame("Z"), y = try frame("Y")
        guard y.rowLabels.count == z.rowLabels.count else {
            throw InputError(file: y.path, "Y has \(y.rowLabels.count) data rows, Z (\(z.path)) has \(z.rowLabels.count)")
        }
        guard z.values.columns == z.rowLabels.count else {
            throw InputError(file: z.path, "Z is \(z.rowLabels.count)×\(z.values.columns), not square")
        }
        guard !z.rowLabels.isEmpty else { throw InputError(file: z.path, "Z has no data rows") }
        // x is optional, as in pymrio: without it, x = Z·1 + Y·1 (pymrio's calc_x).
        let xf = p.files["x"] != nil ? try frame("x")
            : Frame(path: dir + "/(x = Z·1 + Y·1)", rowLabels: z.rowLabels, columnLabels: [["indout"]],
                    values: Matrix(rows: z.values.rows, columns: 1, columnMajor: zip(z.values.rowSums, y.values.rowSums).map(+)),
                    rowLines: z.rowLines)
        let n = z.rowLabels.count
        guard z.values.columns == n else { throw InputError(file: z.path, "Z is \(n)×\(z.values.columns), not square") }
        guard z.columnLabels == z.rowLabels else {
            throw InputError(file: z.path, "Z's column labels differ from its row labels")
        }
        guard y.rowLabels == z.rowLabels else { throw InputError(file: y.path, "Y's rows differ from Z's") }
        guard xf.rowLabels == z.rowLabels, xf.values.columns >= 1 else { throw InputError(file: xf.path, "x's rows differ from Z's") }
        let regions = Set(z.rowLabels.map { $0.count > 1 ? $0[0] : "" })
        let multiRegion = regions.count > 1
        func label(_ l: [String]) -> String { multiRegion ? l.joined(separator: "/") : l.last! }
        var sectors: [Sector] = []
        var seen: [String: Int] = [:]
        for (i, l) in z.rowLabels.enumerated() {
            let code = label(l)
            if let first = seen[code] {
                throw InputError(file: z.path, line: z.rowLines[i], "duplicate sector label '\(code)' (first on line \(first))")
            }
            seen[code] = z.rowLines[i]
            sectors.append(Sector(code: code, name: l.last!, localName: "", region: l.count > 1 ? l[0] : nil))
        }
        let x = xf.values.column(0)
        for (i, v) in x.enumerated() where v < 0 {
            throw InputError(file: xf.path, line: xf.rowLines[i], field: "sector \(sectors[i].code)", "negative gross output \(v)")
        }
        let categories = y.columnLabels.map { l in
            FinalDemandCategory(code: multiRegion ? l.joined(separator: "/") : l.last!, name: l.last!, role: .domestic,
                                isHouseholdConsumption: l.last!.lowercased().contains("household"))
        }

        // Extensions: value added and employment rows.
        var vaRow: [Double]? = nil
        var employment: [Double]? = nil
        var employmentRows: [String] = []
        let subdirs = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted()
        for sub in subdirs {
            let sd = dir + "/" + sub
            guard FileManager.default.fileExists(atPath: sd + "/file_parameters.json") else { continue }
            // An extension folder that cannot be read is an error, never skipped without a word.
            let ep = try parameters(sd)
            guard let ff = ep.files["F"] else {
                throw InputError(file: sd + "/file_parameters.json", field: "files.F", "the extension lists no F (its factor matrix)")
            }
            let f = try readFrame(sd + "/" + ff.name, indexColumns: ff.indexColumns, headerRows: ff.headerRows)
            guard f.columnLabels == z.rowLabels else { throw InputError(file: f.path, "the extension's columns differ from Z's rows") }
            for (r, l) in f.rowLabels.enumerated() {
                let name = l.joined(separator: " ")
                if name.lowercased() == "value added" { vaRow = f.values.row(r) }
                // Persons: rows about employment, but not EXIOBASE's "Employment hours" nor
                // "Compensation of employees" (money), which mention it too.
                let lower = name.lowercased()
                if lower.contains("employ") && !lower.contains("hour") && !lower.contains("compensation") {
                    employmentRows.append(name)
                    let row = f.values.row(r)
                    employment = employment.map { zip($0, row).map(+) } ?? row
                }
            }
        }
        let unit = try units(dir)
        let derivedVA = vaRow == nil
        let va = vaRow ?? zip(x, z.values.columnSums).map { $0 - $1 }
        let name = URL(fileURLWithPath: dir).lastPathComponent
        let metadata = TableMetadata(
            id: name, name: "pymrio system '\(name)'\(multiRegion ? " (\(regions.count) regions)" : "")", country: multiRegion ? "MRIO" : "",
            year: 0, currency: "", unit: unit ?? "not stated (no unit.txt)", priceBasis: "as saved by pymrio", importTreatment: .domestic,
            source: "pymrio save_all() folder \(dir)", licence: "as the source system's", notes: derivedVA
                ? "No 'Value Added' extension row: value added derived as x − 1′Z." : "Value added from the 'Value Added' extension row.",
            balanceTolerance: 1e-6, employmentUnit: employment == nil ? nil : "as in the extension",
            employmentIsEstimate: false, employmentYear: nil,
            employmentMethod: employment == nil ? nil : "sum of extension rows: " + employmentRows.joined(separator: "; "),
            location: dir, checksumSource: FolderChecksum(of: dir))
        let table = IOTable(metadata: metadata, sectors: sectors, transactions: z.values, finalDemand: y.values,
                            finalDemandCategories: categories,
                            valueAddedRows: Matrix(rowMajor: [va]),
                            valueAddedComponents: [ValueAddedComponent(code: "VA", name: derivedVA ? "Value added (x − 1′Z)" : "Value Added", isCompensation: false)],
                            grossOutput: x, employment: employment)
        try TableLoader.validate(table, file: { _ in z.path + " + " + y.path + " + " + xf.path }, checkColumns: false)
        return table
    }
}
