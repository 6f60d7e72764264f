import Foundation

/// A cut of a produced good between regions (`[[goods_cut]]`, docs/CASES.md): an export control on a
/// produced input (Japan's 2019 licensing of fluorinated polyimide, resist and hydrogen fluoride to
/// Korea) rather than on a mineral. The controlled part of the flow from industry `good` of `origin`
/// to each buyer becomes an order–delivery pair whose deliveries are capped at φ(t) × normal; a buyer
/// short of it loses `essentiality` of the shortfall (docs/METHOD.md, section 1, "Cuts of produced goods").
public struct GoodsCut: Sendable {
    /// The industry code without its region (`c9`), the supplying region (`JPN`).
    public var good: String
    public var origin: String
    /// The buying regions (nil: every region but the origin) and industries (nil: every industry).
    public var destinations: [String]?
    public var buyers: [String]?
    /// The share of each buyer's flow that the control covers, and its basis.
    public var controlledShare: Double
    public var controlledShareBasis: String
    /// φ(t): the share of the controlled flow's normal deliveries that may still arrive.
    public var flow: PiecewisePath
    public var flowBasis: String
    /// e: the share of a buyer's output that cannot be made without the controlled good; 1 is a
    /// critical input (Leontief), 0.5 an important one (Pichler et al. 2022).
    public var essentiality: Double
    public var essentialityBasis: String
    /// Days of normal use of the controlled good the buyers hold at the start (nil: the pair's days in
    /// `essential_inputs-<satellite>.csv` when listed, else 0).
    public var stockDays: Double?
    public var stockDaysBasis: String
    /// The line of the block in the case file, for errors found when the table is known.
    public var line: Int?

    /// The default essentiality: Pichler et al. (2022)'s "important" class (half of the shortfall binds).
    public static let defaultEssentiality = 0.5
    public static let defaultEssentialityBasis = "default: an important input in the sense of Pichler, "
        + "Pangallo, del Rio-Chanona, Lafond and Farmer (2022, JEDC 144), half of the shortfall binds"
}

enum GoodsCutLoader {
    static let keys = ["good", "origin", "destinations", "buyers", "controlled_share", "controlled_share_basis",
                       "flow", "flow_basis", "essentiality", "essentiality_basis", "stock_days", "stock_days_basis"]

    /// Every `[[goods_cut]]` block, checked for its own consistency (the table is checked later).
    static func parse(_ root: TOMLSection, timeline: Timeline) throws -> [GoodsCut] {
        guard root.has("goods_cut") else { return [] }
        var cuts: [GoodsCut] = []
        for c in try root.sections("goods_cut") {
            try c.rejectUnknownKeys(keys)
            let flow = try DynamicCaseLoader.path(c, "flow", low: 0, high: DynamicCaseLoader.maxFlowShare,
                                                  what: "flow share")
            if let end = flow.lastDayBelow(1), end > Double(timeline.horizonDays) {
                throw c.error("flow", end.isInfinite
                    ? "the flow never returns to 1 within the horizon; end it with a point [day, 1] before day "
                        + "\(timeline.horizonDays) or lengthen horizon_months"
                    : "the cut lasts to day \(NumberFormat.significant(end)), beyond the horizon "
                        + "(\(timeline.horizonDays) days); lengthen horizon_months")
            }
            let good = try c.string("good"), origin = try c.string("origin")
            let destinations = try list(c, "destinations")
            if let d = destinations, d.contains(origin) {
                throw c.error("destinations", "the origin '\(origin)' cannot also be a destination of its own cut")
            }
            if cuts.contains(where: { $0.good == good && $0.origin == origin }) {
                throw c.error("good", "good '\(good)' from '\(origin)' is cut twice; one [[goods_cut]] per good "
                    + "and origin (give one block every destination)")
            }
            let hasEss = c.has("essentiality"), hasDays = c.has("stock_days")
            cuts.append(GoodsCut(
                good: good, origin: origin, destinations: destinations, buyers: try list(c, "buyers"),
                controlledShare: try CaseFields.share(c, "controlled_share", default: 1),
                controlledShareBasis: try CaseFields.basis(c, "controlled_share_basis",
                                                           required: c.has("controlled_share")),
                flow: flow, flowBasis: try CaseFields.basis(c, "flow_basis", required: true),
                essentiality: try CaseFields.share(c, "essentiality", default: GoodsCut.defaultEssentiality),
                essentialityBasis: hasEss ? try CaseFields.basis(c, "essentiality_basis", required: true)
                    : GoodsCut.defaultEssentialityBasis,
                stockDays: hasDays ? try CaseFields.days(c, "stock_days") : nil,
                stockDaysBasis: try CaseFields.basis(c, "stock_days_basis", required: hasDays),
                line: c.line("good")))
            if cuts.last!.controlledShare == 0 {
                throw c.error("controlled_share", "0 controls nothing; leave the block out")
            }
        }
        return cuts
    }

    /// An optional non-empty list of codes without repeats.
    static func list(_ c: TOMLSection, _ key: String) throws -> [String]? {
        guard c.has(key) else { return nil }
        let d = try c.stringArray(key)
        guard !d.isEmpty else { throw c.error(key, "an empty list cuts nothing; leave the key out for all") }
        if let dup = d.first(where: { x in d.filter { $0 == x }.count > 1 }) {
            throw c.error(key, "'\(dup)' is listed twice")
        }
        return d
    }
}
