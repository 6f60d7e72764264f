import Foundation

/// The weight effect in the consistency bridge (issue 19): how much of the gap between a country on the
/// split world table and on its national table comes from the sizes of its industries rather than from
/// what happens to them. A shift-share standardisation, with no parameter: each of the country's world
/// sectors loses a share g_j / VA_j of its value added over the first twelve months (gross); that share is
/// applied to the value added of the national sectors the world sector stands for (a sub-industry its own
/// national sector, an unsplit WIOD industry every national sector the concordance maps to it), and the sum
/// is taken in % of the national table's GDP. The difference from the national figure is then what the
/// two tables' industries do differently (rates); the difference from the world figure is their sizes
/// (the table's year, prices and industry scope).
struct NationalWeights {
    let national: IOTable
    let concordance: SplitConcordance

    /// The national table's value added, by world sector code (without the region prefix).
    func weights(world: IOTable, region: String) -> [Int: Double] {
        let va = national.valueAdded
        let byIndustry = concordance.sectorsByIndustry(national)
        var out: [Int: Double] = [:]
        for (j, code) in world.codes.enumerated() where world.sectors[j].region == region {
            let key = String(code.dropFirst(region.count + 1))
            let parts = key.split(separator: ".", maxSplits: 1).map(String.init)
            if parts.count == 2 {
                out[j] = national.index(of: parts[1]).map { va[$0] } ?? 0
            } else {
                out[j] = (byIndustry[key] ?? []).reduce(0) { $0 + va[$1] }
            }
        }
        return out
    }

    /// The world run's first-twelve-month loss rates at the national table's weights, % of national GDP.
    func loss(_ outcome: DynamicOutcome, world: IOTable, region: String) -> Double {
        let va = world.valueAdded
        var lost = [Double](repeating: 0, count: world.count)
        for month in outcome.months.prefix(12) {
            for j in 0..<world.count { lost[j] += month.grossLossBySector[j] }
        }
        var total = 0.0
        for (j, w) in weights(world: world, region: region) where va[j] > 0 {
            total += lost[j] / va[j] * w
        }
        return national.gdp > 0 ? 100 * total / national.gdp : 0
    }
}
