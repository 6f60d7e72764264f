import Foundation

/// The general path of `TextMatrixReader`: a line read exactly as the line-by-line readers it replaced
/// read it (`CSVFile` for the project's CSV, strtod on each field for pymrio's text), for the few
/// lines the fast path cannot read, so that they are accepted or refused as before, in the same words.
extension TextMatrixReader {
    /// The general path: the line read as the replaced reader read it. Returns the row's labels, nil
    /// for a line that is not a row (a CSV line whose only field is empty), or throws its error.
    func slowRow(_ a: Int, _ e: Int, line: Int, row: Int, expected: [String]?,
                 into target: UnsafeMutableBufferPointer<Double>, stride: Int) throws -> [String]? {
        switch dialect {
        case .csv:
            guard let f = try csvFields(a, e, line: line) else { return nil }
            guard f.count == width + labelColumns else {
                throw InputError(file: path, line: line, "ragged row: \(f.count) fields, the header has \(width + labelColumns)")
            }
            let label = f[0].trimmingCharacters(in: .whitespaces)
            if let expected, label != expected[row] {
                throw InputError(file: path, line: line, field: "column 1", "row label '\(label)', expected '\(expected[row])' (rows must follow sectors.csv)")
            }
            for j in 0..<width {
                target[j * stride] = try CSVFile.number(f[j + labelColumns], path: path, line: line, column: columnNames[j])
            }
            return Array(f.prefix(labelColumns))
        case .pymrio:
            let p = file.bytes.baseAddress!
            var end = e
            if end > a && p[end - 1] == 13 { end -= 1 }
            var ranges: [(Int, Int)] = []
            var s = a
            for k in a..<end where p[k] == separator { ranges.append((s, k)); s = k + 1 }
            ranges.append((s, end))
            func text(_ r: (Int, Int)) -> String { String(decoding: UnsafeBufferPointer(start: p + r.0, count: r.1 - r.0), as: UTF8.self) }
            guard ranges.count == width + labelColumns else {
                throw InputError(file: path, line: line, "ragged row: \(ranges.count) fields, the header has \(width + labelColumns)")
            }
            for (j, r) in ranges.dropFirst(labelColumns).enumerated() {
                let len = r.1 - r.0
                if len == 0 { target[j * stride] = 0; continue }
                var v = 0.0, ok = false
                withUnsafeTemporaryAllocation(of: CChar.self, capacity: len + 1) { nb in
                    for k in 0..<len { nb[k] = CChar(bitPattern: p[r.0 + k]) }
                    nb[len] = 0
                    var endp: UnsafeMutablePointer<CChar>? = nil
                    v = strtod(nb.baseAddress!, &endp)
                    ok = endp == nb.baseAddress! + len
                }
                if !ok || !v.isFinite {
                    throw InputError(file: path, line: line, field: "column \(columnNames[j])",
                                     ok ? "'\(text(r))' is not a finite number (NaN or infinity)" : "'\(text(r))' is not a number")
                }
                target[j * stride] = v
            }
            return ranges.prefix(labelColumns).map(text)
        }
    }

    /// A CSV line's fields as `CSVFile` reads them (nil for a line it skips); errors name `line`.
    func csvFields(_ a: Int, _ e: Int, line: Int) throws -> [String]? {
        guard let text = String(validating: UnsafeBufferPointer(rebasing: file.bytes[a..<e]), as: UTF8.self) else {
            throw InputError(file: path, line: line, "cannot be read as UTF-8 text")
        }
        do {
            return try CSVFile.parse(text, separator: Character(Unicode.Scalar(separator)), path: path).first?.fields
        } catch var error as InputError {
            error.line = line
            throw error
        }
    }
}
