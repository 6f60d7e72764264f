import XCTest
@testable import IOImpact

/// `ioimpact inverse --format npy`: NumPy's format 1.0, read back bit for bit.
final class NPYOutputTests: XCTestCase {
    /// Parses a .npy file: header fields and the doubles in file order.
    func readNPY(_ path: String) throws -> (descr: String, fortran: Bool, shape: [Int], values: [Double], headerBytes: Int) {
        let data = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        XCTAssertEqual(Array(data.prefix(6)), [0x93] + Array("NUMPY".utf8))
        XCTAssertEqual(data[6], 1); XCTAssertEqual(data[7], 0)
        let length = Int(data[8]) | Int(data[9]) << 8
        let start = 10 + length
        XCTAssertEqual(start % 64, 0, "data aligned to 64 bytes")
        let header = String(decoding: data[10..<start], as: UTF8.self)
        XCTAssertTrue(header.hasSuffix("\n"))
        func value(_ key: String) -> String {
            guard let r = header.range(of: "'\(key)': ") else { return "" }
            let rest = header[r.upperBound...]
            if rest.hasPrefix("(") { return String(rest[..<rest.firstIndex(of: ")")!]) + ")" }
            return String(rest[..<rest.firstIndex(of: ",")!])
        }
        let shape = value("shape").dropFirst().dropLast().split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        let count = (data.count - start) / 8
        let values = (0..<count).map { k -> Double in
            var bits: UInt64 = 0
            for b in 0..<8 { bits |= UInt64(data[start + 8 * k + b]) << (8 * b) }
            return Double(bitPattern: bits)
        }
        return (value("descr"), value("fortran_order") == "True", shape, values, start)
    }

    func testInverseReadsBackBitIdentical() throws {
        let model = try LeontiefModel(table: try shippedTable("jp-2015-37"))
        let inv = try model.openTypeInverse()
        let path = temporaryDirectory() + "/L.npy"
        let out = try ByteOutput.atomicFile(path)
        try MatrixOutput.writeNPY(inv, to: out)
        try out.commit()
        let npy = try readNPY(path)
        XCTAssertEqual(npy.descr, "'<f8'")
        XCTAssertTrue(npy.fortran)
        XCTAssertEqual(npy.shape, [37, 37])
        XCTAssertEqual(npy.values.count, 37 * 37)
        for j in 0..<37 { for i in 0..<37 { XCTAssertEqual(npy.values[i + 37 * j].bitPattern, inv[i, j].bitPattern) } }
        try checkWithNumpy(path, inv)
    }

    func testEdgeValuesAndAShapeThatIsNotSquare() throws {
        var m = Matrix(rows: 3, columns: 2)
        let vals: [Double] = [-0.0, 5e-324, 1e-300, 1e300, -Double.greatestFiniteMagnitude, 1.0 / 3]
        for k in 0..<6 { m[k % 3, k / 3] = vals[k] }
        let path = temporaryDirectory() + "/m.npy"
        let out = try ByteOutput.atomicFile(path)
        try MatrixOutput.writeNPY(m, to: out)
        try out.commit()
        let npy = try readNPY(path)
        XCTAssertEqual(npy.shape, [3, 2])
        XCTAssertEqual(npy.values.map(\.bitPattern), vals.map(\.bitPattern))
        try checkWithNumpy(path, m)
    }

    func testAnAbandonedOutputLeavesTheTargetAlone() throws {
        let dir = temporaryDirectory()
        let path = dir + "/keep.npy"
        try "previous".write(toFile: path, atomically: true, encoding: .utf8)
        do {
            let out = try ByteOutput.atomicFile(path)
            try out.write(ByteBuffer())
            out.abandon()
        }
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "previous")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), ["keep.npy"])
    }

    /// numpy.load, when python3 has numpy: the array equals the matrix bit for bit.
    func checkWithNumpy(_ path: String, _ m: Matrix) throws {
        let script = """
        import sys, numpy as np
        a = np.load(sys.argv[1])
        print(a.dtype.str, a.shape[0], a.shape[1], ' '.join(str(v.view(np.uint64)) for v in a.reshape(-1, order='F')))
        """
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", script, path]
        let pipe = Pipe(), err = Pipe()
        p.standardOutput = pipe
        p.standardError = err
        do { try p.run() } catch { print("NPYOutputTests: python3 not runnable, numpy.load check skipped"); return }
        let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        _ = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            print("NPYOutputTests: numpy is not importable by python3, numpy.load check skipped")
            return
        }
        let f = out.split(separator: " ").map(String.init)
        XCTAssertEqual(f[0], "<f8")
        XCTAssertEqual(Int(f[1]), m.rows)
        XCTAssertEqual(Int(f[2]), m.columns)
        let bits = f.dropFirst(3).map { UInt64($0.trimmingCharacters(in: .whitespacesAndNewlines))! }
        XCTAssertEqual(bits, (0..<m.columns).flatMap { j in (0..<m.rows).map { m[$0, j].bitPattern } })
    }
}
