import Foundation

/// Writes edited levers back into a case's TOML text: the top-level `id`, `title`, `horizon_months` and
/// `parameters` lines are replaced in place; the lever tables (`[stocks]`, `[substitution]`,
/// `[allocation]`, `[rationing]`, every `[[cut]]`, `[[stockpile]]` and `[[allied]]`) are taken out and
/// written anew at the end; everything else (description, inventories, recovery, employment, GDP base,
/// user materials, published estimates, comments) is kept as written. The result is text for the strict
/// loader, which checks it as it checks any case file: this type validates nothing itself.
public enum CaseEditor {
    /// The tables the levers own (and their sub-tables).
    static let leverTables: Set<String> = ["stocks", "substitution", "allocation", "rationing", "cut", "stockpile",
                                           "allied"]

    public static func apply(_ levers: CaseLevers, to text: String) -> String {
        let blocks = split(text)
        var preamble = blocks.first?.lines ?? []
        patch(&preamble, levers)
        var out = preamble
        for b in blocks.dropFirst() where !leverTables.contains(b.root) { out += b.lines }
        while out.last?.trimmingCharacters(in: .whitespaces).isEmpty == true { out.removeLast() }
        out.append("")
        out.append("# Levers as edited in the workbench (ioimpact serve).")
        out += emit(levers)
        return out.joined(separator: "\n") + "\n"
    }

    struct Block {
        var root: String
        var lines: [String]
    }

    /// The preamble (top-level keys) and one block per table header, outside multi-line strings.
    static func split(_ text: String) -> [Block] {
        var blocks = [Block(root: "", lines: [])]
        var inString: String? = nil
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if inString == nil, let name = header(line) {
                blocks.append(Block(root: String(name.split(separator: ".").first ?? ""), lines: []))
            }
            blocks[blocks.count - 1].lines.append(line)
            for q in ["\"\"\"", "'''"] where inString == nil || inString == q {
                if line.components(separatedBy: q).count % 2 == 0 { inString = inString == nil ? q : nil }
            }
        }
        if blocks[blocks.count - 1].lines.last == "" { blocks[blocks.count - 1].lines.removeLast() }
        return blocks
    }

    /// The name of a `[table]` or `[[array]]` header line, or nil.
    static func header(_ line: String) -> String? {
        var s = Substring(line.trimmingCharacters(in: .whitespaces))
        if let hash = s.firstIndex(of: "#") { s = s[..<hash] }
        s = Substring(s.trimmingCharacters(in: .whitespaces))
        guard s.hasPrefix("["), s.hasSuffix("]") else { return nil }
        let name = s.trimmingCharacters(in: CharacterSet(charactersIn: "[] "))
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "_-.\" "))
        guard let first = name.unicodeScalars.first, CharacterSet.letters.contains(first) || first == "\"",
              name.unicodeScalars.allSatisfy(allowed.contains) else { return nil }
        return name.replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "\"", with: "")
    }

    /// Replaces (or adds) the top-level keys the levers set.
    static func patch(_ lines: inout [String], _ l: CaseLevers) {
        func index(_ key: String) -> Int? {
            lines.firstIndex { line in
                let t = line.trimmingCharacters(in: .whitespaces)
                guard t.hasPrefix(key) else { return false }
                return t.dropFirst(key.count).trimmingCharacters(in: .whitespaces).hasPrefix("=")
            }
        }
        func set(_ key: String, _ value: String?) {
            let line = value.map { "\(key) = \($0)" }
                ?? "# \(key): left out in the workbench (the case's own values are used)"
            if let k = index(key) { lines[k] = line } else if value != nil {
                let after = index("horizon_months").map { $0 + 1 } ?? lines.count
                lines.insert(line, at: after)
            }
        }
        set("id", quote(l.id))
        set("title", quote(l.title))
        set("horizon_months", String(l.horizonMonths))
        set("parameters", l.parameters.map(quote))
    }

    static func emit(_ l: CaseLevers) -> [String] {
        var out: [String] = []
        func key(_ k: String, _ v: String) { out.append("\(k) = \(v)") }
        if l.stockDays > 0 || !l.stockDaysByMaterial.isEmpty || !l.stockBasis.isEmpty {
            out += ["", "[stocks]"]
            key("days", number(l.stockDays))
            if !l.stockDaysByMaterial.isEmpty { key("by_material", map(l.stockDaysByMaterial)) }
            key("basis", quote(l.stockBasis.isEmpty ? "ASSUMPTION: set in the workbench" : l.stockBasis))
        }
        if l.substitutionCeiling > 0 || !l.substitutionCeilingByMaterial.isEmpty || !l.substitutionBasis.isEmpty {
            out += ["", "[substitution]"]
            key("ceiling", number(l.substitutionCeiling))
            key("days", number(l.substitutionDays))
            if !l.substitutionCeilingByMaterial.isEmpty {
                key("ceiling_by_material", map(l.substitutionCeilingByMaterial))
            }
            key("basis", quote(l.substitutionBasis.isEmpty ? "ASSUMPTION: set in the workbench" : l.substitutionBasis))
        }
        out += ["", "[allocation]"]
        key("rule", quote(l.allocation))
        if !l.prioritySectors.isEmpty { key("priority_sectors", strings(l.prioritySectors)) }
        out += ["", "[rationing]"]
        key("rule", quote(l.rationing))
        for c in l.cuts {
            out += ["", "[[cut]]"]
            key("material", quote(c.material))
            key("origin", quote(c.origin))
            key("flow", points(c.flow))
            key("flow_basis", quote(c.flowBasis))
            if let s = c.originShare { key("origin_share", number(s)) }
            if let b = c.originShareBasis { key("origin_share_basis", quote(b)) }
            if let d = c.destinations { key("destinations", strings(d)) }
        }
        for s in l.stockpiles {
            out += ["", "[[stockpile]]"]
            key("material", quote(s.material))
            key("tonnes", number(s.tonnes))
            key("start_day", number(s.startDay))
            key("max_tonnes_per_week", number(s.maxTonnesPerWeek))
            if !s.users.isEmpty { key("users", strings(s.users)) }
            if let r = s.regions { key("regions", strings(r)) }
            key("basis", quote(s.basis))
        }
        for a in l.allied {
            out += ["", "[[allied]]"]
            key("material", quote(a.material))
            key("ramp", points(a.ramp))
            if let p = a.producer { key("producer", quote(p)) }
            if let p = a.partners { key("partners", strings(p)) }
            key("sharing", quote(a.sharing))
            if !a.shares.isEmpty { key("shares", map(a.shares)) }
            key("basis", quote(a.basis))
        }
        return out
    }

    /// A TOML basic string.
    static func quote(_ s: String) -> String {
        var r = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": r += "\\\""
            case "\\": r += "\\\\"
            case "\n": r += "\\n"
            case "\t": r += "\\t"
            case "\r": r += "\\r"
            default:
                if u.value < 0x20 || u.value == 0x7f {
                    r += String(format: "\\u%04X", u.value)
                } else {
                    r.unicodeScalars.append(u)
                }
            }
        }
        return r + "\""
    }

    /// An integer where the value is whole, else Swift's shortest round-trip form (valid TOML).
    static func number(_ v: Double) -> String {
        if v == v.rounded() && abs(v) < 1e15 { return String(Int64(v)) }
        return "\(v)"
    }

    static func strings(_ a: [String]) -> String { "[" + a.map(quote).joined(separator: ", ") + "]" }

    static func map(_ m: [String: Double]) -> String {
        let pairs = m.sorted { $0.key < $1.key }.map { "\(quote($0.key)) = \(number($0.value))" }
        return "{ " + pairs.joined(separator: ", ") + " }"
    }

    /// `[[day, value], ...]`; a point that is not a pair is written as it is, for the loader to refuse.
    static func points(_ p: [[Double]]) -> String {
        "[" + p.map { "[" + $0.map(number).joined(separator: ", ") + "]" }.joined(separator: ", ") + "]"
    }
}
