import Foundation
import XCTest
@testable import IOImpact

/// What happened (Tables/observed/): every figure names a source that SOURCES.csv lists, and the
/// episode's report sets the model's monthly production beside it.
final class ObservedTests: XCTestCase {
    func testEveryObservedFigureHasASourceRow() throws {
        let d = try ObservedData.shipped()
        XCTAssertGreaterThan(d.production.count, 50)
        XCTAssertGreaterThan(d.magnets.count, 10)
        for p in d.production { for k in p.sources { XCTAssertNotNil(d.sources[k], "\(p.month) \(p.industry): \(k)") } }
        for m in d.magnets { for k in m.sources { XCTAssertNotNil(d.sources[k], "\(m.month) \(m.destination): \(k)") } }
        // The concordance's weights sum to one per industry.
        for (table, ws) in d.concordance {
            for ind in Set(ws.map(\.industry)) {
                XCTAssertEqual(ws.filter { $0.industry == ind }.map(\.weight).reduce(0, +), 1, accuracy: 0.01,
                               "\(table) \(ind)")
            }
        }
        XCTAssertEqual(d.change("total", "2025-05")?.changePercent, -0.1,
                       "May 2025: the revised figure, not the preliminary +0.5")
    }

    func testAFigureWithoutItsSourceIsRefused() throws {
        let dir = temporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir + "/Tables/observed", withIntermediateDirectories: true)
        let src = projectRoot + "/Tables/observed"
        for f in ["SOURCES.csv", "china-magnet-exports.csv", "iip-concordance-jp-2015-185.csv"] {
            try FileManager.default.copyItem(atPath: src + "/" + f, toPath: dir + "/Tables/observed/" + f)
        }
        try "month,industry,index,change_pct,release,source\n2025-05,total,,0.5,preliminary,NOWHERE\n"
            .write(toFile: dir + "/Tables/observed/iip-japan.csv", atomically: true, encoding: .utf8)
        setenv("IOIMPACT_HOME", dir, 1)
        defer { unsetenv("IOIMPACT_HOME") }
        XCTAssertThrowsError(try ObservedData.shipped()) { e in
            XCTAssertTrue("\(e)".contains("iip-japan.csv line 2")
                              && "\(e)".contains("source 'NOWHERE' is not in SOURCES.csv"), "\(e)")
        }
    }

    /// The model's change is Σ_j w_j x_j/x⁰_j month on month against a flat no-cut path.
    func testTheEpisodeIsComparedMonthByMonth() throws {
        let r = try DynamicRun(model: try referenceModel("jp-re-2025-episode"), withBracket: false)
        let may = try XCTUnwrap(r.observed.first { $0.month == "2025-05" && $0.industry == "motor_vehicles" })
        let d = try ObservedData.shipped()
        let ws = d.concordance["jp-2015-185"]!.filter { $0.industry == "motor_vehicles" }
        func level(_ k: Int) -> Double {
            let m = r.main.months[k]
            return ws.map { w -> Double in
                let j = r.model.model.table.index(of: w.sector)!
                return w.weight * (1 - m.outputLoss[j] / (r.model.x0[j] * Double(m.days) / 365))
            }.reduce(0, +) / ws.map(\.weight).reduce(0, +)
        }
        XCTAssertEqual(may.model, 100 * (level(1) / level(0) - 1), accuracy: 1e-9)
        XCTAssertEqual(may.observed?.changePercent, 2.5)
        XCTAssertTrue(DynamicReport.render(r).contains("## Against what happened"))
    }
}
