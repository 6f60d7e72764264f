import Foundation

/// The frontier chart: loss avoided and cost against the lever (top), and what each step of the lever
/// saves per unit of cost on a log scale with the break-even line at one (bottom); the point where the
/// loss avoided less the cost is largest is marked on both.
public enum FrontierChart {
    static let left = 90.0, plotW = 560.0, right = 200.0, panelH = 190.0
    static let top1 = 88.0, gap = 70.0

    public static func svg(_ r: FrontierResult) -> String {
        let width = left + plotW + right
        let top2 = top1 + panelH + gap
        let height = top2 + panelH + 56
        let f = Charts.f
        var s = Charts.open(width: width, height: height, fontSize: 13)
        s += text(16, 24, "\(r.caseID): \(FrontierNotes.leverPhrase(r)), loss avoided against cost",
                  size: 16, bold: true)
        s += text(16, 44, "x: \(r.spec.lever.unit) of \(r.materials.joined(separator: ", ")); "
                  + "loss avoided over the \(r.horizonMonths)-month horizon, gross", color: "#555")
        s += text(16, 62, "against the case with the lever at zero; cost: \(years(r)) "
                  + (r.spec.lever == .allied ? "price premium" : "carrying and capital cost"), color: "#555")
        let xs = r.points.map(\.lever)
        let xTicks = Charts.niceTicks(xs.min() ?? 0, xs.max() ?? 1)
        let x = { (v: Double) in left + plotW * (v - xTicks.first!) / (xTicks.last! - xTicks.first!) }
        s += moneyPanel(r, top: top1, x: x, xTicks: xTicks)
        s += ratioPanel(r, top: top2, x: x, xTicks: xTicks)
        if let b = r.bestIndex {
            let bx = x(r.points[b].lever)
            s += "<line x1=\"\(f(bx))\" y1=\"\(f(top1))\" x2=\"\(f(bx))\" y2=\"\(f(top2 + panelH))\" stroke=\"#222\" "
            s += "stroke-dasharray=\"5,4\" stroke-width=\"1.5\"/>\n"
            // Low in the panel: at this point the loss avoided is near its largest, high in the panel.
            let label = "pays up to \(FrontierReport.lever(r, r.points[b].lever))"
            s += halo(text(bx - 6, top1 + panelH - 34, label, size: 12, bold: true, anchor: "end"))
            s += halo(text(bx - 6, top1 + panelH - 20, "(loss avoided − cost largest)", size: 11, anchor: "end",
                           color: "#555"))
        }
        s += text(left + plotW / 2, top2 + panelH + 44, "lever: \(r.spec.lever.unit)", anchor: "middle", color: "#333")
        return s + "</svg>\n"
    }

    static func years(_ r: FrontierResult) -> String {
        let y = r.costs.finance.yearsHeld
        return y == 1 ? "one year's" : "\(FrontierReport.num(y)) years'"
    }

    /// A white outline under the letters, so a label stays legible over grid lines.
    static func halo(_ t: String) -> String {
        t.replacingOccurrences(of: "<text ",
                               with: "<text stroke=\"#ffffff\" stroke-width=\"4\" paint-order=\"stroke\" ")
    }

    static func text(_ x: Double, _ y: Double, _ t: String, size: Int = 13, bold: Bool = false,
                     anchor: String = "start", color: String = "#222") -> String {
        "<text x=\"\(Charts.f(x))\" y=\"\(Charts.f(y))\" font-size=\"\(size)\"\(bold ? " font-weight=\"bold\"" : "")"
            + " text-anchor=\"\(anchor)\" fill=\"\(color)\">\(Charts.esc(t))</text>\n"
    }

    static func xAxis(_ top: Double, x: (Double) -> Double, ticks: [Double]) -> String {
        var s = ""
        for v in ticks {
            s += "<line x1=\"\(Charts.f(x(v)))\" y1=\"\(Charts.f(top))\" x2=\"\(Charts.f(x(v)))\" "
            s += "y2=\"\(Charts.f(top + panelH))\" stroke=\"#eee\"/>\n"
            s += text(x(v), top + panelH + 16, Charts.tick(v), anchor: "middle", color: "#555")
        }
        return s
    }

    static func line(_ pts: [(Double, Double)], color: String, dash: Bool = false) -> String {
        let d = pts.map { "\(Charts.f($0.0)),\(Charts.f($0.1))" }.joined(separator: " ")
        var s = "<polyline points=\"\(d)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2.5\""
        s += dash ? " stroke-dasharray=\"6,3\"/>\n" : "/>\n"
        for p in pts { s += "<circle cx=\"\(Charts.f(p.0))\" cy=\"\(Charts.f(p.1))\" r=\"3\" fill=\"\(color)\"/>\n" }
        return s
    }

    /// Loss avoided and cost, money of the cost year, in billions or trillions of the currency.
    static func moneyPanel(_ r: FrontierResult, top: Double, x: (Double) -> Double, xTicks: [Double]) -> String {
        let largest = r.points.map { max($0.avoidedTotal, $0.cost) }.max() ?? 0
        let (div, unit) = largest >= 1e12 ? (1e12, "trillion") : (1e9, "billion")
        let cur = r.costs.finance.currency
        let ys = r.points.flatMap { [$0.avoidedTotal / div, $0.cost / div] }
        let ticks = Charts.niceTicks(ys.min() ?? 0, ys.max() ?? 1)
        let y = { (v: Double) in top + panelH - panelH * (v - ticks.first!) / (ticks.last! - ticks.first!) }
        var s = text(left, top - 10, "Loss avoided and cost, \(unit) \(cur) at \(r.costs.finance.gdpYear) GDP",
                     bold: true)
        s += xAxis(top, x: x, ticks: xTicks)
        for v in ticks {
            s += "<line x1=\"\(Charts.f(left))\" y1=\"\(Charts.f(y(v)))\" x2=\"\(Charts.f(left + plotW))\" "
            s += "y2=\"\(Charts.f(y(v)))\" stroke=\"\(v == 0 ? "#555" : "#ddd")\"/>\n"
            s += text(left - 8, y(v) + 4, Charts.tick(v), anchor: "end", color: "#555")
        }
        s += line(r.points.map { (x($0.lever), y($0.avoidedTotal / div)) }, color: "#2c6fbb")
        s += line(r.points.map { (x($0.lever), y($0.cost / div)) }, color: "#c0392b", dash: true)
        let last = r.points.last!
        s += text(left + plotW + 24, y(last.avoidedTotal / div) + 4, "loss avoided", bold: true, color: "#2c6fbb")
        let close = abs(last.cost - last.avoidedTotal) / div < (ticks.last! - ticks.first!) / 12
        let costY = y(last.cost / div) + 4 + (close ? 16 : 0)
        s += text(left + plotW + 24, costY, "cost", bold: true, color: "#c0392b")
        if last.cost / div < (ticks.last! - ticks.first!) / 50 {
            s += text(left + plotW + 24, costY + 15, "at most \(FrontierReport.money(r, last.cost)),", size: 11,
                      color: "#c0392b")
            s += text(left + plotW + 24, costY + 29, "too small to see", size: 11, color: "#c0392b")
        }
        return s
    }

    /// Marginal ratio of each step, log scale; steps that save nothing sit on the floor.
    static func ratioPanel(_ r: FrontierResult, top: Double, x: (Double) -> Double, xTicks: [Double]) -> String {
        let steps = r.points.compactMap { p in p.marginalRatio.map { (p.lever, $0) } }
        let positive = steps.map(\.1).filter { $0 > 0 }
        let lo = min(0.1, (positive.min() ?? 1) / 2), hi = max(10, (positive.max() ?? 1) * 2)
        let l0 = floor(log10(lo)), l1 = ceil(log10(hi))
        let y = { (v: Double) in top + panelH - panelH * (log10(max(v, pow(10, l0))) - l0) / (l1 - l0) }
        var s = text(left, top - 10, "What each step saves per unit of cost (marginal ratio, log scale)", bold: true)
        s += xAxis(top, x: x, ticks: xTicks)
        let stride = max(1, Int((l1 - l0) / 6))
        for e in Swift.stride(from: Int(l0), through: Int(l1), by: stride) {
            let v = pow(10, Double(e))
            s += "<line x1=\"\(Charts.f(left))\" y1=\"\(Charts.f(y(v)))\" x2=\"\(Charts.f(left + plotW))\" "
            s += "y2=\"\(Charts.f(y(v)))\" stroke=\"#ddd\"/>\n"
            s += text(left - 8, y(v) + 4, e >= 0 && e < 7 ? NumberFormat.grouped(v)
                      : (e < 0 && e > -5 ? NumberFormat.fixed(v, -e) : "1e\(e)"), anchor: "end", color: "#555")
        }
        s += "<line x1=\"\(Charts.f(left))\" y1=\"\(Charts.f(y(1)))\" x2=\"\(Charts.f(left + plotW))\" "
        s += "y2=\"\(Charts.f(y(1)))\" stroke=\"#c0392b\" stroke-width=\"1.5\"/>\n"
        s += text(left + plotW + 24, y(1) + 4, "1: a unit saves a unit", bold: true, color: "#c0392b")
        s += line(steps.map { (x($0.0), y($0.1)) }, color: "#2c6fbb")
        if steps.contains(where: { $0.1 <= pow(10, l0) }) {
            s += text(left + plotW + 24, y(pow(10, l0)) - 10, "on the floor: the step saves",
                      size: 11, color: "#555")
            let floorText = NumberFormat.significant(pow(10, l0), 2)
            s += text(left + plotW + 24, y(pow(10, l0)) + 4, "\(floorText) or less (the stock",
                      size: 11, color: "#555")
            s += text(left + plotW + 24, y(pow(10, l0)) + 18, "is more than the cut draws)", size: 11, color: "#555")
        }
        return s
    }
}
