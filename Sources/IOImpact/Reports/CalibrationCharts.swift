import Foundation

/// The calibration report's charts: observed against model by IIP industry, and Sobol indices.
enum CalibrationCharts {
    typealias C = Charts

    /// Small multiples, one panel per IIP industry: the model's monthly change at the posterior median
    /// (line) and its P5–P95 over posterior draws (band), the observed change minus the trend (dots)
    /// with ±σ (whiskers).
    static func episode(_ r: CalibrationResult) -> String {
        let ev = r.posterior.evidence, fit = r.episodeFit
        // The months up to the last one observed.
        let last = ev.observations.map(\.month).max() ?? fit.monthLabels.count - 1
        let labels = Array(fit.monthLabels.prefix(last + 1))
        let cols = 2, panelW = 430.0, panelH = 200.0, padL = 46.0, padT = 30.0, padB = 34.0, top = 84.0
        let rows = (ev.industries.count + cols - 1) / cols
        let width = Double(cols) * panelW + 20, height = top + Double(rows) * (panelH + padT + padB) + 30
        let f = C.f
        var s = C.open(width: width, height: height, fontSize: 12)
        s += "<text x=\"16\" y=\"24\" font-size=\"16\" font-weight=\"bold\" fill=\"#222\">Japan 2025: production by "
        s += "IIP industry, observed against the model</text>\n"
        s += "<text x=\"16\" y=\"44\" fill=\"#555\">Month-on-month change, %. Red line: model at the posterior median; "
        s += "red band: P5–P95 over posterior draws;</text>\n"
        s += "<text x=\"16\" y=\"60\" fill=\"#555\">grey band: P5–P95 "
        s += "over prior draws. Black: METI's change minus the "
        s += "trend (\(C.esc(NumberFormat.fixed(ev.trend, 2)))%/month), whiskers ±σ.</text>\n"
        for (k, ind) in ev.industries.enumerated() {
            let x0 = 10 + Double(k % cols) * panelW + padL, y0 = top + Double(k / cols) * (panelH + padT + padB) + padT
            let w = panelW - padL - 20
            let obs = ev.observations.filter { $0.industry == k }
            let shown = labels.indices
            var lo = shown.map { min(fit.low[k][$0], fit.priorLow[k][$0]) }.min() ?? 0
            var hi = shown.map { max(fit.high[k][$0], fit.priorHigh[k][$0]) }.max() ?? 0
            for o in obs {
                lo = min(lo, o.observed - ev.trend - ind.sigma)
                hi = max(hi, o.observed - ev.trend + ind.sigma)
            }
            let ticks = C.niceTicks(lo, hi)
            let tLo = ticks.first!, tHi = ticks.last!
            func x(_ t: Int) -> Double { x0 + w * (Double(t) + 0.5) / Double(labels.count) }
            func y(_ v: Double) -> Double { y0 + panelH * (tHi - v) / (tHi - tLo) }
            s += "<text x=\"\(f(x0))\" y=\"\(f(y0 - 10))\" font-weight=\"bold\" fill=\"#222\">\(C.esc(ind.name)) "
            s += "(σ \(C.esc(NumberFormat.fixed(ind.sigma, 1)))%)</text>\n"
            for v in ticks {
                s += "<line x1=\"\(f(x0))\" y1=\"\(f(y(v)))\" x2=\"\(f(x0 + w))\" y2=\"\(f(y(v)))\" "
                s += "stroke=\"\(v == 0 ? "#555" : "#e3e3e3")\"/>\n"
                s += "<text x=\"\(f(x0 - 6))\" y=\"\(f(y(v) + 4))\" text-anchor=\"end\" "
                s += "fill=\"#555\">\(C.tick(v))</text>\n"
            }
            for t in labels.indices where t % 2 == 0 || labels.count <= 10 {
                s += "<text x=\"\(f(x(t)))\" y=\"\(f(y0 + panelH + 16))\" text-anchor=\"middle\" "
                s += "fill=\"#555\">\(C.esc(String(labels[t].dropFirst(2))))</text>\n"
            }
            let bands = [(fit.priorHigh[k], fit.priorLow[k], "#7f8c8d", "0.22"),
                         (fit.high[k], fit.low[k], "#c0392b", "0.3")]
            for (hiB, loB, fill, opacity) in bands {
                let upper = labels.indices.map { "\(f(x($0))),\(f(y(hiB[$0])))" }
                let lower = labels.indices.reversed().map { "\(f(x($0))),\(f(y(loB[$0])))" }
                s += "<polygon points=\"\((upper + lower).joined(separator: " "))\" fill=\"\(fill)\" "
                s += "fill-opacity=\"\(opacity)\" stroke=\"none\"/>\n"
            }
            s += "<polyline "
            s += "points=\"\(labels.indices.map { "\(f(x($0))),\(f(y(fit.median[k][$0])))" }.joined(separator: " "))\" "
            s += "fill=\"none\" stroke=\"#c0392b\" stroke-width=\"2\"/>\n"
            for o in obs {
                let v = o.observed - ev.trend
                s += "<line x1=\"\(f(x(o.month)))\" y1=\"\(f(y(v - ind.sigma)))\" x2=\"\(f(x(o.month)))\" "
                s += "y2=\"\(f(y(v + ind.sigma)))\" stroke=\"#888\"/>\n"
                s += "<circle cx=\"\(f(x(o.month)))\" cy=\"\(f(y(v)))\" r=\"3.5\" fill=\"#222\"/>\n"
            }
        }
        return s + "</svg>\n"
    }

    /// Paired horizontal bars per input: total order (dark) and first order (light), largest total first.
    static func sobol(_ res: SobolResult) -> String {
        let ix = res.indices
        let order = CalibrationReport.order(ix).filter { !ix.inert[$0] }
        let left = 360.0, area = 380.0, right = 120.0, rowH = 30.0, top = 70.0
        let width = left + area + right, bottom = top + rowH * Double(order.count), height = bottom + 44
        let f = C.f
        let maxV = max(1.0, (ix.total + ix.first).max() ?? 1)
        let ticks = C.niceTicks(0, maxV)
        let tMax = ticks.last!
        var s = C.open(width: width, height: height, fontSize: 12)
        s += "<text x=\"16\" y=\"24\" font-size=\"16\" font-weight=\"bold\" fill=\"#222\">Sobol indices of the "
        s += "headline: \(C.esc(res.caseID))</text>\n"
        s += "<text x=\"16\" y=\"44\" fill=\"#555\">GDP loss over the first 12 months. Dark: total order S_Ti; light: "
        s += "first order S_i (N = \(ix.n), \(ix.evaluations) runs).</text>\n"
        for v in ticks {
            let xv = left + area * v / tMax
            s += "<line x1=\"\(f(xv))\" y1=\"\(f(top - 6))\" x2=\"\(f(xv))\" y2=\"\(f(bottom))\" "
            s += "stroke=\"\(v == 0 ? "#555" : "#ddd")\"/>\n"
            s += "<text x=\"\(f(xv))\" y=\"\(f(bottom + 18))\" text-anchor=\"middle\" "
            s += "fill=\"#555\">\(C.tick(v))</text>\n"
        }
        for (row, i) in order.enumerated() {
            let y = top + rowH * Double(row)
            let wt = max(0, area * ix.total[i] / tMax), w1 = max(0, area * ix.first[i] / tMax)
            s += "<text x=\"\(f(left - 8))\" y=\"\(f(y + 19))\" text-anchor=\"end\" "
            s += "fill=\"#222\">\(C.esc(C.truncated(ix.names[i], columns: 50)))</text>\n"
            s += "<rect x=\"\(f(left))\" y=\"\(f(y + 4))\" width=\"\(f(wt))\" height=\"11\" fill=\"#2c5d8f\"/>\n"
            s += "<rect x=\"\(f(left))\" y=\"\(f(y + 15))\" width=\"\(f(w1))\" height=\"11\" fill=\"#9cc0e3\"/>\n"
            s += "<text x=\"\(f(left + max(wt, w1) + 6))\" y=\"\(f(y + 19))\" "
            s += "fill=\"#222\">\(NumberFormat.fixed(ix.total[i], 2)) / \(NumberFormat.fixed(ix.first[i], 2))</text>\n"
        }
        return s + "</svg>\n"
    }
}
