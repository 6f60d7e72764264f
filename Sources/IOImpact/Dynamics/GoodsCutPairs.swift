import Foundation

/// The essential produced-input pairs of a run, as the model's builder collects them.
struct PairSet {
    var supplier: [Int] = []
    var buyer: [Int] = []
    var coefficient: [Double] = []
    var days: [Double] = []
    var classes: [InputClass] = []
    /// e_p for the pairs a `[[goods_cut]]` made (nil for the satellite's pairs, which bind by class).
    var essentiality: [Double?] = []
    /// Deliveries allowed per period (annual rate) for a cut pair; empty for every other pair.
    var cap: [[Double]] = []

    mutating func append(_ i: Int, _ j: Int, coefficient a: Double, days d: Double, class k: InputClass) {
        supplier.append(i); buyer.append(j); coefficient.append(a); days.append(d); classes.append(k)
        essentiality.append(nil); cap.append([])
    }
}

/// What one `[[goods_cut]]` became in the run: its supplier, buyers and the normal flow it covers.
public struct GoodsCutSummary: Sendable {
    public var supplier: Int
    public var buyers: [Int]
    /// Σ_j s·a_ij·x⁰_j: the controlled flow at base, the table's unit per year.
    public var controlledFlow: Double
}

/// Turns each `[[goods_cut]]` into order–delivery pairs (docs/METHOD.md, section 1, "Cuts of produced
/// goods"): for every buyer j of the destinations with a_ij > 0, the controlled part s·a_ij of the flow
/// is a pair whose orders are filled up to φ̄(t)·s·a_ij·x⁰_j a period, and whose shortfall costs the buyer
/// e of it. A pair the satellite already lists keeps the uncontrolled part (1 − s)·a_ij.
enum GoodsCutPairs {
    static func add(_ cuts: [GoodsCut], to pairs: inout PairSet, table t: IOTable, a: Matrix,
                    timeline tl: Timeline, casePath: String) throws -> [GoodsCutSummary] {
        var out: [GoodsCutSummary] = []
        for cut in cuts {
            let i = try supplier(cut, table: t, casePath: casePath)
            let buyers = try buyerIndices(cut, table: t, casePath: casePath).filter { a[i, $0] > 0 }
            guard !buyers.isEmpty else {
                throw InputError(file: casePath, line: cut.line, field: "goods_cut '\(cut.good)' from \(cut.origin)",
                                 "no buyer named by the cut buys \(t.codes[i]) in table \(t.metadata.id)")
            }
            var flow = 0.0
            let caps = (0..<tl.periods).map { p -> Double in
                let d0 = Double(tl.startDay(p))
                return cut.flow.average(from: d0, to: d0 + Double(tl.length(p)))
            }
            for j in buyers {
                let s = cut.controlledShare, coef = s * a[i, j]
                var days = cut.stockDays ?? 0
                if let q = pairs.supplier.indices.first(where: { pairs.supplier[$0] == i && pairs.buyer[$0] == j }) {
                    guard pairs.essentiality[q] == nil else {
                        throw InputError(file: casePath, line: cut.line, field: "goods_cut '\(cut.good)'",
                                         "the flow \(t.codes[i]) → \(t.codes[j]) is cut by two [[goods_cut]] blocks")
                    }
                    days = cut.stockDays ?? pairs.days[q]
                    if s >= 1 { remove(q, from: &pairs) } else { pairs.coefficient[q] *= 1 - s }
                }
                pairs.append(i, j, coefficient: coef, days: days, class: cut.essentiality >= 1 ? .critical : .important)
                pairs.essentiality[pairs.supplier.count - 1] = cut.essentiality
                pairs.cap[pairs.supplier.count - 1] = caps.map { $0 * coef * t.grossOutput[j] }
                flow += coef * t.grossOutput[j]
            }
            out.append(GoodsCutSummary(supplier: i, buyers: buyers, controlledFlow: flow))
        }
        return out
    }

    static func remove(_ q: Int, from p: inout PairSet) {
        p.supplier.remove(at: q); p.buyer.remove(at: q); p.coefficient.remove(at: q); p.days.remove(at: q)
        p.classes.remove(at: q); p.essentiality.remove(at: q); p.cap.remove(at: q)
    }

    /// The industry code of sector j without its region prefix (`JPN/c9` → `c9`).
    static func industry(_ t: IOTable, _ j: Int) -> String {
        let code = t.codes[j]
        guard let r = t.sectors[j].region, code.hasPrefix(r + "/") else { return code }
        return String(code.dropFirst(r.count + 1))
    }

    static func supplier(_ cut: GoodsCut, table t: IOTable, casePath: String) throws -> Int {
        let regions = t.regions
        let field = "goods_cut '\(cut.good)' from \(cut.origin)"
        guard !regions.isEmpty else {
            throw InputError(file: casePath, line: cut.line, field: field, "table \(t.metadata.id) has no regions; "
                + "a cut of a produced good between regions needs a multi-regional table")
        }
        for r in [cut.origin] + (cut.destinations ?? []) where !regions.contains(r) {
            throw InputError(file: casePath, line: cut.line, field: field,
                             "unknown region '\(r)' in table \(t.metadata.id); regions: "
                                + regions.joined(separator: ", "))
        }
        guard let i = (0..<t.count).first(where: { t.sectors[$0].region == cut.origin && industry(t, $0) == cut.good })
        else {
            throw InputError(file: casePath, line: cut.line, field: field, "unknown industry '\(cut.good)' in region "
                + "\(cut.origin) of table \(t.metadata.id); industries: "
                + industries(t).prefix(60).joined(separator: ", "))
        }
        return i
    }

    static func industries(_ t: IOTable) -> [String] {
        var seen = Set<String>(), out: [String] = []
        for j in 0..<t.count where seen.insert(industry(t, j)).inserted { out.append(industry(t, j)) }
        return out
    }

    static func buyerIndices(_ cut: GoodsCut, table t: IOTable, casePath: String) throws -> [Int] {
        let known = Set(industries(t))
        for b in cut.buyers ?? [] where !known.contains(b) {
            throw InputError(file: casePath, line: cut.line, field: "goods_cut '\(cut.good)' buyers",
                             "unknown industry '\(b)' in table \(t.metadata.id); industries: "
                                + industries(t).prefix(60).joined(separator: ", "))
        }
        return (0..<t.count).filter { j in
            guard let r = t.sectors[j].region, r != cut.origin else { return false }
            if let d = cut.destinations, !d.contains(r) { return false }
            if let b = cut.buyers, !b.contains(industry(t, j)) { return false }
            return true
        }
    }
}
