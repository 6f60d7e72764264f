import Foundation
import XCTest
@testable import IOImpact

/// What the levers save: the comparison run is exactly the case without its allied supply and
/// stockpiles, the levers never add to a loss, and the run output states the saving.
final class LeverTests: XCTestCase {
    let cut = cutText("[[0, 1], [0, 0.2], [240, 0.2], [240, 1]]")
    let allied = "[[allied]]\nmaterial = \"re\"\nramp = [[0, 0], [60, 30]]\nbasis = \"test\"\n"
    let stockpile = "[[stockpile]]\nmaterial = \"re\"\ntonnes = 20\nstart_day = 14\nmax_tonnes_per_week = 2\nusers = [\"M\"]\nbasis = \"test\"\n"

    func model(_ body: String) throws -> DynamicModel {
        try chainModel(horizon: 18, step: 7, body: body, uses: [("M", 100, 1), ("E", 20, 0.5)], essential: [("M", "E", 14)])
    }

    func testComparisonIsTheCaseWithoutItsLevers() throws {
        let with = try DynamicRun(model: try model(cut + allied + stockpile))
        let bare = try model(cut)
        let direct = DynamicOutcome(model: bare, path: try Simulation.run(bare))
        let levers = try XCTUnwrap(with.levers)
        XCTAssertEqual(levers.withoutLevers.gdpLossTotal, direct.gdpLossTotal, accuracy: 1e-9 * max(1, direct.gdpLossTotal))
        XCTAssertGreaterThan(levers.gdpSaved(with.main), 0, "30 t/yr allied and a 20 t stockpile against a 80% cut save something")
        XCTAssertEqual(levers.levers.count, 2)
    }

    func testNoLeversNoComparison() throws {
        XCTAssertNil(try DynamicRun(model: try model(cut)).levers)
        XCTAssertEqual(LeverViews.text(try DynamicRun(model: try model(cut))), "")
    }

    func testLeversNeverHurtAndTheRunSaysWhatTheySave() throws {
        for body in [allied, stockpile, allied + stockpile] {
            let r = try DynamicRun(model: try model(cut + body))
            let l = try XCTUnwrap(r.levers)
            XCTAssertGreaterThanOrEqual(l.gdpSaved(r.main), -1e-9, "levers never add to the loss")
            let text = DynamicViews.render(r, format: .text)
            XCTAssertTrue(text.contains("What the levers save:"), text)
            let first12 = l.withoutLevers.gdpLossFirst12GrossPercent - r.main.gdpLossFirst12GrossPercent
            XCTAssertTrue(text.contains("they save \(NumberFormat.fixed(first12, 2)) points"), text)
            XCTAssertTrue(text.contains(", \(NumberFormat.fixed(l.gdpSavedPercent(r.main), 2)) points ("), text)
            XCTAssertTrue(DynamicReport.render(r).contains("## What the levers save"))
            guard case .object(let fields) = DynamicViews.json(r), case .object(let lv)? = fields.first(where: { $0.0 == "levers" })?.1 else {
                return XCTFail("levers in the JSON")
            }
            XCTAssertTrue(lv.contains { $0.0 == "gdp_saved" })
        }
    }
}
