import Foundation

/// The data a Monte Carlo draw moves, applied to a resolved model without reloading its table or
/// refactorising: origin shares within `origins.csv`'s low–high, material tonnages by a factor,
/// essentiality ratings one level up or down on the scale 0, 0.1, 0.5, 1.
extension DynamicModel {
    /// The essentiality scale (Tables/materials/README.md).
    public static let essentialityLevels = [0.0, 0.1, 0.5, 1.0]

    /// The (low, high) of the cut origin's share for each cut material; nil where the case states the
    /// share itself or `origins.csv` gives no range.
    /// National tables only: on a world table the run materials are per region (see DynamicModel).
    public func originShareRanges() -> [(material: Int, low: Double, high: Double)] {
        guard model.table.regions.isEmpty else { return [] }
        let destination = dynamicCase.destination.isEmpty ? model.table.metadata.country : dynamicCase.destination
        return dynamicCase.cuts.compactMap { cut in
            guard cut.originShare == nil, let k = materials.firstIndex(where: { $0.id == cut.material }),
                  let o = satellite.origins.first(where: { $0.material == cut.material && $0.destination == destination && $0.origin == cut.origin }),
                  o.high > o.low else { return nil }
            return (k, o.low, o.high)
        }
    }

    /// The supply path recomputed with the cut origin's share at `position` ∈ [0, 1] of its low–high
    /// range (per cut material; 0.5 is not necessarily the central share).
    public func withOriginShares(_ position: (Int) -> Double) -> DynamicModel {
        guard model.table.regions.isEmpty else { return self }
        var m = self
        let destination = dynamicCase.destination.isEmpty ? model.table.metadata.country : dynamicCase.destination
        var share = [[Double]](repeating: [Double](repeating: 1, count: timeline.periods), count: materialCount)
        for cut in dynamicCase.cuts {
            guard let k = materials.firstIndex(where: { $0.id == cut.material }) else { continue }
            let o = satellite.origins.first { $0.material == cut.material && $0.destination == destination && $0.origin == cut.origin }
            var sigma = cut.originShare ?? o?.share ?? 0
            if cut.originShare == nil, let o, o.high > o.low { sigma = o.low + position(k) * (o.high - o.low) }
            for t in 0..<timeline.periods {
                let d0 = Double(timeline.startDay(t)), d1 = d0 + Double(timeline.length(t))
                share[k][t] += sigma * (cut.flow.average(from: d0, to: d1) - 1)
            }
        }
        m.supplyShare = share
        return m
    }

    /// Tonnes of material g by every user times `factor[g]`.
    public func scalingTonnes(_ factor: [Double]) -> DynamicModel {
        var m = self
        for g in 0..<materialCount {
            m.tonnes[g] = tonnes[g].map { $0 * factor[g] }
            m.tonnesTotal[g] = tonnesTotal[g] * factor[g]
        }
        return m
    }

    /// Every rating of material g moved `shift[g]` levels along the scale (clamped at its ends); a
    /// rating between levels moves from the nearest level. Users with no tonnes are left alone.
    public func shiftingEssentiality(_ shift: [Int]) -> DynamicModel {
        var m = self
        let levels = DynamicModel.essentialityLevels
        for g in 0..<materialCount where shift[g] != 0 {
            for j in 0..<n where tonnes[g][j] > 0 {
                let nearest = levels.indices.min { abs(levels[$0] - essentiality[g][j]) < abs(levels[$1] - essentiality[g][j]) }!
                m.essentiality[g][j] = levels[max(0, min(levels.count - 1, nearest + shift[g]))]
            }
        }
        return m
    }
}

extension DynamicModel {
    /// δ, the share of `product` made at home that needs `input` (conversions-<table>.csv), set to
    /// `value` in every conversion of the product (every region's on a world table).
    public func withDependentShare(product: String, input: String, _ value: Double) -> DynamicModel {
        var m = self
        for g in 0..<materialCount where materialBase[g] == product {
            for c in conversions[g].indices {
                for (k, h) in conversions[g][c].inputs.enumerated() where materialBase[h] == input {
                    m.conversions[g][c].dependentShares[k] = value
                }
            }
        }
        return m
    }

    /// Every material's tonnages times one common factor.
    public func scalingAllTonnes(_ factor: Double) -> DynamicModel {
        scalingTonnes([Double](repeating: factor, count: materialCount))
    }
}
