import Foundation

/// Decimal text to `Double` straight from bytes, locale-free and correctly rounded: for every input
/// it accepts, the result is bit-identical to `Double(String)` and to strtod (both round correctly).
///
/// The grammar is plain decimal only: `[+-]? digits [. digits] [(e|E) [+-]? digits]`, with at least
/// one digit in the mantissa. Anything else (spaces, quotes, hex, `inf`, `nan`, a NUL) returns nil,
/// and the caller's general path decides and words the error. Three ways to the value, fastest first:
/// - ≤ 2^53 in the digits and a power of ten up to 10^22: one IEEE multiplication or division of two
///   exact doubles, rounded once (Clinger's fast path);
/// - up to 19 digits and a power of ten up to 10^27: exact integer arithmetic on 128 bits (w·5^q, or
///   w·2^s / 5^q with its remainder as the sticky bit), rounded to nearest-even by hand;
/// - otherwise strtod on a copy of the bytes.
enum DecimalParser {
    static func parse(_ p: UnsafePointer<UInt8>, count n: Int) -> Double? {
        guard let (v, used) = parsePrefix(p, count: n), used == n else { return nil }
        return v
    }

    /// The longest number in the grammar at the start of `p[0..<n]`, and how many bytes it takes; nil
    /// when the bytes do not start with one (or end inside one, as "1e" or "1e+"). The caller checks
    /// that what follows is a separator, so that one pass over the bytes both finds and reads a field.
    @inline(__always)
    static func parsePrefix(_ p: UnsafePointer<UInt8>, count n: Int) -> (Double, Int)? {
        var k = 0
        var negative = false
        if n > 0 && (p[0] == UInt8(ascii: "+") || p[0] == UInt8(ascii: "-")) { negative = p[0] == UInt8(ascii: "-"); k = 1 }
        var w: UInt64 = 0
        var significant = 0     // digits held in w (leading zeros excluded)
        var long = false        // more than 19 significant digits: strtod decides
        var digits = 0
        var scale = 0           // the power of ten contributed by digits after the point
        while k < n {
            // Eight digits at once once a significant digit is held and eight more still fit in 19.
            if w != 0 && significant <= 11 && n - k >= 8, let eight = eightDigits(p + k) {
                w = w &* 100_000_000 &+ eight; significant += 8; digits += 8; k += 8
                continue
            }
            let d = p[k] &- 48
            if d >= 10 { break }
            if w != 0 || d != 0 {
                if significant < 19 { w = w &* 10 &+ UInt64(d); significant += 1 } else { long = true }
            }
            digits += 1; k += 1
        }
        if k < n && p[k] == UInt8(ascii: ".") {
            k += 1
            while k < n {
                if w != 0 && significant <= 11 && n - k >= 8, let eight = eightDigits(p + k) {
                    w = w &* 100_000_000 &+ eight; significant += 8; scale -= 8; digits += 8; k += 8
                    continue
                }
                let d = p[k] &- 48
                if d >= 10 { break }
                if w == 0 && d == 0 {
                    scale -= 1
                } else if significant < 19 {
                    w = w &* 10 &+ UInt64(d); significant += 1; scale -= 1
                } else {
                    long = true
                }
                digits += 1; k += 1
            }
        }
        guard digits > 0 else { return nil }
        var exponent = 0
        if k < n && (p[k] | 0x20) == UInt8(ascii: "e") {
            k += 1
            var expNegative = false
            if k < n && (p[k] == UInt8(ascii: "+") || p[k] == UInt8(ascii: "-")) { expNegative = p[k] == UInt8(ascii: "-"); k += 1 }
            let start = k
            while k < n {
                let d = p[k] &- 48
                if d >= 10 { break }
                if exponent < 100_000 { exponent = exponent * 10 + Int(d) } else { long = true }
                k += 1
            }
            guard k > start else { return nil }
            if expNegative { exponent = -exponent }
        }
        // Beyond the capped exponent, or with more than 19 significant digits, strtod decides (it gives
        // ±inf or 0 where the true power of ten is out of range, which the callers refuse or keep).
        if long { return (strtodCopy(p, k), k) }
        if w == 0 { return (negative ? -0.0 : 0.0, k) }
        let q = scale + exponent
        var v: Double
        if w <= 1 << 53 && q >= -22 && q <= 22 {
            v = q < 0 ? Double(w) / powersOfTen[-q] : Double(w) * powersOfTen[q]
        } else if q >= 0 && q <= 27 {
            // w·10^q = (w·5^q)·2^q, the product exact in 128 bits (5^27 < 2^63).
            let (hi, lo) = w.multipliedFullWidth(by: powersOfFive[q])
            v = rounded(hi: hi, lo: lo, sticky: false, exponent: q)
        } else if q < 0 && q >= -27 {
            // w·10^q = (w·2^s / 5^-q)·2^(q−s): s chosen so the quotient has 63 or 64 bits.
            let d = powersOfFive[-q]
            let s = 64 + (64 - d.leadingZeroBitCount) - (64 - w.leadingZeroBitCount) - 1
            let hi = s >= 64 ? w << UInt64(s - 64) : (s == 0 ? 0 : w >> UInt64(64 - s))
            let lo = s >= 64 ? 0 : w << UInt64(s)
            let (quotient, remainder) = d.dividingFullWidth((high: hi, low: lo))
            v = rounded(hi: 0, lo: quotient, sticky: remainder != 0, exponent: q - s)
        } else {
            return (strtodCopy(p, k), k)
        }
        return (negative ? -v : v, k)
    }

    /// The value of eight ASCII digits at `p` (the first the most significant), or nil when any of
    /// the eight bytes is not a digit: one 8-byte load, a test of all eight and three multiplications
    /// (the SWAR method of Lemire's fast_float), instead of eight passes of the digit loop.
    @inline(__always)
    static func eightDigits(_ p: UnsafePointer<UInt8>) -> UInt64? {
        let v = UInt64(littleEndian: UnsafeRawPointer(p).loadUnaligned(as: UInt64.self))
        // Each byte in 0x30...0x39: its high nibble is 3, and adding 6 leaves it 3.
        guard (v & 0xF0F0_F0F0_F0F0_F0F0) | (((v &+ 0x0606_0606_0606_0606) & 0xF0F0_F0F0_F0F0_F0F0) >> 4)
                == 0x3333_3333_3333_3333 else {
            return nil
        }
        var x = v &- 0x3030_3030_3030_3030
        x = (x &* 10) &+ (x >> 8)   // pairs of digits in every other byte
        let mask: UInt64 = 0x0000_00FF_0000_00FF
        let mul1: UInt64 = 0x000F_4240_0000_0064   // 100 + (1000000 << 32)
        let mul2: UInt64 = 0x0000_2710_0000_0001   // 1 + (10000 << 32)
        return (((x & mask) &* mul1) &+ (((x >> 16) & mask) &* mul2)) >> 32
    }

    /// (hi·2^64 + lo + ε)·2^exponent rounded to nearest-even, where `sticky` says ε > 0 (ε < 1).
    /// The value must fall in the normal range (it does for 19 digits and |q| ≤ 27).
    @inline(__always)
    static func rounded(hi: UInt64, lo: UInt64, sticky: Bool, exponent: Int) -> Double {
        let lz = hi != 0 ? hi.leadingZeroBitCount : 64 + lo.leadingZeroBitCount
        let h: UInt64, l: UInt64
        if lz >= 64 { h = lo << UInt64(lz - 64); l = 0 }
        else if lz > 0 { h = (hi << UInt64(lz)) | (lo >> UInt64(64 - lz)); l = lo << UInt64(lz) }
        else { h = hi; l = lo }
        var m = h >> 11                              // the top 53 bits
        let roundBit = (h >> 10) & 1
        let rest = (h & 0x3ff) != 0 || l != 0 || sticky
        var e = 75 - lz + exponent                   // the value is m·2^e, m in [2^52, 2^53]
        if roundBit == 1 && (rest || m & 1 == 1) { m += 1 }
        if m == 1 << 53 { m = 1 << 52; e += 1 }
        return Double(bitPattern: UInt64(e + 52 + 1023) << 52 | (m & ((1 << 52) - 1)))
    }

    static func strtodCopy(_ p: UnsafePointer<UInt8>, _ n: Int) -> Double {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: n + 1) { buf in
            for i in 0..<n { buf[i] = CChar(bitPattern: p[i]) }
            buf[n] = 0
            return strtod(buf.baseAddress!, nil)
        }
    }

    static let powersOfTen: [Double] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                        1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22]
    static let powersOfFive: [UInt64] = (0...27).map { q in (0..<q).reduce(UInt64(1)) { p, _ in p * 5 } }
}
