import Foundation

/// What the other critical minerals (gallium, germanium, graphite, antimony, tungsten, indium) add to a
/// case that also cuts rare earths and magnets, against what they cost on their own. With product lines
/// their losses add to the rare earths' except where a sector is already held down by rare earths, so the
/// addition is at least their standalone loss times the share of it in sectors the rare earths leave alone.
public struct OtherMinerals: Sendable {
    /// Gross first-12-month losses, % of one year's GDP: the case, the case without the minerals' cuts,
    /// and the minerals' cuts alone.
    public var withMinerals: Double
    public var rareEarthsOnly: Double
    public var standalone: Double
    public var added: Double { withMinerals - rareEarthsOnly }
    /// Share of the minerals' standalone loss (value added lost by sector over the first twelve months of
    /// the minerals-only run) that falls in sectors the rare-earth-only run leaves at base through its first
    /// twelve months (no supply constraint and no lost orders): there the two losses cannot overlap. The
    /// rest falls on sectors the rare earths already hold down, where a critical input's limit is a minimum
    /// over inputs (Leontief): a car plant without motors loses nothing more for want of chips.
    public var unboundShare: Double

    static func isMineral(_ m: DynamicModel, _ g: Int) -> Bool { m.materials[g].group == "critical_mineral" }

    /// Nil unless the case cuts both a critical mineral and a rare earth or magnet.
    public static func measure(_ m: DynamicModel) throws -> OtherMinerals? {
        let cut = (0..<m.materialCount).filter { m.cutMaterial[$0] }
        let minerals = cut.filter { isMineral(m, $0) }, others = cut.filter { !isMineral(m, $0) }
        guard !minerals.isEmpty, !others.isEmpty else { return nil }
        func without(_ drop: [Int]) -> DynamicModel {
            var v = m
            for g in drop { v.supplyShare[g] = v.supplyShare[g].map { _ in 1 } }
            return v
        }
        let reOnly = without(minerals), alone = without(others)
        let rePath = try Simulation.run(reOnly)
        let reOutcome = DynamicOutcome(model: reOnly, path: rePath)
        let periods12 = m.timeline.periods(inFirstMonths: 12)
        var bound = [Bool](repeating: false, count: m.n)
        for rec in rePath.periods.prefix(periods12) {
            for j in 0..<m.n where rec.binding[j] != .none || rec.output[j] < m.x0[j] * (1 - 1e-6) { bound[j] = true }
        }
        let aloneOutcome = DynamicOutcome(model: alone, path: try Simulation.run(alone))
        var all = 0.0, unbound = 0.0
        for month in aloneOutcome.months.prefix(12) {
            for j in 0..<m.n where month.valueAddedLoss[j] > 0 {
                all += month.valueAddedLoss[j]
                if !bound[j] { unbound += month.valueAddedLoss[j] }
            }
        }
        return OtherMinerals(withMinerals: DynamicOutcome(model: m, path: try Simulation.run(m)).gdpLossFirst12GrossPercent,
                             rareEarthsOnly: reOutcome.gdpLossFirst12GrossPercent,
                             standalone: aloneOutcome.gdpLossFirst12GrossPercent,
                             unboundShare: all > 0 ? unbound / all : 0)
    }
}
