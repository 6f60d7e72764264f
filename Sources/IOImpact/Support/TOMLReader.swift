import Foundation
internal import TOMLKit

/// Strict reading of a TOML file: unknown keys, wrong types and missing fields are errors that
/// name the file, the line and the key.
struct TOMLReader {
    let path: String
    let lines: [Substring]
    let root: TOMLTable
    /// Where each key and table header sits, built in one pass on the first lookup, so that naming
    /// the line of every key of a file with many `[[cut]]` blocks stays linear in the file's size.
    let keyLines = KeyLineIndex()

    /// The largest TOML file read (a case, a parameter file, a spec, a manifest): 10 MiB, over a
    /// thousand times the largest reference case.
    static let maxBytes = 10 * 1024 * 1024

    init(path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { throw InputError(file: path, "file not found") }
        if let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? NSNumber,
           size.intValue > TOMLReader.maxBytes {
            throw TOMLReader.tooLarge(path, size.intValue)
        }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw InputError(file: path, "cannot be read as UTF-8 text")
        }
        try self.init(path: path, text: text)
    }

    init(path: String, text: String) throws {
        if text.utf8.count > TOMLReader.maxBytes { throw TOMLReader.tooLarge(path, text.utf8.count) }
        self.path = path
        self.lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if let (line, message) = TOMLReader.abortingSyntax(text) {
            throw InputError(file: path, line: line, "TOML syntax error: \(message)")
        }
        do {
            self.root = try TOMLTable(string: text)
        } catch let e as TOMLParseError {
            throw InputError(file: path, line: e.source.begin.line, "TOML syntax error: \(e.description)")
        }
    }

    static func tooLarge(_ path: String, _ bytes: Int) -> InputError {
        let size = String(format: "%.1f MiB", Double(bytes) / 1048576)
        return InputError(file: path, "\(size); the limit is 10 MiB for a TOML input (a case, parameter file or spec)")
    }

    /// Two inputs make the TOML parser (toml++ 3, inside TOMLKit) fail an assertion and abort the
    /// process (both found by `make fuzz`): a table header without a name (`[` or `[[` followed by a
    /// line end, `.`, `#`, `=` ...), and a `}` where an array expects a value (`[}`, `[1, }`, also
    /// after comments and line breaks). Both are refused here first. Scans outside strings and comments.
    static func abortingSyntax(_ text: String) -> (Int, String)? {
        let c = Array(text.utf8)
        var i = 0, line = 1
        var open: [UInt8] = []   // the '[' and '{' of values still open
        var depth: Int { open.count }
        var arrayWantsValue = false   // just after an array's '[' or one of its ','
        var lineStart = true
        func isKeyStart(_ b: UInt8) -> Bool {
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b == 0x2D || b == 0x22 || b == 0x27
        }
        func starts(_ s: String, at k: Int) -> Bool {
            let u = Array(s.utf8)
            return k + u.count <= c.count && Array(c[k..<(k + u.count)]) == u
        }
        while i < c.count {
            let b = c[i]
            if b == 0x0A { line += 1; lineStart = true; i += 1; continue }
            if b == 0x20 || b == 0x09 || b == 0x0D { i += 1; continue }
            if b == 0x23 {   // comment to the end of the line
                while i < c.count && c[i] != 0x0A { i += 1 }
                continue
            }
            if arrayWantsValue && b == 0x7D {
                return (line, "an array needs a value or ']' here, saw '}'")
            }
            arrayWantsValue = false
            if b == 0x22 || b == 0x27 {   // strings: basic, literal, and their multi-line forms
                let q = b
                let triple = starts(q == 0x22 ? "\"\"\"" : "'''", at: i)
                i += triple ? 3 : 1
                while i < c.count {
                    if c[i] == 0x0A { line += 1; if !triple { break } }
                    if q == 0x22 && c[i] == 0x5C { i += 2; continue }
                    if c[i] == q && (!triple || starts(q == 0x22 ? "\"\"\"" : "'''", at: i)) {
                        i += triple ? 3 : 1
                        break
                    }
                    i += 1
                }
                lineStart = false
                continue
            }
            if lineStart && depth == 0 && b == 0x5B {   // a table header
                var k = i + 1
                if k < c.count && c[k] == 0x5B { k += 1 }
                while k < c.count && (c[k] == 0x20 || c[k] == 0x09) { k += 1 }
                if k >= c.count || !isKeyStart(c[k]) { return (line, "a table header needs a name after '['") }
                while i < c.count && c[i] != 0x0A { i += 1 }   // the rest of the header line
                continue
            }
            lineStart = false
            if b == 0x5B || b == 0x7B {
                open.append(b)
                arrayWantsValue = b == 0x5B
            } else if (b == 0x5D || b == 0x7D) && depth > 0 {
                open.removeLast()
            } else if b == 0x2C && open.last == 0x5B {
                arrayWantsValue = true
            }
            i += 1
        }
        return nil
    }

    /// The 1-based line where `key` is assigned inside `[section]` (best effort, for messages).
    /// `occurrences[k]`, when given, picks the element (0-based) of an array of tables at `section[...k]`:
    /// an error in the fourth `[[material]]` block names a line of that block, not of the first.
    func line(of key: String, in section: [String], occurrences: [Int?] = []) -> Int? {
        keyLines.build(lines)
        if let decided = keyLines.lookup(key: key, section: section, occurrences: occurrences) { return decided }
        return scanLine(of: key, in: section, occurrences: occurrences)
    }

    /// The same answer by a scan of every line: the index's fallback where an occurrence is unknown.
    func scanLine(of key: String, in section: [String], occurrences: [Int?] = []) -> Int? {
        var current: [String] = []
        var counts: [String: Int] = [:]
        func matches(_ path: [String]) -> Bool {
            guard path.count >= section.count, Array(path.prefix(section.count)) == section else { return false }
            for (k, o) in occurrences.enumerated() where k < section.count {
                guard let o else { continue }
                if counts[section[0...k].joined(separator: "."), default: 0] != o + 1 { return false }
            }
            return true
        }
        // A header of an array of tables named with its own occurrence (the k-th [[cut]]) is that block's.
        func ownOccurrence(_ counts: [String: Int]) -> Bool {
            guard section.count < occurrences.count, let o = occurrences[section.count] else { return true }
            return counts[(section + [key]).joined(separator: "."), default: 0] == o + 1
        }
        for (k, raw) in lines.enumerated() {
            let l = raw.trimmingCharacters(in: .whitespaces)
            if l.hasPrefix("[") {
                let isArray = l.hasPrefix("[[")
                let name = String(l.prefix { $0 != "#" }).trimmingCharacters(in: CharacterSet(charactersIn: "[] "))
                current = name.split(separator: ".").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\" ")) }
                if isArray {
                    let dotted = current.joined(separator: ".")
                    counts[dotted, default: 0] += 1
                    for c in counts.keys where c.hasPrefix(dotted + ".") { counts[c] = 0 }
                }
                if current == section + [key] && matches(current) && ownOccurrence(counts) { return k + 1 }
                continue
            }
            if current == section && matches(current) && l.contains("=") {
                let lhs = l.split(separator: "=", maxSplits: 1).first.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\" ")) }
                if lhs == key { return k + 1 }
            }
        }
        return nil
    }

    /// The header's table path, as `line(of:)` reads it.
    static func headerPath(_ l: String) -> [String] {
        let name = String(l.prefix { $0 != "#" }).trimmingCharacters(in: CharacterSet(charactersIn: "[] "))
        return name.split(separator: ".").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\" ")) }
    }

    func error(_ key: String, in section: [String], occurrences: [Int?] = [], _ message: String) -> InputError {
        let dotted = (section + [key]).joined(separator: ".")
        return InputError(file: path, line: line(of: key, in: section, occurrences: occurrences), field: "key '\(dotted)'", message)
    }
}

/// The first line of every (table path with array occurrences, key) and of every table header, from one
/// pass over the file, with the same reading of headers and keys as `TOMLReader.scanLine`. A lookup
/// whose occurrence at an array table is unknown (nil) cannot be decided here (nil) and the caller scans;
/// any other lookup is decided: the line, or `.some(nil)` when the key is not in the file.
final class KeyLineIndex: @unchecked Sendable {
    private var built = false
    private var first: [String: Int] = [:]
    private var arrays = Set<String>()

    static func canonical(_ section: [String], _ counts: [Int], _ key: String, header: Bool) -> String {
        zip(section, counts).map { "\($0)#\($1)" }.joined(separator: "\u{1}") + (header ? "\u{2}[" : "\u{2}=") + key
    }

    func build(_ lines: [Substring]) {
        guard !built else { return }
        built = true
        var current: [String] = []
        var counts: [String: Int] = [:]
        func prefixCounts(_ path: [String]) -> [Int] {
            path.indices.map { counts[path[0...$0].joined(separator: "."), default: 0] }
        }
        for (k, raw) in lines.enumerated() {
            let l = raw.trimmingCharacters(in: .whitespaces)
            if l.hasPrefix("[") {
                current = TOMLReader.headerPath(l)
                if l.hasPrefix("[[") {
                    let dotted = current.joined(separator: ".")
                    arrays.insert(dotted)
                    counts[dotted, default: 0] += 1
                    for c in counts.keys where c.hasPrefix(dotted + ".") { counts[c] = 0 }
                }
                guard let last = current.last else { continue }
                let section = Array(current.dropLast())
                let key = KeyLineIndex.canonical(section, prefixCounts(section), last, header: true)
                if first[key] == nil { first[key] = k + 1 }
                let own = key + "#\(counts[current.joined(separator: "."), default: 0])"
                if first[own] == nil { first[own] = k + 1 }
                continue
            }
            guard let lhs = l.split(separator: "=", maxSplits: 1).first
                    .map({ $0.trimmingCharacters(in: CharacterSet(charactersIn: "\" ")) }),
                  l.contains("=") else { continue }
            let key = KeyLineIndex.canonical(current, prefixCounts(current), lhs, header: false)
            if first[key] == nil { first[key] = k + 1 }
        }
    }

    func lookup(key: String, section: [String], occurrences: [Int?]) -> Int?? {
        var counts: [Int] = []
        for k in section.indices {
            if k < occurrences.count, let o = occurrences[k] {
                counts.append(o + 1)
            } else if arrays.contains(section[0...k].joined(separator: ".")) {
                return nil  // any occurrence of an array table: the caller scans
            } else {
                counts.append(0)
            }
        }
        var headerKey = KeyLineIndex.canonical(section, counts, key, header: true)
        if section.count < occurrences.count, let o = occurrences[section.count] { headerKey += "#\(o + 1)" }
        let h = first[headerKey]
        let v = first[KeyLineIndex.canonical(section, counts, key, header: false)]
        switch (h, v) {
        case let (a?, b?): return .some(min(a, b))
        case let (a?, nil): return .some(a)
        case let (nil, b?): return .some(b)
        default: return .some(nil)
        }
    }
}

/// A view of one TOML table with its position, for strict typed access.
struct TOMLSection {
    let reader: TOMLReader
    let table: TOMLTable
    let path: [String]
    /// For each component of `path`, the element's index when it is an array of tables.
    let occurrences: [Int?]

    init(_ reader: TOMLReader) { self.reader = reader; self.table = reader.root; self.path = []; self.occurrences = [] }
    init(reader: TOMLReader, table: TOMLTable, path: [String], occurrences: [Int?]? = nil) {
        self.reader = reader; self.table = table; self.path = path
        self.occurrences = occurrences ?? Array(repeating: nil, count: path.count)
    }

    /// The line of `key` in this table (its own block when it is one of an array of tables).
    func line(_ key: String) -> Int? { reader.line(of: key, in: path, occurrences: occurrences) }

    /// An error at `key` of this table (its own block when it is one of an array of tables).
    func error(_ key: String, _ message: String) -> InputError {
        reader.error(key, in: path, occurrences: occurrences, message)
    }

    var keys: [String] { table.keys }

    func has(_ key: String) -> Bool { table[key] != nil }

    /// Rejects keys not in `allowed`, with the closest allowed key as a hint.
    func rejectUnknownKeys(_ allowed: [String]) throws {
        for k in table.keys where !allowed.contains(k) {
            let hint = allowed.min { editDistance($0, k) < editDistance($1, k) }.map { " (did you mean '\($0)'?)" } ?? ""
            throw error(k, "unknown key\(hint); allowed here: \(allowed.joined(separator: ", "))")
        }
    }

    func missing(_ key: String) -> InputError {
        let dotted = (path + [key]).joined(separator: ".")
        let at = path.isEmpty ? "" : " in [\(path.joined(separator: "."))]"
        let line = path.isEmpty ? nil : reader.line(of: path.last!, in: Array(path.dropLast()), occurrences: occurrences)
        return InputError(file: reader.path, line: line, field: "key '\(dotted)'", "required field is missing\(at)")
    }

    func string(_ key: String) throws -> String {
        guard let v = table[key] else { throw missing(key) }
        guard let s = v.string else { throw error(key, "must be a string, found \(v.type)") }
        return s
    }

    /// A calendar day as text, "YYYY-MM-DD": a quoted string, or a TOML local date written without quotes.
    func dayText(_ key: String) throws -> String {
        guard let v = table[key] else { throw missing(key) }
        if let d = v.date {
            func padded(_ v: Int, _ width: Int) -> String { String(repeating: "0", count: max(0, width - String(v).count)) + String(v) }
            return "\(padded(d.year, 4))-\(padded(d.month, 2))-\(padded(d.day, 2))"
        }
        guard let s = v.string else { throw error(key, "must be a date YYYY-MM-DD, found \(v.type)") }
        return s
    }

    func optionalString(_ key: String) throws -> String? { has(key) ? try string(key) : nil }

    func double(_ key: String) throws -> Double {
        guard let v = table[key] else { throw missing(key) }
        if let d = v.double {
            // NaN and infinity are valid TOML but never a valid quantity here.
            guard d.isFinite else { throw error(key, "must be a finite number, found \(d)") }
            return d
        }
        if let i = v.int { return Double(i) }
        throw error(key, "must be a number, found \(v.type)")
    }

    /// An array of [day, value] pairs (a piecewise path), every number finite.
    func numberPairs(_ key: String) throws -> [(Double, Double)] {
        guard let v = table[key] else { throw missing(key) }
        guard let a = v.array else { throw error(key, "must be an array of [day, value] pairs, found \(v.type)") }
        return try a.enumerated().map { (k, e) in
            guard let pair = e.array, pair.count == 2 else {
                throw error(key, "element \(k + 1) must be a pair [day, value]")
            }
            let nums = try (0..<2).map { i -> Double in
                if let d = pair[i].double {
                    guard d.isFinite else { throw error(key, "element \(k + 1) holds \(d); numbers must be finite") }
                    return d
                }
                if let n = pair[i].int { return Double(n) }
                throw error(key, "element \(k + 1) must hold two numbers, found \(pair[i].type)")
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
        guard let i = v.int else { throw error(key, "must be an integer, found \(v.type)") }
        return i
    }

    func bool(_ key: String) throws -> Bool {
        guard let v = table[key] else { throw missing(key) }
        guard let b = v.bool else { throw error(key, "must be true or false, found \(v.type)") }
        return b
    }

    func stringArray(_ key: String) throws -> [String] {
        guard let v = table[key] else { throw missing(key) }
        guard let a = v.array else { throw error(key, "must be an array of strings, found \(v.type)") }
        return try a.map { e in
            guard let s = e.string else { throw error(key, "must be an array of strings, found an element of type \(e.type)") }
            return s
        }
    }

    func section(_ key: String) throws -> TOMLSection {
        guard let v = table[key] else { throw missing(key) }
        guard let t = v.table else { throw error(key, "must be a table ([\((path + [key]).joined(separator: "."))]), found \(v.type)") }
        return TOMLSection(reader: reader, table: t, path: path + [key], occurrences: occurrences + [nil])
    }

    func optionalSection(_ key: String) throws -> TOMLSection? { has(key) ? try section(key) : nil }

    /// An array of tables ([[key]]).
    func sections(_ key: String) throws -> [TOMLSection] {
        guard let v = table[key] else { throw missing(key) }
        guard let a = v.array else { throw error(key, "must be an array of tables ([[\(key)]]), found \(v.type)") }
        return try a.enumerated().map { (i, e) in
            guard let t = e.table else { throw error(key, "element \(i + 1) must be a table") }
            return TOMLSection(reader: reader, table: t, path: path + [key], occurrences: occurrences + [i])
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
