import Foundation
import XCTest
@testable import IOImpact

/// Issue 11 item 7: the Japanese tables name every sector in English beside MIC's Japanese name, and
/// text tables holding both stay aligned.
final class SectorNameTests: XCTestCase {
    func testJapaneseTablesCarryEnglishNamesBesideJapanese() throws {
        for (id, n) in [("jp-2015-185", 185), ("jp-2015-37", 37), ("jp-2015-13", 13)] {
            let t = try shippedTable(id)
            XCTAssertEqual(t.count, n, id)
            var seen = Set<String>()
            for (j, s) in t.sectors.enumerated() {
                let code = t.codes[j]
                XCTAssertFalse(s.name.trimmingCharacters(in: .whitespaces).isEmpty, "\(id) \(code): no English name")
                XCTAssertTrue(s.name.unicodeScalars.allSatisfy(\.isASCII), "\(id) \(code): name \(s.name) is not English")
                XCTAssertNotEqual(s.name, s.localName, "\(id) \(code)")
                XCTAssertTrue(s.localName.unicodeScalars.contains { !$0.isASCII }, "\(id) \(code): name_local \(s.localName) is not Japanese")
                XCTAssertEqual(SectorNames.local(s), s.localName)
                XCTAssertTrue(seen.insert(s.name).inserted, "\(id) \(code): English name \(s.name) repeats")
            }
            XCTAssertTrue(SectorNames.hasLocalNames(t))
            XCTAssertEqual(SectorNames.localHeader(t), "Japanese")
        }
    }

    /// The English names live in Tables/sources/*_names_en.csv beside MIC's Japanese names; the built table agrees with them.
    func testShippedTableAgreesWithItsNameFile() throws {
        for (id, file) in [("jp-2015-185", "jp_mic2015_185_names_en.csv"), ("jp-2015-13", "jp_mic2015_13_names_en.csv")] {
            let t = try shippedTable(id)
            let csv = try CSVFile(path: projectRoot + "/Tables/sources/" + file)
            XCTAssertEqual(csv.rows.first?.fields ?? [], ["code", "name_ja", "name_en"])
            let rows = Array(csv.rows.dropFirst())
            XCTAssertEqual(rows.count, t.count, file)
            for (j, r) in rows.enumerated() {
                XCTAssertEqual(r.fields, [t.codes[j], t.sectors[j].localName, t.sectors[j].name], "\(file) line \(r.line)")
            }
        }
    }

    func testTablesWithoutLocalNamesGetNoColumn() throws {
        let t = try shippedTable("us-2022-71")
        XCTAssertFalse(SectorNames.hasLocalNames(t))
        let table = TextTable(header: ["code", "sector", "x"], rows: [[t.codes[0], t.sectors[0].name, "1"]], rightAligned: [2])
        XCTAssertEqual(SectorNames.addLocalColumn(table, after: 1, t, indices: [0]).header, ["code", "sector", "x"])
        XCTAssertEqual(SectorNames.withCode(t, 0), "\(t.sectors[0].name) (\(t.codes[0]))")
    }

    /// English and Japanese side by side in a text table: every line ends in the same terminal column
    /// (the last column is right-aligned), so the wide characters are padded by their display width.
    func testTextTableWithJapaneseColumnAligns() throws {
        let t = try shippedTable("jp-2015-185")
        let picks = ["3531", "3511", "2041", "5722", "6911", "0111"].map { t.index(of: $0)! }
        let base = TextTable(header: ["code", "sector", "output", "VA loss"],
                             rows: picks.map { [t.codes[$0], t.sectors[$0].name, NumberFormat.grouped(t.grossOutput[$0]), String($0)] },
                             rightAligned: [2, 3])
        let table = SectorNames.addLocalColumn(base, after: 1, t, indices: picks)
        XCTAssertEqual(table.header, ["code", "sector", "Japanese", "output", "VA loss"])
        XCTAssertEqual(table.rightAligned, [3, 4])
        XCTAssertEqual(table.rows[0][2], "自動車部品・同附属品")
        let lines = table.text().split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, picks.count + 2)
        let widths = Set(lines.map(TextTable.displayWidth))
        XCTAssertEqual(widths.count, 1, "lines end at different columns:\n" + lines.joined(separator: "\n"))
        // The Japanese cells start at the same terminal column on every row (the English column before them padded right).
        let starts = zip(lines.dropFirst(2), table.rows).map { line, row in
            TextTable.displayWidth(line.components(separatedBy: row[2])[0])
        }
        XCTAssertEqual(Set(starts).count, 1, "Japanese column starts at \(starts)")
        XCTAssertEqual(SectorNames.withCode(t, picks[0]), "Motor vehicle parts and accessories (自動車部品・同附属品, 3531)")
    }
}
