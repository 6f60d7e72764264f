import Foundation

/// What the other critical minerals (gallium, germanium, graphite, antimony, tungsten, indium) add to a
/// case that also cuts rare earths and magnets, against what they cost on their own.
///
/// Product lines make the losses of different lines of one sector add, so in a sector whose capacity a
/// rare earth and a mineral both hold down (each in its own line) the mineral's loss is added in full:
/// the floor on what the minerals add is their standalone loss in those sectors. Elsewhere the two cuts
/// may overlap for reasons that are economics, not masking: a sector whose orders the rare earths have
/// already lowered can absorb a smaller capacity cut (output is the least of capacity and orders), and
/// a plant short of motors loses nothing more for want of chips (a minimum over critical inputs).
public struct OtherMinerals: Sendable {
    /// Gross first-12-month losses, % of one year's GDP: the case, the case without the minerals' cuts,
    /// and the minerals' cuts alone.
    public var withMinerals: Double
    public var rareEarthsOnly: Double
    public var standalone: Double
    public var added: Double { withMinerals - rareEarthsOnly }
    /// Sectors that a rare earth or magnet and a critical mineral both hold down by a material in the
    /// first twelve months (each in its own run), with the gross value added each loses over those
    /// months: minerals alone, and what the minerals add on top of the rare earths (money).
    public struct SharedSector: Sendable {
        public var sector: Int
        public var standalone: Double
        public var added: Double
    }
    public var sharedSectors: [SharedSector]
    /// Share of the minerals' standalone loss that falls in those sectors: the floor is standalone × share.
    public var sharedShare: Double

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
        let k = m.timeline.periods(inFirstMonths: 12)
        func run(_ v: DynamicModel) throws -> (DynamicOutcome, [Bool]) {
            let path = try Simulation.run(v)
            var held = [Bool](repeating: false, count: v.n)
            for rec in path.periods.prefix(k) {
                for j in 0..<v.n { if case .material = rec.binding[j] { held[j] = true } }
            }
            return (DynamicOutcome(model: v, path: path), held)
        }
        let (all, _) = try run(m)
        let (re, reHeld) = try run(without(minerals))
        let (alone, mineralHeld) = try run(without(others))
        let lostAll = all.grossLossFirst12BySector, lostRE = re.grossLossFirst12BySector
        let lostAlone = alone.grossLossFirst12BySector
        var shared: [SharedSector] = []
        var total = 0.0
        for j in 0..<m.n {
            let s = lostAlone[j]
            total += s
            if reHeld[j] && mineralHeld[j] && s > 0 {
                shared.append(SharedSector(sector: j, standalone: s, added: lostAll[j] - lostRE[j]))
            }
        }
        let inShared = shared.map(\.standalone).reduce(0, +)
        return OtherMinerals(withMinerals: all.gdpLossFirst12GrossPercent,
                             rareEarthsOnly: re.gdpLossFirst12GrossPercent,
                             standalone: alone.gdpLossFirst12GrossPercent,
                             sharedSectors: shared.sorted {
                                 $0.standalone != $1.standalone ? $0.standalone > $1.standalone : $0.sector < $1.sector
                             },
                             sharedShare: total > 0 ? inShared / total : 0)
    }
}
