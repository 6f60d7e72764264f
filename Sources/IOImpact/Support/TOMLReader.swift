import Foundation
internal import TOMLKit

/// Strict reading of a TOML file: unknown keys, wrong types and missing fields are errors that
/// name the file, the line and the key.
struct TOMLReader {
    let path: String
    let lines: [Substring]
    let root: TOMLTable

    init(path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { throw InputError(file: path, "file not found") }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw InputError(file: path, "cannot be read as UTF-8 text")
        }
        try self.init(path: path, text: text)
    }

    init(path: String, text: String) throws {
        self.path = path
        self.lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        do {
            self.root = try TOMLTable(string: text)
        } catch let e as TOMLParseError {
            throw InputError(file: path, line: e.source.begin.line, "TOML syntax error: \(e.description)")
        }
    }

    /// The 1-based line where `key` is assigned inside `[section]` (best effort, for messages).
    func line(of key: String, in section: [String]) -> Int? {
        var current: [String] = []
        for (k, raw) in lines.enumerated() {
            let l = raw.trimmingCharacters(in: .whitespaces)
            if l.hasPrefix("[") {
                let name = l.trimmingCharacters(in: CharacterSet(charactersIn: "[] "))
                current = name.split(separator: ".").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\" ")) }
                if current == section + [key] { return k + 1 }
                continue
            }
            if current == section {
                let lhs = l.split(separator: "=", maxSplits: 1).first.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\" ")) }
                if lhs == key { return k + 1 }
            }
        }
        return nil
    }

    func error(_ key: String, in section: [String], _ message: String) -> InputError {
        let dotted = (section + [key]).joined(separator: ".")
        return InputError(file: path, line: line(of: key, in: section), field: "key '\(dotted)'", message)
    }
}

/// A view of one TOML table with its position, for strict typed access.
struct TOMLSection {
    let reader: TOMLReader
    let table: TOMLTable
    let path: [String]

    init(_ reader: TOMLReader) { self.reader = reader; self.table = reader.root; self.path = [] }
    init(reader: TOMLReader, table: TOMLTable, path: [String]) { self.reader = reader; self.table = table; self.path = path }

    var keys: [String] { table.keys }

    func has(_ key: String) -> Bool { table[key] != nil }

    /// Rejects keys not in `allowed`, with the closest allowed key as a hint.
    func rejectUnknownKeys(_ allowed: [String]) throws {
        for k in table.keys where !allowed.contains(k) {
            let hint = allowed.min { editDistance($0, k) < editDistance($1, k) }.map { " (did you mean '\($0)'?)" } ?? ""
            throw reader.error(k, in: path, "unknown key\(hint); allowed here: \(allowed.joined(separator: ", "))")
        }
    }

    func missing(_ key: String) -> InputError {
        let dotted = (path + [key]).joined(separator: ".")
        let at = path.isEmpty ? "" : " in [\(path.joined(separator: "."))]"
        let line = path.isEmpty ? nil : reader.line(of: path.last!, in: Array(path.dropLast()))
        return InputError(file: reader.path, line: line, field: "key '\(dotted)'", "required field is missing\(at)")
    }

    func string(_ key: String) throws -> String {
        guard let v = table[key] else { throw missing(key) }
        guard let s = v.string else { throw reader.error(key, in: path, "must be a string, found \(v.type)") }
        return s
    }

    func optionalString(_ key: String) throws -> String? { has(key) ? try string(key) : nil }

    func double(_ key: String) throws -> Double {
        guard let v = table[key] else { throw missing(key) }
        if let d = v.double {
            // NaN and infinity are valid TOML but never a valid quantity here.
            guard d.isFinite else { throw reader.error(key, in: path, "must be a finite number, found \(d)") }
            return d
        }
        if let i = v.int { return Double(i) }
        throw reader.error(key, in: path, "must be a number, found \(v.type)")
    }

    /// An array of [day, value] pairs (a piecewise path), every number finite.
    func numberPairs(_ key: String) throws -> [(Double, Double)] {
        guard let v = table[key] else { throw missing(key) }
        guard let a = v.array else { throw reader.error(key, in: path, "must be an array of [day, value] pairs, found \(v.type)") }
        return try a.enumerated().map { (k, e) in
            guard let pair = e.array, pair.count == 2 else {
                throw reader.error(key, in: path, "element \(k + 1) must be a pair [day, value]")
            }
            let nums = try (0..<2).map { i -> Double in
                if let d = pair[i].double {
                    guard d.isFinite else { throw reader.error(key, in: path, "element \(k + 1) holds \(d); numbers must be finite") }
                    return d
                }
                if let n = pair[i].int { return Double(n) }
                throw reader.error(key, in: path, "element \(k + 1) must hold two numbers, found \(pair[i].type)")
            }
            return (nums[0], nums[1])
        }
    }

    /// A table of number values (e.g. material → days).
    func numberMap(_ key: String) throws -> [String: Double] {
        let s = try section(key)
        var m: [String: Double] = [:]
        for k in s.keys { m[k] = try s.double(k) }
        return m
    }

    func optionalDouble(_ key: String) throws -> Double? { has(key) ? try double(key) : nil }

    func int(_ key: String) throws -> Int {
        guard let v = table[key] else { throw missing(key) }
        guard let i = v.int else { throw reader.error(key, in: path, "must be an integer, found \(v.type)") }
        return i
    }

    func bool(_ key: String) throws -> Bool {
        guard let v = table[key] else { throw missing(key) }
        guard let b = v.bool else { throw reader.error(key, in: path, "must be true or false, found \(v.type)") }
        return b
    }

    func stringArray(_ key: String) throws -> [String] {
        guard let v = table[key] else { throw missing(key) }
        guard let a = v.array else { throw reader.error(key, in: path, "must be an array of strings, found \(v.type)") }
        return try a.map { e in
            guard let s = e.string else { throw reader.error(key, in: path, "must be an array of strings, found an element of type \(e.type)") }
            return s
        }
    }

    func section(_ key: String) throws -> TOMLSection {
        guard let v = table[key] else { throw missing(key) }
        guard let t = v.table else { throw reader.error(key, in: path, "must be a table ([\((path + [key]).joined(separator: "."))]), found \(v.type)") }
        return TOMLSection(reader: reader, table: t, path: path + [key])
    }

    func optionalSection(_ key: String) throws -> TOMLSection? { has(key) ? try section(key) : nil }

    /// An array of tables ([[key]]).
    func sections(_ key: String) throws -> [TOMLSection] {
        guard let v = table[key] else { throw missing(key) }
        guard let a = v.array else { throw reader.error(key, in: path, "must be an array of tables ([[\(key)]]), found \(v.type)") }
        return try a.enumerated().map { (i, e) in
            guard let t = e.table else { throw reader.error(key, in: path, "element \(i + 1) must be a table") }
            return TOMLSection(reader: reader, table: t, path: path + [key])
        }
    }

    /// A table of string values (e.g. code → name).
    func stringMap(_ key: String) throws -> [String: String] {
        let s = try section(key)
        var m: [String: String] = [:]
        for k in s.keys { m[k] = try s.string(k) }
        return m
    }
}

func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var prev = Array(0...b.count)
    for i in 1...a.count {
        var cur = [i] + Array(repeating: 0, count: b.count)
        for j in 1...b.count {
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        prev = cur
    }
    return prev[b.count]
}
