import XCTest
@testable import IOImpact

/// The byte-buffer number writer: the shortest text that parses back to the same bits.
final class NumberOutputTests: XCTestCase {
    func text(_ v: Double) -> String {
        let b = ByteBuffer(capacity: 16)
        b.append(v)
        return String(decoding: b.bytes, as: UTF8.self)
    }

    func assertRoundTrip(_ v: Double, file: StaticString = #filePath, line: UInt = #line) {
        let s = text(v)
        guard let back = Double(s) else { return XCTFail("'\(s)' does not parse", file: file, line: line) }
        XCTAssertEqual(back.bitPattern, v.bitPattern, "\(v) written as '\(s)'", file: file, line: line)
        // Shortest: the same digits as Swift's description, which is the shortest round-trip form.
        XCTAssertEqual(s, v.description, file: file, line: line)
        XCTAssertFalse(s.contains(",") || s.contains(" "), "locale-free: \(s)", file: file, line: line)
    }

    func testEdgeCases() {
        let cases: [Double] = [0, -0.0, 1, -1, 3, 100, 1e15, 1e16, 123456789012345678, 0.1, 0.2, 1.0 / 3, 1e-300, 1e300, -1e-300,
                               Double.leastNonzeroMagnitude, -Double.leastNonzeroMagnitude, Double.leastNormalMagnitude,
                               Double.leastNormalMagnitude.nextDown, 2.2250738585072009e-308, Double.greatestFiniteMagnitude,
                               -Double.greatestFiniteMagnitude, 5e-324, 1e-5, 1e-4, 9007199254740993, 0.30000000000000004]
        for v in cases { assertRoundTrip(v) }
        XCTAssertEqual(text(-0.0), "-0.0")
        XCTAssertEqual(text(0), "0.0")
        XCTAssertEqual(text(3), "3.0")
        XCTAssertEqual(text(1e-300), "1e-300")
        XCTAssertEqual(text(1e300), "1e+300")
        XCTAssertEqual(text(5e-324), "5e-324")
    }

    func testRandomDoublesRoundTrip() {
        var g = SystemRandomNumberGenerator()
        for _ in 0..<200_000 {
            // Every bit pattern that is a finite double: all exponents, subnormals included.
            let v = Double(bitPattern: g.next())
            if v.isFinite { assertRoundTrip(v) }
        }
        for _ in 0..<50_000 { assertRoundTrip(Double.random(in: -10...10)) }
        for _ in 0..<20_000 { assertRoundTrip(Double(Int.random(in: -1_000_000...1_000_000))) }
    }

    func testBufferGrowsAndIsReused() {
        let b = ByteBuffer(capacity: 16)
        for k in 0..<10_000 { b.append(Double(k) + 0.5); b.append(UInt8(ascii: ",")) }
        let s = String(decoding: b.bytes, as: UTF8.self)
        XCTAssertEqual(s.split(separator: ",").count, 10_000)
        XCTAssertTrue(s.hasPrefix("0.5,1.5,2.5,"))
        b.removeAll()
        b.append(2.5)
        XCTAssertEqual(String(decoding: b.bytes, as: UTF8.self), "2.5")
    }

    func testCSVMatchesTheRenderedInverse() throws {
        let model = try LeontiefModel(table: try shippedTable("jp-2015-13"))
        let inv = try model.openTypeInverse()
        let path = temporaryDirectory() + "/L.csv"
        let out = try ByteOutput.atomicFile(path)
        try MatrixOutput.writeCSV(inv, labels: model.table.codes, to: out)
        try out.commit()
        let written = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertEqual(written, TableViews.inverse(inv, labels: model.table.codes, format: .csv))
    }

    func testCSVOfManyRowsKeepsRowOrder() throws {
        // More rows than one batch of the parallel writer (about a million numbers per part).
        let n = 1100
        var m = Matrix(rows: n, columns: n)
        for j in 0..<n { for i in 0..<n { m[i, j] = Double(i) + Double(j) / 10_000 } }
        let labels = (0..<n).map { "s\($0)" }
        let path = temporaryDirectory() + "/big.csv"
        let out = try ByteOutput.atomicFile(path)
        try MatrixOutput.writeCSV(m, labels: labels, to: out)
        try out.commit()
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.count, n + 1)
        for i in [0, 1, 523, 524, 525, 1048, 1099] {
            let fields = lines[i + 1].split(separator: ",")
            XCTAssertEqual(String(fields[0]), "s\(i)")
            XCTAssertEqual(Double(String(fields[1 + 7])), m[i, 7])
        }
    }
}
