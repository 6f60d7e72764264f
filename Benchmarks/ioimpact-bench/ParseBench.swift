// `ioimpact-bench parse DIR [N...]`: the parse rate of the big matrix files. For each n (default
// 1,000 and 4,000) it writes, or reuses, a synthetic pymrio folder laid out as pymrio's save_all()
// writes it (Z.txt with two index columns, two header rows and the row of index names; numbers with
// 12 significant digits, zeros as "0") and a table in ioimpact's format (transactions.csv), then times
// the parse of each big file (best of 3) and the whole table load, one JSON line per file.
import Foundation
import IOImpact

func parseBench(_ args: [String]) throws {
    let dir = args.first ?? NSTemporaryDirectory()
    let sizes = args.dropFirst().compactMap { Int($0) }
    for n in sizes.isEmpty ? [1000, 4000] : sizes {
        let pymrio = "\(dir)/parse-pymrio-\(n)", table = "\(dir)/parse-table-\(n)"
        try writeSyntheticTables(n: n, pymrio: pymrio, table: table)
        let codes = sectorCodes(n).map { "\($0.region)/\($0.sector)" }
        for (format, file, parse, load) in [
            ("pymrio", pymrio + "/Z.txt", { _ = try PymrioLoader.readMatrix(path: pymrio + "/Z.txt", indexColumns: 2, headerRows: 2) },
             { _ = try PymrioLoader.load(directory: pymrio) }),
            ("ioimpact", table + "/transactions.csv", { _ = try TableLoader.readTransactions(path: table + "/transactions.csv", codes: codes) },
             { _ = try TableLoader.load(directory: table) }),
        ] as [(String, String, () throws -> Void, () throws -> Void)] {
            let bytes = (try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
            let t = try best(3, parse)
            let tLoad = try best(1, load)
            emit([("bench", .string("parse")), ("format", .string(format)), ("file", .string(file)), ("n", .number(Double(n))),
                  ("bytes", .number(Double(bytes))), ("seconds", .number(t)), ("mb_per_s", .number(Double(bytes) / t / 1e6)),
                  ("table_load_seconds", .number(tLoad))])
        }
    }
}

/// 100 sectors per region, as the pymrio benchmark's multi-regional system.
func sectorCodes(_ n: Int) -> [(region: String, sector: String)] {
    (0..<n).map { i in (String(format: "r%02d", i / 100), String(format: "s%03d", i % 100)) }
}

/// A balanced table: A about 10% non-zero with row and column sums near 0.4, x in [800, 1200],
/// final demand x − Z·1 and value added x − 1′Z (both positive).
func writeSyntheticTables(n: Int, pymrio: String, table: String) throws {
    let fm = FileManager.default
    if fm.fileExists(atPath: pymrio + "/Z.txt") && fm.fileExists(atPath: table + "/transactions.csv") { return }
    try fm.createDirectory(atPath: pymrio, withIntermediateDirectories: true)
    try fm.createDirectory(atPath: table, withIntermediateDirectories: true)
    var rng = SplitMix64(state: UInt64(n))
    let x = (0..<n).map { _ in (800 + 400 * rng.next()).rounded12 }
    let codes = sectorCodes(n)
    var rowSums = [Double](repeating: 0, count: n), colSums = [Double](repeating: 0, count: n)
    // Z is written a row at a time to both files; its numbers exist only as text.
    let zText = try TextSink(pymrio + "/Z.txt"), zCSV = try TextSink(table + "/transactions.csv")
    zText.write("region\t\t" + codes.map(\.region).joined(separator: "\t") + "\n")
    zText.write("sector\t\t" + codes.map(\.sector).joined(separator: "\t") + "\n")
    zText.write("region\tsector" + String(repeating: "\t", count: n) + "\n")
    zCSV.write("code," + codes.map { "\($0.region)/\($0.sector)" }.joined(separator: ",") + "\n")
    for i in 0..<n {
        var fields = [String](repeating: "0", count: n)
        for j in 0..<n where rng.next() < 0.1 {
            let v = (0.4 * (0.5 + rng.next()) / (0.1 * Double(n)) * x[j]).rounded12
            fields[j] = String(format: "%.12g", v)
            rowSums[i] += v
            colSums[j] += v
        }
        zText.write("\(codes[i].region)\t\(codes[i].sector)\t" + fields.joined(separator: "\t") + "\n")
        zCSV.write("\(codes[i].region)/\(codes[i].sector)," + fields.joined(separator: ",") + "\n")
    }
    zText.close(); zCSV.close()
    let g = { (v: Double) in String(format: "%.12g", v) }
    var y = "region\t\tr00\ncategory\t\tFinal demand\nregion\tsector\t\n", xt = "region\tsector\tindout\n"
    var fd = "code,FD\n", sectors = "code,name,name_local,gross_output\n"
    for i in 0..<n {
        y += "\(codes[i].region)\t\(codes[i].sector)\t\(g(x[i] - rowSums[i]))\n"
        xt += "\(codes[i].region)\t\(codes[i].sector)\t\(g(x[i]))\n"
        fd += "\(codes[i].region)/\(codes[i].sector),\(g(x[i] - rowSums[i]))\n"
        sectors += "\(codes[i].region)/\(codes[i].sector),\(codes[i].sector),,\(g(x[i]))\n"
    }
    try y.write(toFile: pymrio + "/Y.txt", atomically: true, encoding: .utf8)
    try xt.write(toFile: pymrio + "/x.txt", atomically: true, encoding: .utf8)
    try """
        {"files": {"Z": {"name": "Z.txt", "nr_index_col": "2", "nr_header": "2"}, "Y": {"name": "Y.txt", "nr_index_col": "2", "nr_header": "2"},
         "x": {"name": "x.txt", "nr_index_col": "2", "nr_header": "1"}}, "systemtype": "IOSystem"}
        """.write(toFile: pymrio + "/file_parameters.json", atomically: true, encoding: .utf8)
    try fd.write(toFile: table + "/final_demand.csv", atomically: true, encoding: .utf8)
    try sectors.write(toFile: table + "/sectors.csv", atomically: true, encoding: .utf8)
    let va = "component," + codes.map { "\($0.region)/\($0.sector)" }.joined(separator: ",") + "\nW," + (0..<n).map { g(x[$0] - colSums[$0]) }.joined(separator: ",") + "\n"
    try va.write(toFile: table + "/value_added.csv", atomically: true, encoding: .utf8)
    try """
        format = "ioimpact-table/1"
        id = "parse-\(n)"
        name = "Synthetic \(n)-sector table (parse benchmark)"
        country = "XX"
        year = 2026
        currency = "XXX"
        unit = "million XXX"
        price_basis = "producer prices"
        import_treatment = "domestic"
        source = "ioimpact-bench parse"
        licence = "CC0"

        [final_demand]
        exports = []
        imports = []
        household_consumption = ["FD"]

        [value_added]
        compensation = ["W"]

        """.write(toFile: table + "/manifest.toml", atomically: true, encoding: .utf8)
}

extension Double {
    /// The double that "%.12g" prints, so sums computed here match the file's numbers.
    var rounded12: Double { Double(String(format: "%.12g", self))! }
}

/// Buffered text output for files too large to build as one string.
final class TextSink {
    private let handle: FileHandle
    private var buffer = Data()
    init(_ path: String) throws {
        FileManager.default.createFile(atPath: path, contents: nil)
        guard let h = FileHandle(forWritingAtPath: path) else { throw CocoaError(.fileWriteNoPermission) }
        handle = h
    }
    func write(_ s: String) {
        buffer.append(contentsOf: s.utf8)
        if buffer.count > 1 << 22 { handle.write(buffer); buffer.removeAll(keepingCapacity: true) }
    }
    func close() { handle.write(buffer); buffer.removeAll(); try? handle.close() }
}
