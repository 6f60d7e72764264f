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

    /// Materials in the run (those with tonnes in the table or cut), g = 0..<G; on a world table one
    /// per material and destination region, with ids "material@REGION".
    public let materials: [MaterialSpec]
    /// The catalogue id and the destination region (nil on a national table) of each run material.
    public let materialBase: [String]
    public let materialRegion: [String?]
    /// Whether any cut reaches the material.
    public let cutMaterial: [Bool]
    /// μ_gj tonnes per year at base output and e_gj.
    public internal(set) var tonnes: [[Double]]
    public internal(set) var essentiality: [[Double]]
    public internal(set) var tonnesTotal: [Double]
    /// The sectors that use each material (μ_gj > 0 at resolution), in sector order; draws that scale
    /// tonnes keep them positive.
    public let users: [[Int]]
    /// Σ_o σ_go φ_go(t): the share of normal supply arriving in period t (per material).
    public internal(set) var supplyShare: [[Double]]
    /// Allied tonnes arriving in period t beyond the baseline.
    public internal(set) var alliedTonnes: [[Double]]
    /// n_g user stock days; ε_max,g; τ_sub.
    public internal(set) var stockDays: [Double]
    public internal(set) var substitutionCeiling: [Double]
    public internal(set) var substitutionDays: Double
    /// Stockpile per material (nil when none): tonnes, first period, tonnes per period cap, served first.
    public internal(set) var stockpiles: [Stockpile?]
    /// For priority allocation: each material's users in serving order.
    public let priorityOrder: [[Int]]

    /// Essential produced-input pairs p: supplier i_p → buyer j_p with coefficient a_p and days n_p.
    public let pairSupplier: [Int]
    public let pairBuyer: [Int]
    public let pairCoefficient: [Double]
    public internal(set) var pairDays: [Double]
    /// Critical or important (Pichler et al. 2022); unlisted pairs are non-critical and carry no stock.
    public internal(set) var pairClass: [InputClass]
    /// Pair indices by buyer.
    public let pairsOfBuyer: [[Int]]
    /// A′, the LU of I − A′ and the order in which capacities are swept (suppliers before buyers).
    public let network: OrderNetwork
    /// Each sector's product lines over the run's materials (ProductLines.swift).
    public let lines: [[SectorLine]]
    /// Share of each sector's final demand that is exported (other regions' final demand on a world
    /// table); `recovery.export_lost_share` of a durable good's unmet exports is lost, not postponed.
    public let exportShare: [Double]
    /// Which of the engine's choices are on (all of them unless a bridge run turns one off).
    public internal(set) var switches = EngineSwitches()
    /// A pair the satellite lists that the run leaves out, and why.
    public struct DroppedPair: Sendable, Equatable {
        public var supplier: Int
        public var buyer: Int
        public var reason: String
    }
    /// How many pairs the satellite lists, and those left out (a zero input coefficient in this table, or listed twice).
    public let listedPairCount: Int
    public let droppedPairs: [DroppedPair]
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
        case .stated(let v, _):
            try GDPBase.checkStated(v, against: table, file: c.path, line: c.keyLines["gdp.value"])
            gdpBase = v
        }
        let n = table.count

        // The satellite extended by the case's own materials.
        var sat = baseSatellite
        for (i, m) in c.userMaterials.enumerated() {
            guard !sat.materials.contains(where: { $0.id == m.id }) else {
                throw InputError(file: c.path, line: c.keyLines["material[\(i)].id"], field: "key 'material.id'", "'\(m.id)' is already in the catalogue; choose another id")
            }
            sat.materials.append(m)
        }
        let destination = c.destination.isEmpty ? table.metadata.country : c.destination
        sat.origins += c.userOrigins.map { o in var o = o; if o.destination.isEmpty { o.destination = destination }; return o }
        for (i, u) in c.userUses.enumerated() {
            guard table.index(of: u.sector) != nil else {
                throw InputError(file: c.path, line: c.keyLines["material.use[\(i)].sector"], field: "key 'material.use.sector'",
                                 "unknown sector '\(u.sector)' in table \(table.metadata.id) (material '\(u.material)')")
            }
            sat.uses.append(u)
        }
        satellite = sat

        func sector(_ code: String, _ field: String, line: Int?) throws -> Int {
            guard let j = table.index(of: code) else {
                throw InputError(file: c.path, line: line, field: field, "unknown sector '\(code)' in table \(table.metadata.id); valid codes: \(table.codes.prefix(40).joined(separator: ", "))\(table.count > 40 ? ", ..." : "")")
            }
            return j
        }
        func material(_ id: String, _ field: String, line: Int?) throws -> MaterialSpec {
            guard let m = sat.materials.first(where: { $0.id == id }) else {
                throw InputError(file: c.path, line: line, field: field, "unknown material '\(id)'; known: \(sat.materials.map(\.id).joined(separator: ", "))")
            }
            return m
        }
        for (i, cut) in c.cuts.enumerated() { _ = try material(cut.material, "key 'cut.material'", line: c.keyLines["cut[\(i)].material"]) }
        for (i, r) in c.allied.enumerated() { _ = try material(r.material, "key 'allied.material'", line: c.keyLines["allied[\(i)].material"]) }
        for (i, s) in c.stockpiles.enumerated() { _ = try material(s.material, "key 'stockpile.material'", line: c.keyLines["stockpile[\(i)].material"]) }
        for k in c.stockDaysByMaterial.keys.sorted() {
            _ = try material(k, "key 'stocks.by_material.\(k)'", line: c.keyLines["stocks.by_material.\(k)"])
        }
        for k in c.substitutionCeilingByMaterial.keys.sorted() {
            _ = try material(k, "key 'substitution.ceiling_by_material.\(k)'", line: c.keyLines["substitution.ceiling_by_material.\(k)"])
        }

        // Materials in the run: every one with tonnes in this table. On a world table each material is
        // split by destination region ("re_ndpr@JPN"): its users are that region's sectors, its supply
        // comes from that region's origins, and each region keeps its own stocks.
        let regions = table.regions
        let regional = !regions.isEmpty
        func region(_ j: Int) -> String? { table.sectors[j].region }
        func checkRegion(_ r: String, _ field: String, line: Int?) throws {
            guard regional else { throw InputError(file: c.path, line: line, field: field, "table \(table.metadata.id) has no regions; '\(r)' can only be named on a multi-regional table") }
            guard regions.contains(r) else {
                throw InputError(file: c.path, line: line, field: field, "unknown region '\(r)' in table \(table.metadata.id); regions: \(regions.joined(separator: ", "))")
            }
        }
        // A cut's origin may be a country outside the table (a mine country not modelled): it only names the flow.
        // 'ALL' on a national table cuts the material's whole supply (σ = 1), whatever origins.csv says.
        for cut in c.cuts {
            if let d = cut.destinations { for r in d { try checkRegion(r, "cut '\(cut.material)' destinations", line: cut.line) } }
        }
        for r in c.allied {
            // The producer may be a country outside the table (Malaysia sits in WIOD's rest of the world);
            // only a home-first rule needs it as a region.
            if let p = r.producer, regional, r.sharing == .homeFirst { try checkRegion(p, "allied '\(r.material)' producer", line: r.lines["producer"]) }
            for p in r.partners ?? [] { try checkRegion(p, "allied '\(r.material)' partners", line: r.lines["partners"]) }
            for p in r.shares.keys.sorted() { try checkRegion(p, "allied '\(r.material)' shares", line: r.lines["shares"]) }
        }
        for s in c.stockpiles { for r in s.regions ?? [] { try checkRegion(r, "stockpile '\(s.material)' regions", line: s.line) } }

        var uses: [(g: Int, j: Int, u: MaterialUse)] = []
        var keys: [String: Int] = [:]
        var runMaterials: [MaterialSpec] = [], bases: [String] = [], regionOf: [String?] = []
        for u in sat.uses where u.tonnesPerYear > 0 {
            guard let j = table.index(of: u.sector), let spec = sat.materials.first(where: { $0.id == u.material }) else { continue }
            let r = regional ? region(j) : nil
            let key = r.map { "\(u.material)@\($0)" } ?? u.material
            if keys[key] == nil {
                keys[key] = runMaterials.count
                var m = spec
                m.id = key
                runMaterials.append(m); bases.append(u.material); regionOf.append(r)
            }
            uses.append((keys[key]!, j, u))
        }
        // A stable order: catalogue order, then region order.
        let catalogueRank = Dictionary(sat.materials.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        let regionRank = Dictionary(regions.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let order = runMaterials.indices.sorted { a, b in
            let ca = catalogueRank[bases[a]]!, cb = catalogueRank[bases[b]]!
            if ca != cb { return ca < cb }
            return (regionOf[a].flatMap { regionRank[$0] } ?? 0) < (regionOf[b].flatMap { regionRank[$0] } ?? 0)
        }
        var remap = [Int](repeating: 0, count: order.count)
        for (new, old) in order.enumerated() { remap[old] = new }
        materials = order.map { runMaterials[$0] }
        materialBase = order.map { bases[$0] }
        materialRegion = order.map { regionOf[$0] }
        for (i, cut) in c.cuts.enumerated() where !materialBase.contains(cut.material) {
            throw InputError(file: c.path, line: c.keyLines["cut[\(i)].material"], field: "key 'cut.material'", "no sector of table \(table.metadata.id) uses '\(cut.material)' in the satellite (\(sat.paths.dropFirst(2).first ?? ""))")
        }
        let g = materials.count
        var mu = [[Double]](repeating: [Double](repeating: 0, count: n), count: g)
        var ess = mu
        for (k, j, u) in uses {
            mu[remap[k]][j] += u.tonnesPerYear
            ess[remap[k]][j] = u.essentiality
        }
        tonnes = mu
        essentiality = ess
        tonnesTotal = mu.map { $0.reduce(0, +) }
        users = mu.map { row in row.indices.filter { row[$0] > 0 } }
        let materialBase = self.materialBase, materialRegion = self.materialRegion, totals = self.tonnesTotal
        func indices(of base: String) -> [Int] { (0..<g).filter { materialBase[$0] == base } }
        func destinationOf(_ k: Int) -> String { materialRegion[k] ?? destination }
        // A missing origin share on a national table: blame the destination when the catalogue has no row
        // to it for this material, else the origin.
        func noOriginShare(_ cut: FlowCut, index i: Int, destination dest: String) -> InputError {
            let rows = sat.origins.filter { $0.material == cut.material }
            let destinations = Array(Set(rows.map(\.destination))).sorted()
            if !destinations.contains(dest) {
                let stated = c.keyLines["destination"] != nil
                return InputError(file: c.path, line: stated ? c.keyLines["destination"] : c.keyLines["table"],
                                  field: stated ? "key 'destination'" : "key 'table'",
                                  "no origin shares of \(cut.material) to '\(dest)'\(stated ? "" : " (the table's country)") in Tables/materials/origins.csv; destinations there: \(destinations.joined(separator: ", ")); or give origin_share in the cut")
            }
            let origins = Array(Set(rows.filter { $0.destination == dest }.map(\.origin))).sorted()
            return InputError(file: c.path, line: c.keyLines["cut[\(i)].origin"], field: "key 'cut.origin'",
                              "no origin share of \(cut.material) from '\(cut.origin)' to \(dest) in Tables/materials/origins.csv; origins there: \(origins.joined(separator: ", ")); or give origin_share in the cut")
        }
        func origin(_ base: String, _ dest: String, _ o: String) -> OriginShare? {
            sat.origins.first { $0.material == base && $0.destination == dest && $0.origin == o }
                ?? (regional ? sat.origins.first { $0.material == base && $0.destination == "WLD" && $0.origin == o } : nil)
        }

        // Supply share per period: Σ_o σ_go φ_go(t), φ = 1 for origins not cut.
        let periods = timeline.periods
        var share = [[Double]](repeating: [Double](repeating: 1, count: periods), count: g)
        var cutMaterial = [Bool](repeating: false, count: g)
        for (i, cut) in c.cuts.enumerated() {
            for k in indices(of: cut.material) {
                let dest = destinationOf(k)
                if regional {
                    if let d = cut.destinations, !d.contains(dest) { continue }
                    if cut.origin == dest { continue }  // a country does not cut itself
                }
                let sigma: Double
                if cut.origin == FlowCut.allOrigins { sigma = 1 } else if let s = cut.originShare { sigma = s } else if let o = origin(cut.material, dest, cut.origin) {
                    sigma = o.share
                } else if regional {
                    sigma = 0  // this region buys nothing from that origin
                } else {
                    throw noOriginShare(cut, index: i, destination: dest)
                }
                if sigma > 0 { cutMaterial[k] = true }
                for t in 0..<periods {
                    let d0 = Double(timeline.startDay(t)), d1 = d0 + Double(timeline.length(t))
                    share[k][t] += sigma * (cut.flow.average(from: d0, to: d1) - 1)
                }
            }
        }
        supplyShare = share
        self.cutMaterial = cutMaterial
        // Production of a material from others (magnets from rare earths): the flow from the converter's
        // origin follows the converter's availability of each input material in its own region. On a
        // world table a converter supplies every destination that buys from its origin, so magnets made
        // in Japan from Chinese oxide fall for Japanese and American buyers alike.
        var conv = [[Conversion]](repeating: [], count: g)
        for cv in sat.conversions {
            guard let j = table.index(of: cv.sector) else { continue }
            let r = regional ? region(j) : nil
            guard let input = (0..<g).first(where: { materialBase[$0] == cv.input && materialRegion[$0] == r })
            else { continue }
            for k in 0..<g where materialBase[k] == cv.product {
                let sigma = origin(cv.product, destinationOf(k), cv.origin)?.share ?? 0
                guard !regional || sigma > 0 else { continue }
                if let e = conv[k].firstIndex(where: { $0.origin == cv.origin && $0.sector == j }) {
                    conv[k][e].inputs.append(input)
                    conv[k][e].dependentShares.append(cv.dependentShare)
                } else {
                    conv[k].append(Conversion(origin: cv.origin, share: sigma, inputs: [input],
                                              dependentShares: [cv.dependentShare], sector: j))
                }
            }
        }
        conversions = conv
        // Inputs of a conversion are processed before its product.
        let products = Set(conv.indices.filter { !conv[$0].isEmpty })
        materialOrder = (0..<g).filter { !products.contains($0) } + (0..<g).filter { products.contains($0) }

        // Allied tonnes, shared between partner regions on a world table.
        var allied = [[Double]](repeating: [Double](repeating: 0, count: periods), count: g)
        for r in c.allied {
            var targets = indices(of: r.material)
            if regional {
                let partners = r.partners ?? (r.sharing == .treaty ? Array(r.shares.keys) : nil)
                if let partners { targets = targets.filter { partners.contains(destinationOf($0)) } }
            }
            guard !targets.isEmpty else { continue }
            for t in 0..<periods {
                let d0 = Double(timeline.startDay(t)), d1 = d0 + Double(timeline.length(t))
                var left = r.ramp.integral(from: d0, to: d1) / 365
                let yf = Double(timeline.length(t)) / 365
                switch r.sharing {
                case .treaty:
                    for k in targets { allied[k][t] += left * (r.shares[destinationOf(k)] ?? 0) }
                    continue
                case .homeFirst:
                    if let home = targets.first(where: { destinationOf($0) == r.producer }) {
                        let lost = max(0, totals[home] * yf * (1 - share[home][t]))
                        let take = min(left, lost)
                        allied[home][t] += take
                        left -= take
                    }
                case .proRata: break
                }
                let base = targets.map { totals[$0] }.reduce(0, +)
                for k in targets where base > 0 { allied[k][t] += left * totals[k] / base }
            }
        }
        alliedTonnes = allied
        stockDays = materialBase.map { c.stockDaysByMaterial[$0] ?? c.stockDays }
        substitutionCeiling = materialBase.map { c.substitutionCeilingByMaterial[$0] ?? c.substitutionCeiling }
        substitutionDays = c.substitutionDays
        var piles = [Stockpile?](repeating: nil, count: g)
        for (si, s) in c.stockpiles.enumerated() {
            var targets = indices(of: s.material)
            if regional, let rs = s.regions { targets = targets.filter { rs.contains(destinationOf($0)) } }
            let base = targets.map { totals[$0] }.reduce(0, +)
            let users = try s.users.map { try sector($0, "key 'stockpile.users'", line: c.keyLines["stockpile[\(si)].users"]) }
            for k in targets where base > 0 {
                // A shared stockpile is split at the start pro rata to each region's normal use.
                let f = targets.count == 1 ? 1 : totals[k] / base
                piles[k] = Stockpile(tonnes: s.tonnes * f, startDay: s.startDay, maxTonnesPerWeek: s.maxTonnesPerWeek * f,
                                     users: users.filter { mu[k][$0] > 0 })
            }
        }
        stockpiles = piles
        let va = model.valueAddedCoefficients
        let first = try c.prioritySectors.map { try sector($0, "key 'allocation.priority_sectors'", line: c.keyLines["allocation.priority_sectors"]) }
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
        var sup: [Int] = [], buy: [Int] = [], coef: [Double] = [], days: [Double] = [], classes: [InputClass] = []
        var seen = Set<Int>()
        var dropped: [DroppedPair] = []
        for p in sat.essentialInputs {
            let i = table.index(of: p.supplier)!, j = table.index(of: p.buyer)!
            guard a[i, j] > 0 else { dropped.append(DroppedPair(supplier: i, buyer: j, reason: "zero input coefficient in this table")); continue }
            guard seen.insert(i * n + j).inserted else { dropped.append(DroppedPair(supplier: i, buyer: j, reason: "listed twice")); continue }
            sup.append(i); buy.append(j); coef.append(a[i, j])
            days.append(c.inputDays ?? p.days); classes.append(p.inputClass)
        }
        listedPairCount = sat.essentialInputs.count
        droppedPairs = dropped
        if c.theta > 0 {
            for j in 0..<n {
                for i in 0..<n where i != j && a[i, j] >= c.theta && seen.insert(i * n + j).inserted {
                    sup.append(i); buy.append(j); coef.append(a[i, j])
                    days.append(c.inputDays ?? 0); classes.append(.critical)
                }
            }
        }
        pairSupplier = sup; pairBuyer = buy; pairCoefficient = coef; pairDays = days; pairClass = classes
        var byBuyer = [[Int]](repeating: [], count: n)
        for p in sup.indices { byBuyer[buy[p]].append(p) }
        pairsOfBuyer = byBuyer
        network = try OrderNetwork(a: a, base: model.factorization, labels: table.codes, supplier: sup, buyer: buy)
        lines = try SectorLine.build(table: table, satellite: sat, materialBase: materialBase, tonnes: mu,
                                     casePath: c.path)
        exportShare = SectorLine.exportShares(table)
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
            throw InputError(file: c.path, line: c.keyLines["table"], field: "key 'table'", e.message)
        }
        let sat = try MaterialSatellite.shipped(c.satellite, table: table)
        return try DynamicModel(case: c, table: table, satellite: sat)
    }
}
