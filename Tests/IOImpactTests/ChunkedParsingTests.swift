import Foundation
import XCTest
@testable import IOImpact

/// The parallel parser gives the same matrix however the file is cut into chunks (every line its own
/// chunk, and every chunk size from 1 byte to the whole file), and an error in a later chunk names
/// its own line.
final class ChunkedParsingTests: XCTestCase {
    /// A pymrio Z with two index columns and two header rows, blank lines, CRLF line ends, empty fields
    /// and numbers in every form the fast path and the general path read.
    let pymrioZ = """
        region\t\tr1\tr1\tr2\tr2
        sector\t\ta\tb\ta\tb
        region\tsector\t\t\t\t
        r1\ta\t58180.65\t2.0384748\t0\t-0.0\r
        r1\tb\t1e-5\t\t0.30000000000000004\t12345678901234567890

        r2\ta\t 7\t0x10\t1.7976931348623157e308\t4.9406564584124654e-324\r
        r2\tb\t.5\t5.\t9007199254740993\t1125899906842624.125
        """

    /// transactions.csv in the project's format: quoted labels and numbers, spaces, a blank and a CR-only line.
    let transactionsCSV = """
        code,A,B,C
        A,1.5,"2",3e2
        \r
        "B", 4 ,,0.1

        C,7,8.25,"9"\r
        """

    func frame(_ text: String, chunkBytes: Int) throws -> PymrioLoader.Frame {
        let dir = temporaryDirectory()
        try text.write(toFile: dir + "/Z.txt", atomically: true, encoding: .utf8)
        return try PymrioLoader.readFrame(dir + "/Z.txt", indexColumns: 2, headerRows: 2, chunkBytes: chunkBytes)
    }

    func block(_ text: String, chunkBytes: Int) throws -> Matrix {
        let dir = temporaryDirectory()
        try text.write(toFile: dir + "/transactions.csv", atomically: true, encoding: .utf8)
        return try TableLoader.readLargeBlock(path: dir + "/transactions.csv", header: ["code", "A", "B", "C"],
                                              rowLabels: ["A", "B", "C"], columns: ["A", "B", "C"], chunkBytes: chunkBytes)
    }

    func bits(_ m: Matrix) -> [UInt64] { m.storage.map(\.bitPattern) }

    func testPymrioFrameIsTheSameForEveryChunking() throws {
        let whole = try frame(pymrioZ, chunkBytes: .max)
        XCTAssertEqual(whole.rowLabels, [["r1", "a"], ["r1", "b"], ["r2", "a"], ["r2", "b"]])
        XCTAssertEqual(whole.rowLines, [4, 5, 7, 8])
        XCTAssertEqual(whole.columnLabels, [["r1", "a"], ["r1", "b"], ["r2", "a"], ["r2", "b"]])
        let want: [[String]] = [["58180.65", "2.0384748", "0", "-0.0"], ["1e-5", "0", "0.30000000000000004", "12345678901234567890"],
                                [" 7", "0x10", "1.7976931348623157e308", "4.9406564584124654e-324"], [".5", "5.", "9007199254740993", "1125899906842624.125"]]
        for i in 0..<4 { for j in 0..<4 { XCTAssertEqual(whole.values[i, j].bitPattern, strtod(want[i][j], nil).bitPattern, "(\(i), \(j))") } }
        for size in 1...pymrioZ.utf8.count + 1 {
            let f = try frame(pymrioZ, chunkBytes: size)
            XCTAssertEqual(bits(f.values), bits(whole.values), "chunks of \(size) bytes")
            XCTAssertEqual(f.rowLabels, whole.rowLabels, "chunks of \(size) bytes")
            XCTAssertEqual(f.rowLines, whole.rowLines, "chunks of \(size) bytes")
        }
    }

    func testCSVBlockIsTheSameForEveryChunkingAndAsCSVFileReadsIt() throws {
        let dir = temporaryDirectory()
        try transactionsCSV.write(toFile: dir + "/t.csv", atomically: true, encoding: .utf8)
        let old = try TableLoader.readBlock(try CSVFile(path: dir + "/t.csv"), rowLabels: ["A", "B", "C"], columns: ["A", "B", "C"])
        let whole = try block(transactionsCSV, chunkBytes: .max)
        XCTAssertEqual(bits(whole), bits(old))
        XCTAssertEqual(whole.rowMajor, [[1.5, 2, 300], [4, 0, 0.1], [7, 8.25, 9]])
        for size in 1...transactionsCSV.utf8.count + 1 {
            XCTAssertEqual(bits(try block(transactionsCSV, chunkBytes: size)), bits(whole), "chunks of \(size) bytes")
        }
        // A byte-order mark and blank lines before the header, as a spreadsheet may save it.
        XCTAssertEqual(bits(try block("\u{FEFF}\n" + transactionsCSV, chunkBytes: 3)), bits(whole))
    }

    func testLargerRandomTableEveryChunking() throws {
        // 30 × 30 with numbers of every length: the one-chunk result against 1-byte chunks and sizes in between.
        var rng = SystemRandomNumberGenerator()
        let n = 30
        var text = "region\t\t" + (0..<n).map { _ in "r" }.joined(separator: "\t") + "\nsector\t\t" + (0..<n).map { "s\($0)" }.joined(separator: "\t")
        text += "\nregion\tsector" + String(repeating: "\t", count: n) + "\n"
        for i in 0..<n {
            text += "r\ts\(i)\t" + (0..<n).map { _ -> String in
                let v = Double.random(in: 0..<1000, using: &rng)
                switch Int.random(in: 0..<4, using: &rng) {
                case 0: return "0.0"
                case 1: return "\(v)"
                case 2: return String(format: "%.12g", v)
                default: return String(format: "%.3e", v)
                }
            }.joined(separator: "\t") + "\n"
        }
        let whole = try frame(text, chunkBytes: .max)
        for size in [1, 2, 7, 64, 100, 333, 1000, 4096, text.utf8.count - 1] {
            XCTAssertEqual(bits(try frame(text, chunkBytes: size).values), bits(whole.values), "chunks of \(size) bytes")
        }
    }

    func testErrorInALaterChunkNamesItsLine() throws {
        func message(_ body: () throws -> Any) -> String {
            do { _ = try body(); return "accepted" } catch { return "\(error)" }
        }
        let badZ = pymrioZ.replacingOccurrences(of: "\t.5\t", with: "\tn/a\t")
        let badCSV = transactionsCSV.replacingOccurrences(of: "8.25", with: "8,25")
        let unclosed = transactionsCSV.replacingOccurrences(of: "\"9\"", with: "\"9")
        let nul = transactionsCSV.replacingOccurrences(of: "8.25", with: "8\u{0}25")
        for size in [.max, 1, 5, 40] {
            XCTAssertTrue(message { try self.frame(badZ, chunkBytes: size) }.hasSuffix("Z.txt line 8, column r1/a: 'n/a' is not a number"), "\(size)")
            XCTAssertTrue(message { try self.block(badCSV, chunkBytes: size) }.hasSuffix("transactions.csv line 6: ragged row: 5 fields, the header has 4"), "\(size)")
            XCTAssertTrue(message { try self.block(unclosed, chunkBytes: size) }
                .hasSuffix("transactions.csv line 6: a quoted field runs past the end of the line (an unclosed quote?)"), "\(size)")
            XCTAssertTrue(message { try self.block(nul, chunkBytes: size) }
                .hasSuffix("transactions.csv line 6, column B: '8\\u{0}25' is not a number (it holds a control character)"), "\(size)")
            XCTAssertTrue(message { try self.block(transactionsCSV.replacingOccurrences(of: "\"B\"", with: "X"), chunkBytes: size) }
                .hasSuffix("transactions.csv line 4, column 1: row label 'X', expected 'B' (rows must follow sectors.csv)"), "\(size)")
            XCTAssertTrue(message { try self.block(transactionsCSV + "\nD,1,2,3\n", chunkBytes: size) }
                .hasSuffix("transactions.csv: has 4 data rows, expected 3"), "\(size)")
            XCTAssertTrue(message { try self.frame(pymrioZ.replacingOccurrences(of: "9007199254740993", with: "inf"), chunkBytes: size) }
                .hasSuffix("Z.txt line 8, column r2/a: 'inf' is not a finite number (NaN or infinity)"), "\(size)")
        }
    }

    func testShippedTablesReadAsCSVFileReadsThem() throws {
        // Every shipped table's Z, bit for bit, against the whole-file CSV reader it replaced.
        let root = projectRoot + "/Tables"
        var checked = 0
        for id in try FileManager.default.contentsOfDirectory(atPath: root).sorted()
        where FileManager.default.fileExists(atPath: "\(root)/\(id)/manifest.toml") && FileManager.default.fileExists(atPath: "\(root)/\(id)/transactions.csv") {
            let table = try TableLoader.load(directory: "\(root)/\(id)")
            let codes = table.sectors.map(\.code)
            let old = try TableLoader.readBlock(try CSVFile(path: "\(root)/\(id)/transactions.csv"), rowLabels: codes, columns: codes)
            XCTAssertEqual(bits(table.transactions), bits(old), id)
            XCTAssertEqual(bits(try TableLoader.readLargeBlock(path: "\(root)/\(id)/transactions.csv", header: ["code"] + codes,
                                                                rowLabels: codes, columns: codes, chunkBytes: 1000)), bits(old), id)
            checked += 1
        }
        XCTAssertGreaterThan(checked, 3)
    }

    func testStreamingChecksumMatchesTheWholeMessage() {
        var rng = SystemRandomNumberGenerator()
        let message = (0..<10_000).map { _ in UInt8.random(in: 0...255, using: &rng) }
        XCTAssertEqual(SHA256.hex(Array("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        XCTAssertEqual(SHA256.hex([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)),
                       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        for cut in [0, 1, 55, 63, 64, 65, 4_000] {
            var h = SHA256.Hasher()
            message.withUnsafeBytes { all in
                h.update(UnsafeRawBufferPointer(rebasing: all[0..<cut]))
                h.update(UnsafeRawBufferPointer(rebasing: all[cut...]))
            }
            XCTAssertEqual(SHA256.hex(digest: h.finish()), SHA256.hex(message), "cut at \(cut)")
        }
    }
}
