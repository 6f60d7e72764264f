import Foundation

/// SVG charts the project renders itself: deterministic text, no embedded fonts, legible on a code
/// host's Markdown view (GitHub shows SVG through an image link).
public enum Charts {
    static func esc(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func f(_ v: Double) -> String { NumberFormat.fixed(v, 1) }

    /// A "nice" axis maximum at least `v` and near it: 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power
    /// of ten (with only 1, 2, 2.5, 5 a bar of 5.1 sat on an axis to 10, half the chart empty).
    static func niceMax(_ v: Double) -> Double {
        guard v > 0 else { return 1 }
        let p = pow(10, floor(log10(v)))
        for m in [1.0, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10] where m * p >= v - 1e-12 { return m * p }
        return 10 * p
    }

    /// Ticks at round values (steps of 1, 2 or 5 times a power of ten) covering [lo, hi], with 0 among
    /// them when the range spans it: at most about six ticks. An empty range (all values 0) gets 0–1.
    public static func niceTicks(_ lo: Double, _ hi: Double) -> [Double] {
        var a = min(lo, 0), b = max(hi, 0)
        if b - a < 1e-12 { a = 0; b = 1 }
        let raw = (b - a) / 5
        let p = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * p }.first { $0 >= raw - 1e-12 } ?? 10 * p
        let first = floor(a / step + 1e-9) * step, last = ceil(b / step - 1e-9) * step
        let n = Int(((last - first) / step).rounded())
        return (0...max(1, n)).map { (first + Double($0) * step).roundedToStep(step) }
    }

    /// A bar chart's money unit: tables in millions are shown in billions, or trillions once the largest
    /// bar reaches a trillion; other units as they are. Returns the divisor and the unit's name.
    static func moneyScale(_ m: TableMetadata, largest: Double) -> (divisor: Double, name: String) {
        guard m.unit.lowercased().hasPrefix("million") else { return (1, m.unit) }
        return largest >= 1e6 ? (1e6, "trillion \(m.currency)") : (1e3, "billion \(m.currency)")
    }

    public struct Bar: Sendable {
        public var label: String
        public var value: Double
        public var muted: Bool = false
        /// The text at the end of the bar (default: the value with the axis unit).
        public var text: String? = nil
    }

    /// A label cut to `columns` display columns (wide CJK characters count two) with an ellipsis; the
    /// report's sector table beside the chart carries the full name.
    static func truncated(_ label: String, columns: Int) -> String {
        guard TextTable.displayWidth(label) > columns else { return label }
        var out = "", used = 0
        for ch in label {
            let w = TextTable.displayWidth(String(ch))
            if used + w > columns - 1 { break }
            out.append(ch); used += w
        }
        return out + "…"
    }

    /// Up to two decimals, trailing zeros dropped: 1.25, 0.5, 10.
    static func tick(_ v: Double) -> String {
        var s = NumberFormat.fixed(v, 2)
        while s.contains(".") && (s.hasSuffix("0") || s.hasSuffix(".")) { s.removeLast() }
        return s
    }

    /// An SVG document's opening tag (its size, the house font) and its white background: every chart's first lines.
    static func open(width: Double, height: Double, fontSize: Int) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(f(width))\" height=\"\(f(height))\" "
            + "viewBox=\"0 0 \(f(width)) \(f(height))\" font-family=\"Helvetica, Arial, sans-serif\" "
            + "font-size=\"\(fontSize)\">\n<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n"
    }

    /// Horizontal bars in percent, with optional dashed reference lines (label, value).
    public static func bars(title: String, subtitle: String, bars: [Bar], references: [(String, Double)] = [],
                            color: String, unit: String = "%") -> String {
        let left = 330.0, right = 190.0, barArea = 400.0, rowH = 26.0, top = 64.0
        let width = left + barArea + right
        let bottom = top + rowH * Double(bars.count)
        // No bars and nothing to mark: the title and subtitle say it all, without an empty axis.
        let empty = bars.isEmpty && references.isEmpty
        let height = empty ? top : bottom + 40
        let ticks = niceTicks(0, max(bars.map(\.value).max() ?? 0, references.map(\.1).max() ?? 0))
        let maxV = ticks.last!
        var s = open(width: width, height: height, fontSize: 13)
        s += "<text x=\"16\" y=\"24\" font-size=\"16\" font-weight=\"bold\" fill=\"#222\">\(esc(title))</text>\n"
        s += "<text x=\"16\" y=\"44\" fill=\"#555\">\(esc(subtitle))</text>\n"
        for v in ticks where !empty {
            let x = left + barArea * v / maxV
            s += "<line x1=\"\(f(x))\" y1=\"\(f(top - 6))\" x2=\"\(f(x))\" y2=\"\(f(bottom))\""
            s += " stroke=\"\(v == 0 ? "#555" : "#ddd")\"/>\n"
            s += "<text x=\"\(f(x))\" y=\"\(f(bottom + 18))\" text-anchor=\"middle\" fill=\"#555\">"
            s += "\(tick(v))\(esc(unit))</text>\n"
        }
        for (i, b) in bars.enumerated() {
            let y = top + rowH * Double(i)
            let w = max(0, barArea * b.value / maxV)
            let shown = truncated(b.label, columns: 42)
            s += "<text x=\"\(f(left - 8))\" y=\"\(f(y + 17))\" text-anchor=\"end\" fill=\"#222\">\(esc(shown))</text>\n"
            s += "<rect x=\"\(f(left))\" y=\"\(f(y + 4))\" width=\"\(f(w))\" height=\"\(f(rowH - 8))\" fill=\"\(b.muted ? "#aab4be" : color)\"/>\n"
            s += "<text x=\"\(f(left + w + 6))\" y=\"\(f(y + 17))\" fill=\"#222\">\(esc(b.text ?? NumberFormat.fixed(b.value, 2) + unit))</text>\n"
        }
        for (label, v) in references {
            let x = left + barArea * v / maxV
            s += "<line x1=\"\(f(x))\" y1=\"\(f(top - 6))\" x2=\"\(f(x))\" y2=\"\(f(bottom))\" stroke=\"#222\" stroke-dasharray=\"5,4\" stroke-width=\"1.5\"/>\n"
            s += "<text x=\"\(f(x + 4))\" y=\"\(f(top + 4))\" fill=\"#222\" font-size=\"11\">\(esc(label))</text>\n"
        }
        return s + "</svg>\n"
    }

    /// Sector losses: value added lost, in the table's currency, the largest first; the bar's text
    /// gives the loss in percent of the sector's own value added too.
    public static func sectorLosses(_ r: RunResult, top: Int = 12) -> String {
        let t = r.scenario.table
        let losses = r.sectorLosses.prefix(top)
        let (divisor, unitName) = moneyScale(t.metadata, largest: losses.first?.valueAddedLoss ?? 0)
        let rows = losses.map { x in
            Bar(label: "\(x.name) (\(x.code))", value: x.valueAddedLoss / divisor,
                text: "\(NumberFormat.fixed(x.valueAddedLoss / divisor, 2)) (\(NumberFormat.fixed(x.valueAddedLossPercent, 1))%)")
        }
        return bars(title: "\(r.scenario.supplyCase.id): value added lost by sector",
                    subtitle: "\(unitName) (in brackets: % of the sector's value added); the \(rows.count) largest losses; method \(r.main.result.method.rawValue)",
                    bars: Array(rows), color: "#c0392b", unit: "")
    }

    /// GDP loss by method: the bracket methods in colour, comparisons muted, published estimates dashed.
    public static func methodBracket(_ r: RunResult) -> String {
        let c = r.scenario.supplyCase
        let rows = r.methods.map { o in
            Bar(label: o.result.method.rawValue + (o.result.method == c.method ? " (chosen)" : "")
                    + (o.result.method == .strict ? " (limiting case)" : PropagationMethod.bracketMethods.contains(o.result.method) ? "" : " (comparison)"),
                value: o.gdpLossPercent, muted: !PropagationMethod.bracketMethods.contains(o.result.method))
        }
        let refs = c.published.filter { $0.quantity == .gdpLossPercent }.map { ("published \(NumberFormat.fixed($0.value, 2))%", $0.value) }
        return bars(title: "\(c.id): GDP loss by propagation method",
                    subtitle: "% of base GDP; bracket: mixed, industry-first, proportional; grey: limiting case and comparison" + (refs.isEmpty ? "" : "; dashed: published"),
                    bars: rows, references: refs, color: "#2c6fbb")
    }
}

extension Double {
    /// Rounding noise of a tick removed (0.30000000000000004 → 0.3) at the step's precision.
    func roundedToStep(_ step: Double) -> Double {
        let digits = max(0, -Int(floor(log10(step))) + 1)
        let m = pow(10, Double(digits))
        return (self * m).rounded() / m
    }
}
