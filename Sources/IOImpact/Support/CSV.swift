import Foundation

/// A parsed CSV file: rows of fields, each row with its 1-based line number in the file.
///
/// RFC 4180 quoting (double quotes, doubled inside); comma, or tab for `.txt`/`.tsv` files.
/// Empty lines are skipped. A byte-order mark is dropped, so spreadsheet exports load.
public struct CSVFile: Sendable {
    public let path: String
    public let rows: [(line: Int, fields: [String])]

    public init(path: String, separator: Character? = nil) throws {
        guard FileManager.default.fileExists(atPath: path) else {
            throw InputError(file: path, "file not found")
        }
        guard let data = FileManager.default.contents(atPath: path), var text = String(data: data, encoding: .utf8) else {
            throw InputError(file: path, "cannot be read as UTF-8 text")
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let sep: Character = separator ?? ((path.hasSuffix(".txt") || path.hasSuffix(".tsv")) ? "\t" : ",")
        self.path = path
        self.rows = try CSVFile.parse(text, separator: sep, path: path)
    }

    public init(path: String, text: String, separator: Character = ",") throws {
        self.path = path
        self.rows = try CSVFile.parse(text, separator: separator, path: path)
    }

    static func parse(_ text: String, separator: Character, path: String) throws -> [(line: Int, fields: [String])] {
        var rows: [(line: Int, fields: [String])] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var line = 1
        var rowStart = 1
        var chars = Array(text.unicodeScalars)
        chars.append("\n")
        var k = 0
        func endRow() {
            fields.append(field)
            field = ""
            if !(fields.count == 1 && fields[0].isEmpty) { rows.append((rowStart, fields)) }
            fields = []
        }
        while k < chars.count {
            let c = chars[k]
            if inQuotes {
                if c == "\"" {
                    if k + 1 < chars.count && chars[k + 1] == "\"" { field.unicodeScalars.append("\""); k += 1 } else { inQuotes = false }
                } else {
                    if c == "\n" {
                        // No input file of ioimpact has a field across lines: a line break inside quotes is
                        // an unclosed quote, and reading on would shift every later row (and blame another file).
                        throw InputError(file: path, line: rowStart, "a quoted field runs past the end of the line (an unclosed quote?)")
                    }
                    field.unicodeScalars.append(c)
                }
            } else if c == "\"" && field.isEmpty {
                inQuotes = true
            } else if Character(c) == separator {
                fields.append(field); field = ""
            } else if c == "\r" {
                // part of a CRLF line end
            } else if c == "\n" {
                endRow()
                line += 1
                rowStart = line
            } else {
                field.unicodeScalars.append(c)
            }
            k += 1
        }
        if inQuotes { throw InputError(file: path, line: rowStart, "a quoted field is never closed") }
        return rows
    }

    /// Parses a number in a field; names the file, line and column on failure.
    public static func number(_ s: String, path: String, line: Int, column: String) throws -> Double {
        let t = s.trimmingCharacters(in: .whitespaces)
        if t.isEmpty { return 0 }
        // Double(_:) stops at a NUL byte ("30\0" reads as 30): any control character makes the field invalid.
        if t.unicodeScalars.contains(where: InputError.isControl) {
            throw InputError(file: path, line: line, field: "column \(column)", "'\(s)' is not a number (it holds a control character)")
        }
        guard let v = Double(t) else {
            throw InputError(file: path, line: line, field: "column \(column)", "'\(s)' is not a number")
        }
        guard v.isFinite else {
            throw InputError(file: path, line: line, field: "column \(column)", "'\(s)' is not a finite number (NaN or infinity)")
        }
        return v
    }
}

/// Writes a file atomically: to a temporary file in the same folder, then renamed over the target,
/// so a failed or interrupted write leaves the previous file intact.
public func writeFileAtomically(_ contents: String, to path: String) throws {
    let url = URL(fileURLWithPath: path)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    let tmp = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
    do {
        try Data(contents.utf8).write(to: tmp)
        // rename(2) replaces the target atomically (and refuses to replace a directory).
        if rename(tmp.path, path) != 0 {
            let reason = String(cString: strerror(errno))
            throw InputError(file: path, "cannot be written: \(reason)")
        }
    } catch let e as InputError {
        try? FileManager.default.removeItem(at: tmp)
        throw e
    } catch {
        try? FileManager.default.removeItem(at: tmp)
        throw InputError(file: path, "cannot be written: \(error.localizedDescription)")
    }
}
