import Foundation

/// Losses by region on a multi-regional table: what each country loses, whether a cut reached it
/// directly or the loss is a spill-over through trade, and which of its sectors carry it.
public struct RegionLoss: Sendable {
    public var region: String
    /// The region's value added in the table's year (its GDP base), money per year.
    public var gdpBase: Double
    /// Value added lost over the first twelve months, gross (each sector-period below base counts, a
    /// rebound is not netted), and over the horizon, net of catch-up (money).
    public var gdpLossFirst12: Double
    public var gdpLossTotal: Double
    public var gdpLossFirst12Percent: Double { gdpBase > 0 ? 100 * gdpLossFirst12 / gdpBase : 0 }
    /// Job-years lost over the horizon (net of catch-up) and over the first twelve months.
    public var jobYears: Double?
    public var jobYearsFirst12: Double?
    /// A cut reaches at least one of the region's materials; otherwise its loss is all spill-over.
    public var cutDirectly: Bool
    /// The region's sectors with the largest value-added loss over the horizon (indices).
    public var topSectors: [Int]
}

extension DynamicOutcome {
    /// Per region, in the table's region order (empty for a national table). The regional losses sum
    /// to the world loss, and each base is the sum of the region's value added.
    public func regionLosses(_ m: DynamicModel) -> [RegionLoss] {
        let t = m.model.table
        let regions = t.regions
        guard !regions.isEmpty else { return [] }
        let va = t.valueAdded
        let first12 = months.prefix(12)
        var byRegion: [String: [Int]] = [:]
        for j in 0..<t.count { byRegion[t.sectors[j].region!, default: []].append(j) }
        let direct = Set((0..<m.materialCount).filter { m.cutMaterial[$0] }.compactMap { m.materialRegion[$0] })
            .union(m.goodsCutRegions)
        return regions.map { r in
            let js = byRegion[r] ?? []
            // Gross: each sector-period below base counts (a rebound is not netted).
            let f12 = first12.map { mo in js.map { mo.grossLossBySector[$0] }.reduce(0, +) }.reduce(0, +)
            let j12 = labourLossBySector == nil ? nil : first12.compactMap(\.labourLoss).map { l in js.map { l[$0] }.reduce(0, +) }.reduce(0, +)
            let top = js.filter { valueAddedLossBySector[$0] > 0 }
                .sorted { valueAddedLossBySector[$0] != valueAddedLossBySector[$1] ? valueAddedLossBySector[$0] > valueAddedLossBySector[$1] : $0 < $1 }
            return RegionLoss(region: r, gdpBase: js.map { va[$0] }.reduce(0, +), gdpLossFirst12: f12,
                              gdpLossTotal: js.map { valueAddedLossBySector[$0] }.reduce(0, +),
                              jobYears: labourLossBySector.map { l in js.map { l[$0] }.reduce(0, +) }, jobYearsFirst12: j12,
                              cutDirectly: direct.contains(r), topSectors: Array(top.prefix(3)))
        }
    }
}
