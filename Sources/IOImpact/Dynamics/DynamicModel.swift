import Foundation

/// A time-stepped case resolved against its table and material satellite: every name checked and
/// every schedule expanded into per-period arrays before the loop (../shared/design/DYNAMICS.md).
///
/// Units: output, final demand and value added are annual rates in the table's unit (x⁰ is a year's
/// output); a period of Δ days produces x·Δ/365. Materials are in tonnes; inventories of produced
/// inputs in the table's money unit.
public struct DynamicModel: Sendable {
    public internal(set) var dynamicCase: DynamicCase
    public let model: LeontiefModel
    public let satellite: MaterialSatellite
    public let timeline: Timeline

    /// Domestic coefficients A (= (I − M̂)A on competitive-import tables), base output x⁰, final demand f⁰.
    public let a: Matrix
    public let x0: [Double]
    public let f0: [Double]
    /// Value added and labour per unit of output (c_v, l).
    public let valueAddedCoefficients: [Double]
    public let labourCoefficients: [Double]?

    /// Materials in the run (those with tonnes in the table or cut), g = 0..<G.
    public let materials: [MaterialSpec]
    /// μ_gj tonnes per year at base output and e_gj.
    public internal(set) var tonnes: [[Double]]
    public internal(set) var essentiality: [[Double]]
    public internal(set) var tonnesTotal: [Double]
    /// Σ_o σ_go φ_go(t): the share of normal supply arriving in period t (per material).
    public internal(set) var supplyShare: [[Double]]
    /// Allied tonnes arriving in period t beyond the baseline.
    public let alliedTonnes: [[Double]]
    /// n_g user stock days; ε_max,g; τ_sub.
    public internal(set) var stockDays: [Double]
    public internal(set) var substitutionCeiling: [Double]
    public internal(set) var substitutionDays: Double
    /// Stockpile per material (nil when none): tonnes, first period, tonnes per period cap, served first.
    public let stockpiles: [Stockpile?]
    /// For priority allocation: each material's users in serving order.
    public let priorityOrder: [[Int]]

    /// Essential produced-input pairs p: supplier i_p → buyer j_p with coefficient a_p and days n_p.
    public let pairSupplier: [Int]
    public let pairBuyer: [Int]
    public let pairCoefficient: [Double]
    public internal(set) var pairDays: [Double]
    /// Pair indices by buyer.
    public let pairsOfBuyer: [[Int]]
    public let durable: [Bool]

    public internal(set) var allocation: AllocationRule
    public let rationing: RationingRule
    public let gdpBase: Double

    /// Domestic production of material g by `sector` from `inputs` (other materials): the share σ of
    /// g's supply from `origin` arrives in proportion to the sector's worst availability of its inputs.
    public struct Conversion: Sendable {
        public var origin: String
        public var share: Double
        public var inputs: [Int]
        /// Share of the origin's output that needs each input.
        public var dependentShares: [Double]
        public var sector: Int
    }
    public let conversions: [[Conversion]]
    /// The order in which materials are stepped: inputs of conversions first.
    public let materialOrder: [Int]

    public struct Stockpile: Sendable {
        public var tonnes: Double
        public var startDay: Double
        public var maxTonnesPerWeek: Double
        public var users: [Int]
    }

    public var n: Int { x0.count }
    public var materialCount: Int { materials.count }

    public init(case c: DynamicCase, table: IOTable, satellite baseSatellite: MaterialSatellite, timeline tl: Timeline? = nil) throws {
        dynamicCase = c
        let model = try LeontiefModel(table: table)
        self.model = model
        let timeline = tl ?? Timeline(start: c.start, stepDays: c.stepDays, horizonMonths: c.horizonMonths)
        self.timeline = timeline
        a = model.domesticCoefficients
        x0 = table.grossOutput
        f0 = model.domesticFinalDemand
        valueAddedCoefficients = model.valueAddedCoefficients
        labourCoefficients = model.employmentCoefficients
        allocation = c.allocation
        rationing = c.rationing
        switch c.gdpBase {
        case .table: gdpBase = table.gdp
        case .stated(let v, _): gdpBase = v
        }
        let n = table.count

        // The satellite extended by the case's own materials.
        var sat = baseSatellite
        for m in c.userMaterials {
            guard !sat.materials.contains(where: { $0.id == m.id }) else {
                throw InputError(file: c.path, field: "material '\(m.id)'", "already in the catalogue; choose another id")
            }
            sat.materials.append(m)
        }
        let destination = c.destination.isEmpty ? table.metadata.country : c.destination
        sat.origins += c.userOrigins.map { o in var o = o; if o.destination.isEmpty { o.destination = destination }; return o }
        for u in c.userUses {
            guard table.index(of: u.sector) != nil else {
                throw InputError(file: c.path, field: "material '\(u.material)' use", "unknown sector '\(u.sector)' in table \(table.metadata.id)")
            }
            sat.uses.append(u)
        }
        satellite = sat

        func sector(_ code: String, _ field: String) throws -> Int {
            guard let j = table.index(of: code) else {
                throw InputError(file: c.path, field: field, "unknown sector '\(code)' in table \(table.metadata.id); valid codes: \(table.codes.prefix(40).joined(separator: ", "))\(table.count > 40 ? ", ..." : "")")
            }
            return j
        }
        func material(_ id: String, _ field: String) throws -> MaterialSpec {
            guard let m = sat.materials.first(where: { $0.id == id }) else {
                throw InputError(file: c.path, field: field, "unknown material '\(id)'; known: \(sat.materials.map(\.id).joined(separator: ", "))")
            }
            return m
        }
        for cut in c.cuts { _ = try material(cut.material, "cut '\(cut.material)'") }
        for r in c.allied { _ = try material(r.material, "allied '\(r.material)'") }
        for s in c.stockpiles { _ = try material(s.material, "stockpile '\(s.material)'") }
        for k in c.stockDaysByMaterial.keys { _ = try material(k, "key 'stocks.by_material.\(k)'") }
        for k in c.substitutionCeilingByMaterial.keys { _ = try material(k, "key 'substitution.ceiling_by_material.\(k)'") }

        // Materials in the run: every one with tonnes in this table.
        let used = Set(sat.uses.filter { $0.tonnesPerYear > 0 }.map(\.material))
        materials = sat.materials.filter { used.contains($0.id) }
        for cut in c.cuts where !used.contains(cut.material) {
            throw InputError(file: c.path, field: "cut '\(cut.material)'", "no sector of table \(table.metadata.id) uses '\(cut.material)' in the satellite (\(sat.paths.dropFirst(2).first ?? ""))")
        }
        let g = materials.count
        var mu = [[Double]](repeating: [Double](repeating: 0, count: n), count: g)
        var ess = mu
        for u in sat.uses {
            guard let k = materials.firstIndex(where: { $0.id == u.material }), let j = table.index(of: u.sector) else { continue }
            mu[k][j] += u.tonnesPerYear
            ess[k][j] = u.essentiality
        }
        tonnes = mu
        essentiality = ess
        tonnesTotal = mu.map { $0.reduce(0, +) }

        // Supply share per period: Σ_o σ_go φ_go(t), φ = 1 for origins not cut.
        let periods = timeline.periods
        var share = [[Double]](repeating: [Double](repeating: 1, count: periods), count: g)
        for cut in c.cuts {
            let k = materials.firstIndex { $0.id == cut.material }!
            let sigma: Double
            if let s = cut.originShare { sigma = s } else {
                guard let o = sat.origins.first(where: { $0.material == cut.material && $0.destination == destination && $0.origin == cut.origin }) else {
                    throw InputError(file: c.path, field: "cut '\(cut.material)'", "no origin share for \(cut.material) from \(cut.origin) to \(destination) in Tables/materials/origins.csv; give origin_share in the case")
                }
                sigma = o.share
            }
            for t in 0..<periods {
                let d0 = Double(timeline.startDay(t)), d1 = d0 + Double(timeline.length(t))
                share[k][t] += sigma * (cut.flow.average(from: d0, to: d1) - 1)
            }
        }
        supplyShare = share
        // Domestic production of a material from others (magnets made in Japan from rare earths): that
        // origin's flow follows the makers' availability of every input material.
        var conv = [[Conversion]](repeating: [], count: g)
        for cv in sat.conversions {
            guard let k = materials.firstIndex(where: { $0.id == cv.product }),
                  let inputIndex = materials.firstIndex(where: { $0.id == cv.input }),
                  let j = table.index(of: cv.sector) else { continue }
            let sigma = sat.origins.first { $0.material == cv.product && $0.destination == destination && $0.origin == cv.origin }?.share ?? 0
            if let e = conv[k].firstIndex(where: { $0.origin == cv.origin && $0.sector == j }) {
                conv[k][e].inputs.append(inputIndex)
                conv[k][e].dependentShares.append(cv.dependentShare)
            } else {
                conv[k].append(Conversion(origin: cv.origin, share: sigma, inputs: [inputIndex], dependentShares: [cv.dependentShare], sector: j))
            }
        }
        conversions = conv
        // Inputs of a conversion are processed before its product.
        let products = Set(conv.indices.filter { !conv[$0].isEmpty })
        materialOrder = (0..<g).filter { !products.contains($0) } + (0..<g).filter { products.contains($0) }
        var allied = [[Double]](repeating: [Double](repeating: 0, count: periods), count: g)
        for r in c.allied {
            let k = materials.firstIndex { $0.id == r.material }
            guard let k else { continue }
            for t in 0..<periods {
                let d0 = Double(timeline.startDay(t)), d1 = d0 + Double(timeline.length(t))
                allied[k][t] += r.ramp.integral(from: d0, to: d1) / 365
            }
        }
        alliedTonnes = allied
        stockDays = materials.map { c.stockDaysByMaterial[$0.id] ?? c.stockDays }
        substitutionCeiling = materials.map { c.substitutionCeilingByMaterial[$0.id] ?? c.substitutionCeiling }
        substitutionDays = c.substitutionDays
        var piles = [Stockpile?](repeating: nil, count: g)
        for s in c.stockpiles {
            guard let k = materials.firstIndex(where: { $0.id == s.material }) else { continue }
            let users = try s.users.map { try sector($0, "stockpile '\(s.material)' users") }
            piles[k] = Stockpile(tonnes: s.tonnes, startDay: s.startDay, maxTonnesPerWeek: s.maxTonnesPerWeek, users: users)
        }
        stockpiles = piles
        let va = model.valueAddedCoefficients
        let first = try c.prioritySectors.map { try sector($0, "key 'allocation.priority_sectors'") }
        priorityOrder = (0..<g).map { k in
            let users = (0..<n).filter { mu[k][$0] > 0 }
            // Value added per tonne, highest first; ties by sector order.
            let rest = users.filter { !first.contains($0) }.sorted {
                let pa = va[$0] * table.grossOutput[$0] / mu[k][$0], pb = va[$1] * table.grossOutput[$1] / mu[k][$1]
                return pa != pb ? pa > pb : $0 < $1
            }
            return first.filter { users.contains($0) } + rest
        }

        // Essential produced inputs: the satellite's list (days overridable), plus a_ij ≥ θ when θ > 0.
        var sup: [Int] = [], buy: [Int] = [], coef: [Double] = [], days: [Double] = []
        var seen = Set<Int>()
        for p in sat.essentialInputs {
            let i = table.index(of: p.supplier)!, j = table.index(of: p.buyer)!
            guard model.domesticCoefficients[i, j] > 0, seen.insert(i * n + j).inserted else { continue }
            sup.append(i); buy.append(j); coef.append(model.domesticCoefficients[i, j]); days.append(c.inputDays ?? p.days)
        }
        if c.theta > 0 {
            for j in 0..<n {
                for i in 0..<n where i != j && model.domesticCoefficients[i, j] >= c.theta && seen.insert(i * n + j).inserted {
                    sup.append(i); buy.append(j); coef.append(model.domesticCoefficients[i, j]); days.append(c.inputDays ?? 0)
                }
            }
        }
        pairSupplier = sup; pairBuyer = buy; pairCoefficient = coef; pairDays = days
        var byBuyer = [[Int]](repeating: [], count: n)
        for p in sup.indices { byBuyer[buy[p]].append(p) }
        pairsOfBuyer = byBuyer
        let dur = Set(sat.durables.compactMap { table.index(of: $0) })
        durable = (0..<n).map { c.backlogEnabled && dur.contains($0) }
    }

    /// Loads the table and satellite a case names and resolves it.
    public static func resolve(_ c: DynamicCase) throws -> DynamicModel {
        let caseDir = URL(fileURLWithPath: c.path).deletingLastPathComponent()
        let table: IOTable
        do {
            table = try c.table.contains("/")
                ? TableLoader.load(directory: c.table.hasPrefix("/") ? c.table : caseDir.appendingPathComponent(c.table).standardizedFileURL.path)
                : TableCatalog.load(c.table)
        } catch let e as InputError where e.message.hasPrefix("unknown table") {
            throw InputError(file: c.path, field: "key 'table'", e.message)
        }
        let sat = try MaterialSatellite.shipped(c.satellite, table: table)
        return try DynamicModel(case: c, table: table, satellite: sat)
    }
}
