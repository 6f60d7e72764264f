import Foundation
import XCTest
@testable import IOImpact

/// The workbench's case editor: levers written back into a case's own text read back as the same levers,
/// and leave everything else as written.
final class CaseEditorTests: XCTestCase {
    func shipped() throws -> [(id: String, text: String)] {
        let dir = try DynamicCaseLoader.casesDirectory()
        return try DynamicCaseLoader.shippedIDs().map { id in
            (id, try String(contentsOfFile: dir + "/\(id).toml", encoding: .utf8))
        }
    }

    func testEveryReferenceCaseRoundTripsThroughTheEditor() throws {
        for (id, text) in try shipped() {
            let c = try DynamicCaseLoader.parse(path: "\(id).toml", text: text, applyParameters: false)
            let levers = CaseLevers(c)
            let edited = CaseEditor.apply(levers, to: text)
            let again = try DynamicCaseLoader.parse(path: "\(id).toml", text: edited, applyParameters: false)
            XCTAssertEqual(CaseLevers(again), levers, id)
            // Everything but the levers is the case's own: description, recovery, inventories, published.
            XCTAssertEqual(again.description, c.description, id)
            XCTAssertEqual(again.published.map(\.source), c.published.map(\.source), id)
            XCTAssertEqual(again.backlogDays, c.backlogDays, id)
            XCTAssertEqual(again.exportLostShare, c.exportLostShare, id)
            XCTAssertEqual(again.employmentElasticity, c.employmentElasticity, id)
            XCTAssertEqual(again.userMaterials.map(\.id), c.userMaterials.map(\.id), id)
            XCTAssertTrue(edited.contains("description = \"\"\""), id)
        }
    }

    func testEditedLeversAreWhatTheLoaderReads() throws {
        let text = try shipped().first { $0.id == "jp-re-1y-dir" }!.text
        var levers = CaseLevers(try DynamicCaseLoader.parse(path: "a.toml", text: text, applyParameters: false))
        levers.id = "half"
        levers.title = "A \"quoted\" title\twith a tab"
        levers.horizonMonths = 18
        levers.parameters = nil
        levers.stockDays = 45.5
        levers.cuts[0].flow = [[0, 1], [30, 1], [30, 0.5], [200, 0.5], [200, 1]]
        levers.stockpiles = [.init(material: "re_ndpr", tonnes: 1356, startDay: 14, maxTonnesPerWeek: 170,
                                   users: [], basis: "ASSUMPTION: test", regions: nil)]
        let c = try DynamicCaseLoader.parse(path: "half.toml", text: CaseEditor.apply(levers, to: text))
        XCTAssertEqual(c.id, "half")
        XCTAssertEqual(c.title, "A \"quoted\" title\twith a tab")
        XCTAssertEqual(c.horizonMonths, 18)
        XCTAssertNil(c.parametersEntry)
        XCTAssertNil(c.parametersFile)
        XCTAssertEqual(c.stockDays, 45.5)
        XCTAssertEqual(c.cuts[0].flow.days, [0, 30, 30, 200, 200])
        XCTAssertEqual(c.cuts[0].flow.values, [1, 1, 0.5, 0.5, 1])
        XCTAssertEqual(c.stockpiles.map(\.tonnes), [1356])
        // A lever out of its domain is the loader's error, not the editor's.
        levers.stockDays = -1
        let bad = CaseEditor.apply(levers, to: text)
        XCTAssertThrowsError(try DynamicCaseLoader.parse(path: "half.toml", text: bad)) {
            XCTAssertTrue("\($0)".contains("must be non-negative days"), "\($0)")
        }
    }

    func testHeadersInsideMultiLineStringsAreText() {
        let text = "format = \"x\"\ndescription = \"\"\"\n[[cut]]\nnot a table\"\"\"\n"
            + "[inventories]\nrestock_days = 3\n"
        let blocks = CaseEditor.split(text)
        XCTAssertEqual(blocks.map(\.root), ["", "inventories"])
        XCTAssertTrue(blocks[0].lines.contains("[[cut]]"))
    }
}
