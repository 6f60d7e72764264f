import Foundation

/// Output formats of the command.
public enum OutputFormat: String, Sendable, CaseIterable {
    case text, csv, json, markdown
}

/// One number format everywhere, locale-independent and deterministic.
public enum NumberFormat {
    /// Fixed decimals with thousands separators: 1,234,567.8
    public static func grouped(_ v: Double, decimals: Int = 0) -> String {
        if !v.isFinite { return v.isNaN ? "NaN" : (v > 0 ? "inf" : "-inf") }
        let s = String(format: "%.\(decimals)f", abs(v))
        let parts = s.split(separator: ".", maxSplits: 1)
        var intPart = String(parts[0])
        var out = ""
        while intPart.count > 3 {
            out = "," + intPart.suffix(3) + out
            intPart = String(intPart.dropLast(3))
        }
        out = intPart + out
        if parts.count > 1 { out += "." + parts[1] }
        let negative = v < 0 && (Double(s) ?? 0) != 0
        return (negative ? "-" : "") + out
    }

    public static func fixed(_ v: Double, _ decimals: Int) -> String {
        let s = String(format: "%.\(decimals)f", v)
        return s == "-" + String(format: "%.\(decimals)f", 0.0) ? String(format: "%.\(decimals)f", 0.0) : s
    }

    /// Full precision for machine-readable output (shortest round-trip representation).
    public static func exact(_ v: Double) -> String { "\(v)" }

    /// Significant digits (for coefficients).
    public static func significant(_ v: Double, _ digits: Int = 6) -> String { String(format: "%.\(digits)g", v) }
}

/// A rectangular table of strings rendered as text, CSV or Markdown.
public struct TextTable: Sendable {
    public var header: [String]
    public var rows: [[String]]
    /// Columns aligned right in text and Markdown (numbers).
    public var rightAligned: Set<Int>

    public init(header: [String], rows: [[String]], rightAligned: Set<Int> = []) {
        self.header = header; self.rows = rows; self.rightAligned = rightAligned
    }

    public func render(_ format: OutputFormat) -> String {
        switch format {
        case .text: return text()
        case .csv: return csv()
        case .markdown: return markdown()
        case .json:
            // Numeric (right-aligned) columns as JSON numbers, not display strings: "583,655" → 583655,
            // "–" (none) → null; a cell that is not a plain number (a range "0.92–2.81") stays a string.
            return JSON.array(rows.map { row in .object(zip(header, row).enumerated().map { j, cell in
                (cell.0, rightAligned.contains(j) ? TextTable.jsonValue(cell.1) : .string(cell.1))
            }) }).render() + "\n"
        }
    }

    public func text() -> String {
        var widths = header.map(TextTable.displayWidth)
        for r in rows { for (j, c) in r.enumerated() where j < widths.count { widths[j] = max(widths[j], TextTable.displayWidth(c)) } }
        func line(_ cells: [String]) -> String {
            var s = cells.enumerated().map { j, c in
                let pad = String(repeating: " ", count: max(0, widths[j] - TextTable.displayWidth(c)))
                return rightAligned.contains(j) ? pad + c : c + pad
            }.joined(separator: "  ")
            // Trailing blanks dropped by hand: the regex `\s+$` is quadratic in a long run of spaces.
            while s.last == " " { s.removeLast() }
            return s
        }
        return ([line(header), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")] + rows.map(line))
            .joined(separator: "\n") + "\n"
    }

    static func jsonValue(_ cell: String) -> JSON {
        let t = cell.trimmingCharacters(in: .whitespaces)
        if t.isEmpty || t == "–" || t == "-" { return .null }
        if let v = Double(t.replacingOccurrences(of: ",", with: "")), v.isFinite { return .number(v) }
        return .string(cell)
    }

    /// Columns a string takes in a terminal: East Asian wide and fullwidth characters (kanji, kana,
    /// hangul, fullwidth forms) take two, combining marks none, everything else one.
    public static func displayWidth(_ s: String) -> Int {
        var w = 0
        for u in s.unicodeScalars {
            let v = u.value
            if v == 0x200B || (0x0300...0x036F).contains(v) || (0xFE00...0xFE0F).contains(v) { continue }
            if (0x1100...0x115F).contains(v) || (0x2E80...0x303E).contains(v) || (0x3041...0x33FF).contains(v)
                || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v) || (0xA000...0xA4CF).contains(v)
                || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v)
                || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v) || (0x20000...0x3FFFD).contains(v) {
                w += 2
            } else {
                w += 1
            }
        }
        return w
    }

    public func csv() -> String {
        ([header] + rows).map { $0.map(TextTable.csvField).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    public static func csvField(_ s: String) -> String {
        // A byte scan (comma, quote, line feed), not three Foundation substring searches per field.
        if s.utf8.contains(where: { $0 == 44 || $0 == 34 || $0 == 10 }) {
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }

    public func markdown() -> String {
        let head = "| " + header.map(Markdown.escapeCell).joined(separator: " | ") + " |"
        let rule = "|" + header.indices.map { rightAligned.contains($0) ? "---:|" : "---|" }.joined()
        let body = rows.map { "| " + $0.map(Markdown.escapeCell).joined(separator: " | ") + " |" }
        return ([head, rule] + body).joined(separator: "\n") + "\n"
    }
}

public enum Markdown {
    /// Escapes text for a Markdown table cell: pipes, backslashes, emphasis and link characters, newlines.
    public static func escapeCell(_ s: String) -> String {
        var out = ""
        for ch in s {
            switch ch {
            case "|", "\\", "*", "_", "`", "[", "]", "<", ">", "#": out += "\\" + String(ch)
            case "\n", "\r": out += " "
            default: out.append(ch)
            }
        }
        return out
    }
}

/// A JSON value with ordered object keys, so output is deterministic and the schema reads in order.
public indirect enum JSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSON])
    case object([(String, JSON)])

    public static func == (a: JSON, b: JSON) -> Bool { a.render() == b.render() }

    public static func numbers(_ v: [Double]) -> JSON { .array(v.map { .number($0) }) }

    public func render(indent: Int = 0) -> String {
        let pad = String(repeating: "  ", count: indent), inner = String(repeating: "  ", count: indent + 1)
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let d):
            if !d.isFinite { return "null" }
            if d == d.rounded() && abs(d) < 1e15 { return String(Int64(d)) }
            return "\(d)"
        case .string(let s): return JSON.quote(s)
        case .array(let a):
            if a.isEmpty { return "[]" }
            if a.allSatisfy({ if case .number = $0 { return true } else { return false } }) {
                return "[" + a.map { $0.render() }.joined(separator: ", ") + "]"
            }
            return "[\n" + a.map { inner + $0.render(indent: indent + 1) }.joined(separator: ",\n") + "\n" + pad + "]"
        case .object(let o):
            if o.isEmpty { return "{}" }
            return "{\n" + o.map { inner + JSON.quote($0.0) + ": " + $0.1.render(indent: indent + 1) }.joined(separator: ",\n") + "\n" + pad + "}"
        }
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 { out += String(format: "\\u%04x", u.value) } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }
}
