import Foundation
@testable import IOImpact

/// A synthetic file in the OECD ICIO 2023 release's CSV layout (docs/TABLE_FORMAT.md): the header, one
/// row per COUNTRY_INDUSTRY in the columns' order, then TLS, VA and OUT. Integers, so every row and
/// column balances exactly; a few flows per row (a band inside each country and one link abroad), the
/// rest zeros, so that the full 76 × 45 shape writes and reads in about a second.
enum SyntheticIcio {
    /// The industry codes in the release's form (the 45 of the tests; the reader takes any codes).
    static let industries = ["A01_02", "A03", "B05_06", "B07_08", "B09", "C10T12", "C13T15", "C16", "C17_18", "C19",
                             "C20", "C21", "C22", "C23", "C24", "C25", "C26", "C27", "C28", "C29", "C301", "C302T309",
                             "C31T33", "D", "E", "F", "G", "H49", "H50", "H51", "H52", "H53", "I", "J58T60", "J61",
                             "J62_63", "K", "L", "M", "N", "O", "P", "Q", "R", "S"]
    /// 76 economy codes in the release's form (ISO 3166 alpha-3, ROW for the rest of the world).
    static let economies = ["AUS", "AUT", "BEL", "CAN", "CHL", "COL", "CRI", "CZE", "DNK", "EST", "FIN", "FRA", "DEU",
                            "GRC", "HUN", "ISL", "IRL", "ISR", "ITA", "JPN", "KOR", "LVA", "LTU", "LUX", "MEX", "NLD",
                            "NZL", "NOR", "POL", "PRT", "SVK", "SVN", "ESP", "SWE", "CHE", "TUR", "GBR", "USA", "ARG",
                            "BGD", "BLR", "BRA", "BRN", "BGR", "KHM", "CMR", "CHN", "CIV", "HRV", "CYP", "EGY", "HKG",
                            "IND", "IDN", "JOR", "KAZ", "LAO", "MYS", "MLT", "MAR", "MMR", "NGA", "PAK", "PER", "PHL",
                            "ROU", "RUS", "SAU", "SEN", "SGP", "ZAF", "TWN", "THA", "TUN", "VNM", "ROW"]

    /// The CSV text for the first `count` economies.
    static func text(economies count: Int = 76) -> String {
        let regions = Array(economies.prefix(count))
        let k = industries.count, n = regions.count * k
        let x = (0..<n).map { i in 1000 + 37 * (i % k) + 11 * (i / k) }
        // Z: within a country, industry i sells 1/20 of the buyer's output to i+1 and i+7; abroad, 1/50
        // to the same industry of the next country.
        var z = [[Int: Int]](repeating: [:], count: n)
        for i in 0..<n {
            let c = i / k, ind = i % k
            for step in [1, 7] { let j = c * k + (ind + step) % k; z[i][j, default: 0] += x[j] / 20 }
            if regions.count > 1 { let j = ((c + 1) % regions.count) * k + ind; z[i][j, default: 0] += x[j] / 50 }
        }
        var colZ = [Int](repeating: 0, count: n), rowZ = colZ
        for i in 0..<n { for (j, v) in z[i] { rowZ[i] += v; colZ[j] += v } }
        let fd = IcioLoader.finalDemandCodes
        var s = "V1," + regions.flatMap { r in industries.map { "\(r)_\($0)" } }.joined(separator: ",")
        s += "," + regions.flatMap { r in fd.map { "\(r)_\($0)" } }.joined(separator: ",") + ",OUT\n"
        let zeros = [String](repeating: "0", count: n)
        for i in 0..<n {
            let c = i / k
            var row = zeros
            for (j, v) in z[i] { row[j] = String(v) }
            // Final demand: a tenth abroad (HFCE of the country after next), a fifth GFCF, -1 INVNT, the rest HFCE.
            let f = x[i] - rowZ[i]
            var y = [String](repeating: "0", count: regions.count * fd.count)
            let abroad = regions.count > 2 ? f / 10 : 0
            y[c * fd.count + 3] = String(f / 5)
            y[c * fd.count + 4] = "-1"
            y[c * fd.count] = String(f - f / 5 + 1 - abroad)
            if abroad > 0 { y[((c + 2) % regions.count) * fd.count] = String(abroad) }
            s += "\(regions[c])_\(industries[i % k]),"
            s += row.joined(separator: ",") + "," + y.joined(separator: ",") + ",\(x[i])\n"
        }
        let tls = x.map { $0 / 100 }
        let va = (0..<n).map { x[$0] - colZ[$0] - tls[$0] }
        let tail = [String](repeating: "0", count: regions.count * fd.count + 1).joined(separator: ",")
        s += "TLS," + tls.map(String.init).joined(separator: ",") + "," + tail + "\n"
        s += "VA," + va.map(String.init).joined(separator: ",") + "," + tail + "\n"
        s += "OUT," + x.map(String.init).joined(separator: ",") + "," + tail + "\n"
        return s
    }

    static func write(to path: String, economies count: Int = 76) throws {
        try Data(text(economies: count).utf8).write(to: URL(fileURLWithPath: path))
    }
}
