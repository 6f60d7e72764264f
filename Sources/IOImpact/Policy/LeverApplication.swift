import Foundation

/// The run materials a sweep acts on: catalogue ids and, on a world table, the destination regions.
public struct LeverTargets: Sendable, Equatable {
    /// Indices into the model's run materials.
    public var indices: [Int]
    /// Catalogue ids, in the model's material order.
    public var materials: [String]
    /// Regions (empty on a national table), in the table's order.
    public var regions: [String]
}

extension DynamicModel {
    /// Which run materials the lever reaches. Errors name the command-line option at fault.
    public func leverTargets(_ spec: FrontierSpec, costs: LeverCosts) throws -> LeverTargets {
        let regional = !model.table.regions.isEmpty
        let materials: [String]
        if let chosen = spec.materials {
            for m in chosen where !materialBase.contains(m) {
                throw InputError(file: "command line", field: "--materials",
                                 "no sector of table \(model.table.metadata.id) uses '\(m)'; materials in this run: "
                                 + uniqueBases(0..<materialCount).joined(separator: ", "))
            }
            for m in chosen where costs.cost(of: m) == nil {
                throw InputError(file: "command line", field: "--materials",
                                 "'\(m)' has no price in Tables/materials/lever-costs.csv; add a row there "
                                 + "or a [[lever_cost]] with its price in the case")
            }
            materials = uniqueBases(0..<materialCount).filter { chosen.contains($0) }
        } else {
            materials = uniqueBases((0..<materialCount).filter { cutMaterial[$0] })
                .filter { costs.cost(of: $0) != nil }
        }
        guard !materials.isEmpty else {
            throw InputError(file: "command line", field: "--materials",
                             "no material the case cuts has a price in Tables/materials/lever-costs.csv; name one")
        }
        if let rs = spec.regions {
            guard regional else {
                throw InputError(file: "command line", field: "--regions",
                                 "table \(model.table.metadata.id) has no regions")
            }
            for r in rs where !model.table.regions.contains(r) {
                throw InputError(file: "command line", field: "--regions", "unknown region '\(r)' in table "
                                 + "\(model.table.metadata.id)")
            }
        }
        let indices = (0..<materialCount).filter { k in
            guard materials.contains(materialBase[k]) else { return false }
            guard regional, let r = materialRegion[k] else { return true }
            return spec.regions.map { $0.contains(r) } ?? cutMaterial[k]
        }
        let regions = model.table.regions.filter { r in indices.contains { materialRegion[$0] == r } }
        return LeverTargets(indices: indices, materials: materials, regions: regions)
    }

    func uniqueBases<S: Sequence>(_ ks: S) -> [String] where S.Element == Int {
        var out: [String] = []
        for k in ks where !out.contains(materialBase[k]) { out.append(materialBase[k]) }
        return out
    }

    /// Tonnes the lever holds (stockpile, stock days) or buys a year (allied) at `value`, by catalogue id.
    public func leverTonnes(_ lever: LeverKind, _ targets: LeverTargets, value: Double) -> [String: Double] {
        let scale = lever == .allied ? value / 100 : value / 365
        var out: [String: Double] = [:]
        for k in targets.indices { out[materialBase[k], default: 0] += scale * tonnesTotal[k] }
        return out
    }

    /// The same model with the lever set to `value` on the targets; every other field, the table's
    /// factorisation among them, is shared with `self`.
    public func applying(_ spec: FrontierSpec, _ targets: LeverTargets, value: Double) -> DynamicModel {
        var m = self
        for k in targets.indices {
            switch spec.lever {
            case .stockpile:
                let tonnes = value / 365 * tonnesTotal[k]
                let old = stockpiles[k]
                let weekly = old.map { $0.tonnes > 0 ? $0.maxTonnesPerWeek / $0.tonnes : 1 / spec.releaseWeeks }
                    ?? 1 / spec.releaseWeeks
                m.stockpiles[k] = tonnes > 0
                    ? Stockpile(tonnes: tonnes, startDay: old?.startDay ?? spec.releaseStartDay,
                                maxTonnesPerWeek: tonnes * weekly, users: old?.users ?? [])
                    : nil
            case .allied:
                let perYear = value / 100 * tonnesTotal[k]
                for t in 0..<timeline.periods { m.alliedTonnes[k][t] += perYear * timeline.yearFraction(t) }
            case .stockDays:
                m.stockDays[k] = value
            }
        }
        return m
    }
}
