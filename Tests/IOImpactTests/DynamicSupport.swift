import Foundation
import XCTest
@testable import IOImpact

/// A four-sector chain for the time-stepped model: magnets (M) → motors (E) → vehicles (V), and
/// services (S) selling to everyone. Vehicles sell only to final demand: nobody buys from them.
///   x = [100, 200, 500, 1000]; a_ME = 40/200 = 0.2, a_EV = 100/500 = 0.2.
func writeChainTable(to dir: String) throws {
    let files: [String: String] = [
        "manifest.toml": syntheticManifest(id: "chain-4", name: "Synthetic chain: magnets, motors, vehicles, services", country: "XX", households: ["hh"]),
        "sectors.csv": "code,name,name_local,gross_output\nM,Magnets,,100\nE,Motors,,200\nV,Vehicles,,500\nS,Services,,1000\n",
        "transactions.csv": "code,M,E,V,S\nM,0,40,0,0\nE,0,0,100,10\nV,0,0,0,0\nS,20,30,100,100\n",
        "final_demand.csv": "code,hh\nM,60\nE,90\nV,500\nS,750\n",
        "value_added.csv": "component,M,E,V,S\nwages,80,130,300,890\n",
        "employment.csv": "code,persons\nM,10\nE,20\nV,50\nS,100\n",
    ]
    try writeTableFiles(files, to: dir)
}

/// The chain's satellite: material `re` (60% from CHN) used by the given sectors.
func chainSatellite(_ table: IOTable, uses: [(String, Double, Double)], essential: [(String, String, Double)] = [],
                    durables: [String] = []) -> MaterialSatellite {
    MaterialSatellite(
        tableID: "chain-4",
        materials: [MaterialSpec(id: "re", name: "test rare earth", elements: "Nd", group: "rare_earth_light", basis: "test")],
        origins: [OriginShare(material: "re", destination: "XX", origin: "CHN", share: 0.6, low: 0.6, high: 0.6, source: "test"),
                  OriginShare(material: "re", destination: "XX", origin: "OTH", share: 0.4, low: 0.4, high: 0.4, source: "test")],
        uses: uses.map { MaterialUse(material: "re", sector: $0.0, tonnesPerYear: $0.1, essentiality: $0.2, uses: "test", reason: "test") },
        essentialInputs: essential.map { EssentialInput(supplier: $0.0, buyer: $0.1, days: $0.2, basis: "test") },
        durables: durables, paths: [])
}

/// A case on the chain: `body` is appended to a header with the table and timeline.
func chainCaseText(horizon: Int = 12, step: Int = 1, body: String) -> String {
    """
    format = "ioimpact-case/2"
    id = "chain-test"
    title = "chain test"
    table = "chain-4"
    start = "2025-01-01"
    horizon_months = \(horizon)
    step_days = \(step)

    """ + body
}

func cutText(_ flow: String, material: String = "re") -> String {
    """
    [[cut]]
    material = "\(material)"
    origin = "CHN"
    flow = \(flow)
    flow_basis = "test"

    """
}

func chainModel(horizon: Int = 12, step: Int = 1, body: String, uses: [(String, Double, Double)] = [("M", 100, 1)],
                essential: [(String, String, Double)] = [], durables: [String] = [], timeline: Timeline? = nil) throws -> DynamicModel {
    let dir = temporaryDirectory()
    try writeChainTable(to: dir)
    let table = try TableLoader.load(directory: dir)
    let c = try DynamicCaseLoader.parse(path: dir + "/case.toml", text: chainCaseText(horizon: horizon, step: step, body: body))
    return try DynamicModel(case: c, table: table, satellite: chainSatellite(table, uses: uses, essential: essential, durables: durables),
                            timeline: timeline)
}

/// Checks the invariants of every period of a path: material balances close, stocks are never
/// negative, output lies within [0, capacity].
func assertPathInvariants(_ m: DynamicModel, _ p: Simulation.Path, file: StaticString = #filePath, line: UInt = #line) {
    for (t, r) in p.periods.enumerated() {
        for g in 0..<m.materialCount {
            let scale = max(1, m.tonnesTotal[g])
            XCTAssertEqual(r.supply[g], r.delivered[g] + r.unused[g], accuracy: 1e-9 * scale, "supply = delivered + unused, period \(t)", file: file, line: line)
            XCTAssertEqual(r.userStock[g] - r.userStockBefore[g], r.delivered[g] - r.used[g], accuracy: 1e-9 * scale, "ΔU = D − use, period \(t)", file: file, line: line)
            XCTAssertGreaterThanOrEqual(r.userStock[g], 0, file: file, line: line)
            XCTAssertGreaterThanOrEqual(r.nationalStock[g], 0, file: file, line: line)
        }
        for j in 0..<m.n {
            XCTAssertGreaterThanOrEqual(r.output[j], 0, "output ≥ 0, sector \(j), period \(t)", file: file, line: line)
            XCTAssertLessThanOrEqual(r.output[j], r.capacity[j] * (1 + 1e-9) + 1e-9, "output ≤ capacity, sector \(j), period \(t)", file: file, line: line)
            if j == 0 {
                XCTAssertLessThanOrEqual(r.stockOverdraft, 1e-9,
                                         "a critical buyer never uses more than it holds, period \(t)",
                                         file: file, line: line)
                XCTAssertTrue(r.capacitySettled, "the capacity sweep reached its fixed point, period \(t)",
                              file: file, line: line)
            }
            // Deliveries equal production, plus any drawdown of stocks recorded as negative final demand.
            let supply = r.output[j] + max(0, -(m.f0[j] + r.catchUp[j]))
            XCTAssertEqual(r.productDelivered[j], supply, accuracy: 1e-9 * max(1, m.x0[j]),
                           "deliveries = production, sector \(j), period \(t)",
                           file: file, line: line)
        }
    }
}

/// A reference case (Tables/cases/<id>.toml) resolved with its shared parameters.
func referenceModel(_ id: String) throws -> DynamicModel {
    try DynamicModel.resolve(try DynamicCaseLoader.load(path: try DynamicCaseLoader.casesDirectory() + "/\(id).toml"))
}
