import Foundation
import XCTest
@testable import IOImpact

/// A world table is a table with regions: cuts name an origin and destinations, materials and stocks
/// are per destination region, and shortages travel along trade flows.
final class WorldTests: XCTestCase {
    /// Two regions A and B, each with manufacturing (m) and services (s). With `trade`, B's
    /// manufacturing buys components from A's (a_(A/m),(B/m) = 50/400); without, no flow crosses.
    func writeTwoRegionTable(to dir: String, trade: Bool) throws {
        let ab = trade ? 50 : 0
        let files: [String: String] = [
            "manifest.toml": syntheticManifest(id: "two-region", name: "Synthetic two-region table", country: "WLD", households: ["A/hh", "B/hh"]),
            "sectors.csv": "code,name,name_local,gross_output,region\nA/m,Manufacturing,,300,A\nA/s,Services,,500,A\nB/m,Manufacturing,,400,B\nB/s,Services,,600,B\n",
            "transactions.csv": "code,A/m,A/s,B/m,B/s\nA/m,30,20,\(ab),0\nA/s,40,50,0,0\nB/m,0,0,40,30\nB/s,0,0,60,60\n",
            "final_demand.csv": "code,A/hh,B/hh\nA/m,\(250 - ab),0\nA/s,410,0\nB/m,0,330\nB/s,0,480\n",
            "value_added.csv": "component,A/m,A/s,B/m,B/s\nwages,230,430,\(300 - ab),510\n",
            "employment.csv": "code,persons\nA/m,30\nA/s,50\nB/m,40\nB/s,60\n",
        ]
        try writeTableFiles(files, to: dir)
    }

    func satellite(_ table: IOTable, uses: [(String, Double, Double)], essential: [(String, String, Double)] = []) -> MaterialSatellite {
        MaterialSatellite(
            tableID: "two-region",
            materials: [MaterialSpec(id: "re", name: "test", elements: "", group: "rare_earth_light", basis: "test")],
            origins: [OriginShare(material: "re", destination: "WLD", origin: "CHN", share: 0.6, low: 0.6, high: 0.6, source: "test"),
                      OriginShare(material: "re", destination: "WLD", origin: "OTH", share: 0.4, low: 0.4, high: 0.4, source: "test")],
            uses: uses.map { MaterialUse(material: "re", sector: $0.0, tonnesPerYear: $0.1, essentiality: $0.2, uses: "test", reason: "test") },
            essentialInputs: essential.map { EssentialInput(supplier: $0.0, buyer: $0.1, days: $0.2, basis: "test") },
            durables: [], paths: [])
    }

    func caseText(_ extra: String = "", destinations: String? = "[\"A\"]", origin: String = "CHN") -> String {
        """
        format = "ioimpact-case/2"
        id = "w"
        title = "w"
        table = "two-region"
        start = "2026-01-01"
        horizon_months = 6
        step_days = 7
        [recovery]
        backlog = false
        basis = "test"
        [[cut]]
        material = "re"
        origin = "\(origin)"
        flow = [[0, 1], [0, 0], [120, 0], [120, 1]]
        flow_basis = "test"
        \(destinations.map { "destinations = \($0)" } ?? "")
        """ + extra
    }

    func model(trade: Bool, uses: [(String, Double, Double)], essential: [(String, String, Double)] = [], text: String) throws -> DynamicModel {
        let dir = temporaryDirectory()
        try writeTwoRegionTable(to: dir, trade: trade)
        let table = try TableLoader.load(directory: dir)
        let c = try DynamicCaseLoader.parse(path: dir + "/case.toml", text: text)
        return try DynamicModel(case: c, table: table, satellite: satellite(table, uses: uses, essential: essential))
    }

    func regionLoss(_ m: DynamicModel, _ r: String) throws -> RegionLoss {
        let o = DynamicOutcome(model: m, path: try Simulation.run(m))
        return o.regionLosses(m).first { $0.region == r }!
    }

    func testMaterialsAreSplitByRegionAndTheCutReachesOnlyItsDestinations() throws {
        let m = try model(trade: true, uses: [("A/m", 100, 1), ("B/m", 100, 1)], text: caseText())
        XCTAssertEqual(m.materials.map(\.id), ["re@A", "re@B"])
        XCTAssertEqual(m.cutMaterial, [true, false])
        XCTAssertEqual(m.supplyShare[0][1], 0.4, accuracy: 1e-12)
        XCTAssertEqual(m.supplyShare[1][1], 1)
    }

    func testNoTradeMeansNoSpillOver() throws {
        let m = try model(trade: false, uses: [("A/m", 100, 1), ("B/m", 100, 1)], text: caseText())
        let a = try regionLoss(m, "A"), b = try regionLoss(m, "B")
        XCTAssertGreaterThan(a.gdpLossTotal, 0)
        XCTAssertTrue(a.cutDirectly)
        XCTAssertFalse(b.cutDirectly)
        XCTAssertEqual(b.gdpLossTotal, 0, accuracy: 1e-12, "no trade between the regions: B loses nothing")
    }

    func testAShortageTravelsAlongTradeToABuyerThatWasNotCut() throws {
        let m = try model(trade: true, uses: [("A/m", 100, 1)], essential: [("A/m", "B/m", 14)], text: caseText())
        let o = DynamicOutcome(model: m, path: try Simulation.run(m))
        let losses = o.regionLosses(m)
        let b = losses.first { $0.region == "B" }!
        XCTAssertFalse(b.cutDirectly)
        XCTAssertGreaterThan(b.gdpLossTotal, 0, "B's manufacturing runs out of A's components: a spill-over")
        XCTAssertEqual(o.firstShort[0], 0, "A/m short at once")
        // A/m delivers 40% of orders, so B/m's 14 days of A's components last 14 / 0.6 = 23 days: week 4.
        XCTAssertEqual(o.firstShort[2], 3, "B/m short once its 14 days of A's components run out at a 60% shortfall")
        // Regional losses sum to the world loss; each base is the region's value added.
        XCTAssertEqual(losses.map(\.gdpLossTotal).reduce(0, +), o.gdpLossTotal, accuracy: 1e-9 * o.gdpBase)
        XCTAssertEqual(losses.first { $0.region == "A" }!.gdpBase, 230 + 430, accuracy: 1e-9)
        XCTAssertEqual(b.gdpBase, 250 + 510, accuracy: 1e-9)
    }

    func testACutOfASectorThatExportsNothingMovesOnlyItsRegion() throws {
        let m = try model(trade: true, uses: [("A/s", 100, 1)], essential: [("A/m", "B/m", 14)], text: caseText())
        let o = DynamicOutcome(model: m, path: try Simulation.run(m))
        XCTAssertGreaterThan(o.regionLosses(m).first { $0.region == "A" }!.gdpLossTotal, 0)
        XCTAssertEqual(o.regionLosses(m).first { $0.region == "B" }!.gdpLossTotal, 0, accuracy: 1e-12)
    }

    func testAllOriginsCutsEveryRegionAndAnOriginDoesNotCutItself() throws {
        let all = try model(trade: false, uses: [("A/m", 100, 1), ("B/m", 100, 1)], text: caseText(destinations: nil, origin: "ALL"))
        XCTAssertEqual(all.cutMaterial, [true, true])
        XCTAssertEqual(all.supplyShare[1][1], 0, accuracy: 1e-12)
        let fromA = try model(trade: false, uses: [("A/m", 100, 1), ("B/m", 100, 1)],
                              text: caseText(destinations: nil, origin: "A").replacingOccurrences(of: "origin = \"A\"", with: "origin = \"A\"\norigin_share = 0.5\norigin_share_basis = \"test\""))
        XCTAssertEqual(fromA.cutMaterial, [false, true], "A's cut reaches B, not A itself")
    }

    /// Magnets (`mag`) made by B's manufacturing from oxide (`ox`) and sold to A: a cut of Chinese oxide
    /// to B lowers A's magnets from B by B's shortfall of oxide, although no cut names A or magnets.
    /// Hand-computed: B/m gets 40% of its oxide (China 60%, no stocks, no substitution), so A's magnet
    /// supply is 0.5 (from China, untouched) + 0.5 × 0.4 (from B) = 0.7 of normal.
    func testAConverterAbroadPassesItsOxideShortfallToItsBuyers() throws {
        let dir = temporaryDirectory()
        try writeTwoRegionTable(to: dir, trade: true)
        let table = try TableLoader.load(directory: dir)
        func run(_ flow: String) throws -> (DynamicModel, Simulation.Path) {
            var sat = satellite(table, uses: [("B/m", 100, 0.1)])
            sat.materials.append(MaterialSpec(id: "mag", name: "magnet", elements: "", group: "magnet", basis: "test"))
            for o in ["B", "CHN"] {
                sat.origins.append(OriginShare(material: "mag", destination: "A", origin: o, share: 0.5, low: 0,
                                               high: 1, source: "test"))
            }
            sat.uses.append(MaterialUse(material: "mag", sector: "A/m", tonnesPerYear: 50, essentiality: 1,
                                        uses: "test", reason: "test"))
            sat.conversions = [MaterialConversion(product: "mag", origin: "B", input: "re", sector: "B/m",
                                                  dependentShare: 1, basis: "test")]
            let none = "\n[stocks]\ndays = 0\nbasis = \"t\"\n[substitution]\nceiling = 0\ndays = 100\nbasis = \"t\"\n"
            let text = caseText(none, destinations: "[\"B\"]")
                .replacingOccurrences(of: "[[0, 1], [0, 0], [120, 0], [120, 1]]", with: flow)
            let c = try DynamicCaseLoader.parse(path: dir + "/case.toml", text: text)
            let m = try DynamicModel(case: c, table: table, satellite: sat,
                                     timeline: Timeline(start: c.start, singlePeriodOf: 30))
            return (m, try Simulation.run(m))
        }
        let (m, p) = try run("[[0, 1], [0, 0], [120, 0], [120, 1]]")
        let mag = m.materials.firstIndex { $0.id == "mag@A" }!, ox = m.materials.firstIndex { $0.id == "re@B" }!
        XCTAssertEqual(m.conversions[mag].map(\.share), [0.5])
        XCTAssertFalse(m.cutMaterial[mag], "no cut names magnets")
        let year = 30.0 / 365
        XCTAssertEqual(p.periods[0].supply[ox], 0.4 * 100 * year, accuracy: 1e-9)
        XCTAssertEqual(p.periods[0].supply[mag], 0.7 * 50 * year, accuracy: 1e-9)
        let aGDP = DynamicOutcome(model: m, path: p).regionLosses(m).first { $0.region == "A" }!
        XCTAssertGreaterThan(aGDP.gdpLossTotal, 0, "A loses through its magnets")
        // A zero cut loses nothing: the same model with the flow left at 1.
        let (m0, p0) = try run("[[0, 1], [120, 1]]")
        XCTAssertEqual(p0.periods[0].supply[mag], 50 * year, accuracy: 1e-9)
        XCTAssertEqual(DynamicOutcome(model: m0, path: p0).gdpLossTotal, 0, accuracy: 1e-9)
    }

    func testAlliedSharingRules() throws {
        let uses: [(String, Double, Double)] = [("A/m", 300, 1), ("B/m", 100, 1)]
        func allied(_ body: String) throws -> [Double] {
            let m = try model(trade: false, uses: uses, text: caseText(body, destinations: "[\"A\", \"B\"]"))
            return m.alliedTonnes.map { $0[10] }
        }
        let pro = try allied("\n[[allied]]\nmaterial = \"re\"\nramp = [[0, 52]]\npartners = [\"A\", \"B\"]\nbasis = \"test\"\n")
        XCTAssertEqual(pro[0] / pro[1], 3, accuracy: 1e-9, "pro rata to normal use (300 t against 100 t)")
        let treaty = try allied("\n[[allied]]\nmaterial = \"re\"\nramp = [[0, 52]]\nsharing = \"treaty\"\nshares = { A = 0.25, B = 0.75 }\nbasis = \"test\"\n")
        XCTAssertEqual(treaty[1] / treaty[0], 3, accuracy: 1e-9)
        let home = try allied("\n[[allied]]\nmaterial = \"re\"\nramp = [[0, 520]]\nproducer = \"B\"\npartners = [\"A\", \"B\"]\nsharing = \"home-first\"\nbasis = \"test\"\n")
        let lost = 100 * 0.6 * 7 / 365.0, total = 520 * 7 / 365.0
        XCTAssertEqual(home[1], lost + (total - lost) / 4, accuracy: 1e-9, "B's lost tonnes first, then the rest pro rata to use")
        XCTAssertEqual(home[0] + home[1], total, accuracy: 1e-9)
    }

    func testBadRegionsAreRefusedByName() throws {
        let uses: [(String, Double, Double)] = [("A/m", 100, 1)]
        XCTAssertThrowsError(try model(trade: true, uses: uses, text: caseText(destinations: "[\"XX\"]"))) { e in
            XCTAssertTrue("\(e)".contains("unknown region 'XX'"), "\(e)")
        }
        XCTAssertThrowsError(try model(trade: true, uses: uses, text: caseText(destinations: "[\"CHN\"]"))) { e in
            XCTAssertTrue("\(e)".contains("the origin 'CHN' cannot also be a destination"), "\(e)")
        }
        XCTAssertThrowsError(try model(trade: true, uses: uses, text: caseText(destinations: "[]"))) { e in
            XCTAssertTrue("\(e)".contains("an empty list of destinations cuts nothing"), "\(e)")
        }
        // Errors found once the table is known name the line of their own block, not the first one's.
        func lineOf(_ text: String, _ needle: String, occurrence: Int) -> Int {
            let lines = text.components(separatedBy: "\n")
            return lines.indices.filter { lines[$0].hasPrefix(needle) }[occurrence] + 1
        }
        let second = caseText("\n[[cut]]\nmaterial = \"re\"\norigin = \"OTH\"\nflow = [[0, 1], [0, 0.5], [60, 0.5], [60, 1]]\nflow_basis = \"test\"\ndestinations = [\"B\", \"YY\"]\n")
        XCTAssertThrowsError(try model(trade: true, uses: uses, text: second)) { e in
            XCTAssertEqual((e as? InputError)?.line, lineOf(second, "destinations", occurrence: 1), "\(e)")
            XCTAssertTrue("\(e)".contains("unknown region 'YY'"), "\(e)")
        }
        let pile = caseText("\n[[stockpile]]\nmaterial = \"re\"\ntonnes = 10\nmax_tonnes_per_week = 1\nregions = [\"A\", \"ZZ\"]\nbasis = \"test\"\n")
        XCTAssertThrowsError(try model(trade: true, uses: uses, text: pile)) { e in
            XCTAssertEqual((e as? InputError)?.line, lineOf(pile, "regions", occurrence: 0), "\(e)")
        }
        let allied = caseText("\n[[allied]]\nmaterial = \"re\"\nramp = [[0, 10]]\nbasis = \"test\"\n\n[[allied]]\nmaterial = \"re\"\nramp = [[0, 10]]\npartners = [\"A\", \"QQ\"]\nbasis = \"test\"\n")
        XCTAssertThrowsError(try model(trade: true, uses: uses, text: allied)) { e in
            XCTAssertEqual((e as? InputError)?.line, lineOf(allied, "partners", occurrence: 0), "\(e)")
        }
        let emptyDest = caseText("\n[[cut]]\nmaterial = \"re\"\norigin = \"OTH\"\nflow = [[0, 1], [0, 0.5], [60, 0.5], [60, 1]]\nflow_basis = \"test\"\ndestinations = []\n")
        XCTAssertThrowsError(try model(trade: true, uses: uses, text: emptyDest)) { e in
            XCTAssertEqual((e as? InputError)?.line, lineOf(emptyDest, "destinations", occurrence: 1), "the second block's own line: \(e)")
        }
        // A national table has no regions to name.
        XCTAssertThrowsError(try DynamicModel.resolve(try DynamicCaseLoader.parse(path: "c.toml", text: """
            format = "ioimpact-case/2"
            id = "n"
            title = "n"
            table = "jp-2015-37"
            start = "2026-01-01"
            horizon_months = 6
            [[cut]]
            material = "re_dytb"
            origin = "CHN"
            flow = [[0, 1], [0, 0], [30, 0], [30, 1]]
            flow_basis = "test"
            destinations = ["JPN"]
            """))) { e in XCTAssertTrue("\(e)".contains("has no regions"), "\(e)") }
    }
}

/// A national case on the world table's Japan block, with imports unconstrained (no material and no
/// essential input outside Japan), agrees with the same case on a national table built from that block.
final class WorldConsistencyTests: XCTestCase {
    func testJapanBlockOfTheWorldTableAgreesWithANationalTableBuiltFromIt() throws {
        let world = try shippedTable("world-2011-wiod")
        let js = (0..<world.count).filter { world.sectors[$0].region == "JPN" }
        let n = js.count
        // The national table: Z_JJ; final demand = everything else Japan sells (its own final demand,
        // exports to other regions' industries and final demand); imports of intermediates as a primary input.
        var z = Matrix(rows: n, columns: n)
        for (a, i) in js.enumerated() { for (b, j) in js.enumerated() { z[a, b] = world.transactions[i, j] } }
        let x = js.map { world.grossOutput[$0] }
        let sales = z.rowSums, purchases = z.columnSums
        // Value added as in the world table; imported intermediates (x − Z_JJ column sums − value added)
        // are left out of the value-added rows, so GDP is Japan's value added alone.
        var fd = Matrix(rows: n, columns: 1), va = Matrix(rows: 1, columns: n)
        let worldVA = world.valueAdded
        for (a, j) in js.enumerated() {
            fd[a, 0] = x[a] - sales[a]
            va[0, a] = worldVA[j]
        }
        _ = purchases
        var meta = world.metadata
        meta.id = "jp-block"
        meta.country = "JPN"
        let national = IOTable(metadata: meta, sectors: js.map { Sector(code: world.sectors[$0].code, name: world.sectors[$0].name) },
                               transactions: z, finalDemand: fd,
                               finalDemandCategories: [FinalDemandCategory(code: "all", name: "all other uses", role: .domestic, isHouseholdConsumption: false)],
                               valueAddedRows: va,
                               valueAddedComponents: [ValueAddedComponent(code: "va", name: "value added", isCompensation: true)],
                               grossOutput: x, employment: js.map { world.employment![$0] })
        let sat = try MaterialSatellite.shipped("world-2011-wiod", table: world)
        var jpSat = sat
        jpSat.uses = sat.uses.filter { $0.sector.hasPrefix("JPN/") }
        jpSat.essentialInputs = sat.essentialInputs.filter { $0.supplier.hasPrefix("JPN/") && $0.buyer.hasPrefix("JPN/") }
        jpSat.durables = []
        func text(_ table: String, destinations: Bool) -> String {
            """
            format = "ioimpact-case/2"
            id = "block"
            title = "block"
            table = "\(table)"
            start = "2026-01-01"
            horizon_months = 6
            destination = "JPN"
            [stocks]
            days = 12
            basis = "test"
            [recovery]
            backlog = false
            basis = "test"
            [[cut]]
            material = "re_dytb"
            origin = "CHN"
            flow = [[0, 1], [0, 0], [120, 0], [120, 1]]
            flow_basis = "test"
            \(destinations ? "destinations = [\"JPN\"]" : "")
            """
        }
        let wm = try DynamicModel(case: try DynamicCaseLoader.parse(path: "w.toml", text: text("world-2011-wiod", destinations: true)),
                                  table: world, satellite: jpSat)
        let nm = try DynamicModel(case: try DynamicCaseLoader.parse(path: "n.toml", text: text("jp-block", destinations: false)),
                                  table: national, satellite: jpSat)
        let wo = DynamicOutcome(model: wm, path: try Simulation.run(wm))
        let no = DynamicOutcome(model: nm, path: try Simulation.run(nm))
        let wJapan = wo.regionLosses(wm).first { $0.region == "JPN" }!.gdpLossTotal
        XCTAssertGreaterThan(no.gdpLossTotal, 0)
        // The world run adds only the feedback through other regions (Japan imports less, they produce
        // less and buy less from Japan): a small addition, never a reduction.
        XCTAssertGreaterThanOrEqual(wJapan, no.gdpLossTotal * (1 - 1e-9))
        XCTAssertEqual(wJapan / no.gdpLossTotal, 1, accuracy: 0.02)
    }
}
