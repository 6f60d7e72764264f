import Foundation
import XCTest
@testable import IOImpact

/// EXIOBASE 3 through pymrio's saved folders (`IOSystem.save_all()`): region and sector labels at
/// EXIOBASE's 49 regions × 163 industries, and a world case on a folder of the same form.
final class ExiobaseShapeTests: XCTestCase {
    /// EXIOBASE 3's 49 regions: 44 countries and five rest-of-the-world regions (WA, WL, WE, WF, WM).
    static let regions = ["AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE",
                          "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK", "GB", "US", "JP",
                          "CN", "CA", "KR", "BR", "IN", "MX", "RU", "AU", "CH", "TR", "TW", "NO", "ID", "ZA", "WA",
                          "WL", "WE", "WF", "WM"]
    /// 163 industry names in EXIOBASE's style (commas, parentheses, semicolons; a few real ones first).
    static let sectors: [String] = {
        let real = ["Cultivation of paddy rice", "Mining of copper ores and concentrates",
                    "Manufacture of motor vehicles, trailers and semi-trailers (34)",
                    "Manufacture of electrical machinery and apparatus n.e.c. (31)",
                    "Production of electricity by coal", "Re-processing of secondary aluminium into new aluminium",
                    "Manufacture of gas; distribution of gaseous fuels through mains"]
        return real + (real.count..<163).map { "Industry \($0 + 1), synthetic (EXIOBASE-like; n.e.c.)" }
    }()
    static let categories = ["Final consumption expenditure by households",
                             "Final consumption expenditure by non-profit organisations serving households (NPISH)",
                             "Final consumption expenditure by government", "Gross fixed capital formation",
                             "Changes in inventories", "Changes in valuables", "Exports: Total (fob)"]

    /// Writes a pymrio text folder for `regions` × `sectors`. With `z`, Z is a band inside each region
    /// plus one link to the next region, Y the rest of output; without, only Y, x and the extensions
    /// are written (the label test reads them frame by frame: a dense 7,987² Z is 64 million numbers).
    static func writeFolder(_ dir: String, regions: [String], sectors: [String], z withZ: Bool) throws {
        let fm = FileManager.default
        try fm.createDirectory(atPath: dir + "/factor_inputs", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: dir + "/employment", withIntermediateDirectories: true)
        let k = sectors.count, n = regions.count * k
        let labels = regions.flatMap { r in sectors.map { (r, $0) } }
        let x = (0..<n).map { Double(1000 + 7 * ($0 % k) + 3 * ($0 / k)) }
        var z: [[Int: Double]] = Array(repeating: [:], count: n)
        for i in 0..<n where withZ {
            let c = i / k, s = i % k
            for step in [1, 5] { z[i][c * k + (s + step) % k, default: 0] += x[c * k + (s + step) % k] / 25 }
            let abroad = ((c + 1) % regions.count) * k + s
            if regions.count > 1 { z[i][abroad, default: 0] += x[abroad] / 50 }
        }
        func header2(_ top: [String], _ second: [String], names: (String, String)) -> String {
            "\(names.0)\t\t" + top.joined(separator: "\t") + "\n\(names.1)\t\t" + second.joined(separator: "\t")
                + "\nregion\tsector" + String(repeating: "\t", count: top.count) + "\n"
        }
        if withZ {
            var s = header2(labels.map(\.0), labels.map(\.1), names: ("region", "sector"))
            for i in 0..<n {
                var row = [String](repeating: "0", count: n)
                for (j, v) in z[i] { row[j] = String(v) }
                s += "\(labels[i].0)\t\(labels[i].1)\t" + row.joined(separator: "\t") + "\n"
            }
            try s.write(toFile: dir + "/Z.txt", atomically: true, encoding: .utf8)
        }
        let ycols = regions.flatMap { r in categories.map { (r, $0) } }
        var y = header2(ycols.map(\.0), ycols.map(\.1), names: ("region", "category"))
        for i in 0..<n {
            var row = [String](repeating: "0", count: ycols.count)
            let f = x[i] - z[i].values.reduce(0, +)
            row[(i / k) * categories.count] = String(f)
            y += "\(labels[i].0)\t\(labels[i].1)\t" + row.joined(separator: "\t") + "\n"
        }
        try y.write(toFile: dir + "/Y.txt", atomically: true, encoding: .utf8)
        var xs = "region\tsector\tindout\n"
        for i in 0..<n { xs += "\(labels[i].0)\t\(labels[i].1)\t\(x[i])\n" }
        try xs.write(toFile: dir + "/x.txt", atomically: true, encoding: .utf8)
        var unit = "region\tsector\tunit\n"
        for l in labels { unit += "\(l.0)\t\(l.1)\tM.EUR\n" }
        try unit.write(toFile: dir + "/unit.txt", atomically: true, encoding: .utf8)
        let params = #"{"files": {"Z": {"name": "Z.txt", "nr_index_col": "2", "nr_header": "2"}, "#
            + #""Y": {"name": "Y.txt", "nr_index_col": "2", "nr_header": "2"}, "#
            + #""x": {"name": "x.txt", "nr_index_col": "2", "nr_header": "1"}}, "systemtype": "IOSystem"}"#
        try params.write(toFile: dir + "/file_parameters.json", atomically: true, encoding: .utf8)
        // Extensions: compensation in factor_inputs; persons and hours in employment (hours not summed).
        func ext(_ sub: String, _ rows: [(String, Double)]) throws {
            var f = "region\t" + labels.map(\.0).joined(separator: "\t")
                + "\nsector\t" + labels.map(\.1).joined(separator: "\t")
                + "\nstressor" + String(repeating: "\t", count: n) + "\n"
            for (name, per) in rows { f += name + "\t" + x.map { String($0 * per) }.joined(separator: "\t") + "\n" }
            try f.write(toFile: dir + "/\(sub)/F.txt", atomically: true, encoding: .utf8)
            let params = #"{"files": {"F": {"name": "F.txt", "nr_index_col": "1", "nr_header": "2"}}, "#
                + #""systemtype": "Extension", "name": "\#(sub)"}"#
            try params.write(toFile: dir + "/\(sub)/file_parameters.json", atomically: true, encoding: .utf8)
        }
        let compensation = "Compensation of employees; wages, salaries, & employers' social contributions: Low-skilled"
        try ext("factor_inputs", [(compensation, 0.2)])
        try ext("employment", [("Employment: Low-skilled male", 0.001), ("Employment: Low-skilled female", 0.001),
                               ("Employment hours: Low-skilled male", 1.8)])
    }

    func testLabelsAtExiobasesShape() throws {
        let dir = temporaryDirectory()
        try Self.writeFolder(dir, regions: Self.regions, sectors: Self.sectors, z: false)
        XCTAssertEqual(Self.regions.count, 49)
        XCTAssertEqual(Self.sectors.count, 163)
        let y = try PymrioLoader.readFrame(dir + "/Y.txt", indexColumns: 2, headerRows: 2)
        XCTAssertEqual(y.rowLabels.count, 49 * 163)
        XCTAssertEqual(y.columnLabels.count, 49 * 7)
        XCTAssertEqual(y.rowLabels[163 * 29 + 2], ["JP", Self.sectors[2]])
        XCTAssertEqual(y.rowLabels.last, ["WM", Self.sectors.last!])
        XCTAssertEqual(y.columnLabels[7 * 44], ["WA", "Final consumption expenditure by households"])
        XCTAssertEqual(Set(y.rowLabels.map { $0.joined(separator: "/") }).count, 49 * 163,
                       "region/sector codes are unique")
        let f = try PymrioLoader.readFrame(dir + "/employment/F.txt", indexColumns: 1, headerRows: 2)
        XCTAssertEqual(f.columnLabels, y.rowLabels)
    }

    func testAWorldCaseRunsOnAnExiobaseShapedFolder() throws {
        let dir = temporaryDirectory()
        try Self.writeFolder(dir + "/exio", regions: ["DE", "JP", "CN"], sectors: Self.sectors, z: true)
        let t = try TableCatalog.load(dir + "/exio")
        XCTAssertEqual(t.count, 3 * 163)
        XCTAssertEqual(t.regions, ["DE", "JP", "CN"])
        XCTAssertEqual(t.codes[163 + 2], "JP/Manufacture of motor vehicles, trailers and semi-trailers (34)")
        XCTAssertEqual(t.metadata.unit, "M.EUR")
        XCTAssertEqual(t.employment?[0] ?? 0, 2, accuracy: 1e-12, "persons summed (1000 x 0.002), hours left out")
        let sat = "material,sector,tonnes_per_year,essentiality,uses,reason\n"
            + "ndfeb_magnet,\"JP/Manufacture of motor vehicles, trailers and semi-trailers (34)\",100,0.5,test,test\n"
            + "ndfeb_magnet,\"DE/Manufacture of motor vehicles, trailers and semi-trailers (34)\",80,0.5,test,test\n"
        try sat.write(toFile: dir + "/satellite-exio.csv", atomically: true, encoding: .utf8)
        let text = """
        format = "ioimpact-case/2"
        id = "exio-cn-magnets"
        title = "EXIOBASE-shaped: Chinese magnets stopped for two months"
        table = "exio/"
        satellite = "satellite-exio.csv"
        start = "2026-01-01"
        horizon_months = 4
        [[cut]]
        material = "ndfeb_magnet"
        origin = "CHN"
        flow = [[0, 1], [0, 0], [61, 0], [61, 1]]
        flow_basis = "test"
        origin_share = 0.9
        origin_share_basis = "test"
        """
        try text.write(toFile: dir + "/case.toml", atomically: true, encoding: .utf8)
        let m = try DynamicModel.resolve(try DynamicCaseLoader.load(path: dir + "/case.toml"))
        let path = try Simulation.run(m)
        let o = DynamicOutcome(model: m, path: path)
        let jp = try XCTUnwrap(o.regionLosses(m).first { $0.region == "JP" })
        XCTAssertGreaterThan(jp.gdpLossFirst12, 0)
        XCTAssertTrue(jp.cutDirectly)
        let car = t.index(of: "JP/Manufacture of motor vehicles, trailers and semi-trailers (34)")!
        XCTAssertLessThan(path.periods[3].output[car], t.grossOutput[car] * 0.6,
                          "half of the car makers' output needs the magnets")
    }
}
