import Foundation
import XCTest
@testable import IOImpact

/// The byte parser gives exactly the doubles of `Double(String)` (correctly rounded), on random and
/// edge-case numbers, and leaves everything outside plain decimal to the general path.
final class DecimalParserTests: XCTestCase {
    func parse(_ s: String) -> Double? {
        let bytes = Array(s.utf8)
        return bytes.withUnsafeBufferPointer { DecimalParser.parse($0.baseAddress ?? UnsafePointer(bitPattern: 1)!, count: $0.count) }
    }

    func assertSame(_ s: String, file: StaticString = #filePath, line: UInt = #line) {
        guard let want = Double(s) else { return XCTFail("test corpus: '\(s)' is not a Double", file: file, line: line) }
        guard let got = parse(s) else { return XCTFail("'\(s)' refused", file: file, line: line) }
        XCTAssertEqual(got.bitPattern, want.bitPattern, "'\(s)': \(got) against \(want)", file: file, line: line)
    }

    func testEdgeCases() {
        let cases = [
            "0", "-0", "+0", "0.0", "-0.0", "00000", "0e999999", "-0e-999999", "1", "-1", "+1", "1.", ".5", "-.5", "1.5e3", "1.5E-3",
            "1e22", "1e23", "1e-22", "1e-23", "1e27", "1e28", "1e-27", "1e-28", "123456789e-27", "1234567890123456789e27",
            "9007199254740991", "9007199254740992", "9007199254740993", "9007199254740995", "9007199254740997",
            "18014398509481983", "18014398509481985", "9999999999999999999", "18446744073709551615", "18446744073709551616",
            "12345678901234567890", "123456789012345678901234567890", "0.1", "0.2", "0.3", "0.30000000000000004",
            "1125899906842624.125", "1125899906842624.375", "1125899906842624.625", "562949953421312.0625",
            "1.7976931348623157e308", "1.7976931348623159e308", "1e308", "1e309", "2.2250738585072014e-308",
            "2.2250738585072011e-308", "4.9406564584124654e-324", "5e-324", "2e-324", "1e-400", "1e400",
            "3.14159265358979323846264338327950288", "0.000000000000000000000000000001", "100000000000000000000000000000",
            "7.2057594037927933e16", "4.35679e-10", "58180.65", "2.0384748", "0.046053429", "994.175761717",
            "1.00000000000000011102230246251565404236316680908203125", "1.000000000000000111022302462515654042363166809082031251",
        ]
        for s in cases { assertSame(s) }
    }

    /// Many leading zeros after the point with an exponent past the parser's cap: the true value is
    /// out of range (inf, or 0 for a negative exponent), never a finite number made of a clipped exponent.
    func testExponentBeyondTheCapAfterManyLeadingZeros() {
        let zeros = String(repeating: "0", count: 100_005)
        assertSame("0." + zeros + "1e1000060")
        assertSame("0." + zeros + "1e-1000060")
        assertSame("0." + zeros + "1e100010")
        assertSame("1e" + String(repeating: "9", count: 12))
    }

    func testRandomNumbersAreBitIdentical() {
        var rng = SystemRandomNumberGenerator()
        var corpus: [String] = []
        for _ in 0..<20_000 {
            // Doubles as Swift, printf and pymrio (pandas, 12 digits) write them.
            let v = Double(bitPattern: rng.next() & 0x7fef_ffff_ffff_ffff) * (Bool.random(using: &rng) ? 1 : -1)
            let m = Double.random(in: 0..<10_000, using: &rng)
            corpus.append("\(v)")
            corpus.append("\(m)")
            corpus.append(String(format: "%.\(Int.random(in: 1...20, using: &rng))g", m))
            corpus.append(String(format: "%.12g", m * pow(10, Double(Int.random(in: -30...30, using: &rng)))))
            corpus.append(String(format: "%.\(Int.random(in: 0...19, using: &rng))e", v))
            // Random digit strings: 1 to 24 digits, a point anywhere, an exponent around the fast paths' edges.
            let digits = String((0..<Int.random(in: 1...24, using: &rng)).map { _ in Character(String(Int.random(in: 0...9, using: &rng))) })
            let point = Int.random(in: 0...digits.count, using: &rng)
            var s = String(digits.prefix(point)) + "." + String(digits.dropFirst(point))
            if Bool.random(using: &rng) { s += "e\(Int.random(in: -45...45, using: &rng))" }
            corpus.append(s)
        }
        for s in corpus { assertSame(s) }
    }

    func testHalfwayCasesRoundToEven() {
        // m·2^e + 2^(e−1), exactly between two doubles, written out in full with at most 19 digits.
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let m = UInt64.random(in: (1 << 52)..<(1 << 53), using: &rng)
            let shift = Int.random(in: 1...10, using: &rng)
            let twice = 2 * m + 1   // the halfway point in units of 2^(−shift−1)
            // (2m+1)/2^(shift+1) = (2m+1)·5^(shift+1)/10^(shift+1): too many digits for large shifts; keep the short ones.
            var num = twice
            var ok = true
            for _ in 0..<(shift + 1) { let (p, o) = num.multipliedReportingOverflow(by: 5); if o { ok = false; break }; num = p }
            guard ok else { continue }
            assertSame("\(num)e-\(shift + 1)")
        }
        for s in ["9007199254740993", "9007199254740995", "90071992547409930e-1", "4503599627370497.5", "4503599627370498.5"] { assertSame(s) }
    }

    func testOnlyPlainDecimalIsAccepted() {
        for s in ["", "+", "-", ".", "-.", "e5", ".e5", "1e", "1e+", "1e-", " 1", "1 ", "0x10", "inf", "-inf", "nan", "1,5", "1..2",
                  "--1", "+-1", "1e5.5", "1\0", "\01", "\"1\"", "1_000", "١"] {
            XCTAssertNil(parse(s), "'\(s)' should be left to the general path")
        }
    }
}
