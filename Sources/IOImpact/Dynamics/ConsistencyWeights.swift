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

    /// The national sectors each of the region's world sectors stands for: a sub-industry (`c14.334`) its
    /// own national sector, an unsplit industry (`c30`) every national sector the concordance maps to it.
    func nationalSectors(world: IOTable, region: String) -> [(world: Int, national: [Int])] {
        let byIndustry = concordance.sectorsByIndustry(national)
        return world.codes.enumerated().compactMap { (j, code) in
            guard world.sectors[j].region == region else { return nil }
            let key = String(code.dropFirst(region.count + 1))
            let parts = key.split(separator: ".", maxSplits: 1).map(String.init)
            return (j, parts.count == 2 ? national.index(of: parts[1]).map { [$0] } ?? [] : byIndustry[key] ?? [])
        }
    }

    /// The national table's value added, by world sector index.
    func weights(world: IOTable, region: String) -> [Int: Double] {
        let va = national.valueAdded
        var out: [Int: Double] = [:]
        for (j, sectors) in nationalSectors(world: world, region: region) {
            out[j] = sectors.reduce(0) { $0 + va[$1] }
        }
        return out
    }

    /// The world run's first-twelve-month loss rates at the national table's weights, % of national GDP.
    func loss(_ outcome: DynamicOutcome, world: IOTable, region: String) -> Double {
        let va = world.valueAdded
        let lost = outcome.grossLossFirst12BySector
        var total = 0.0
        for (j, w) in weights(world: world, region: region) where va[j] > 0 {
            total += lost[j] / va[j] * w
        }
        return national.gdp > 0 ? 100 * total / national.gdp : 0
    }

    /// One world industry's loss rate against the national sectors it stands for.
    struct IndustryRate: Sendable {
        var code: String
        var name: String
        /// Value added lost over the first twelve months, gross, % of the industry's own value added in a
        /// year: on the split world table, and on the national table over the same national sectors.
        var world: Double
        var national: Double
        /// (world − national) × the national sectors' value added, in points of national GDP. Over all the
        /// country's industries these add up to the rates-at-national-weights figure less the national one.
        var contribution: Double
    }

    /// Each of the country's world industries: its loss rate on the world run against the national run's
    /// rate over the same national sectors, largest contribution (in absolute value) first.
    func rates(world outcome: DynamicOutcome, national nationalOutcome: DynamicOutcome, world: IOTable,
               region: String) -> [IndustryRate] {
        let va = world.valueAdded, nva = national.valueAdded
        let lost = outcome.grossLossFirst12BySector, nlost = nationalOutcome.grossLossFirst12BySector
        var out: [IndustryRate] = []
        for (j, sectors) in nationalSectors(world: world, region: region) where va[j] > 0 {
            let w = sectors.reduce(0) { $0 + nva[$1] }
            guard w > 0 else { continue }
            let rw = lost[j] / va[j], rn = sectors.reduce(0) { $0 + nlost[$1] } / w
            out.append(IndustryRate(code: world.codes[j], name: world.sectors[j].name, world: 100 * rw,
                                    national: 100 * rn, contribution: 100 * (rw - rn) * w / national.gdp))
        }
        return out.sorted { abs($0.contribution) != abs($1.contribution)
            ? abs($0.contribution) > abs($1.contribution) : $0.code < $1.code }
    }
}
