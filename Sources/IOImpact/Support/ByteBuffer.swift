import Foundation

/// A growable byte buffer for large text outputs: numbers are written into it as ASCII, with no
/// `String` per number, and the buffer is reused from one batch of rows to the next (`removeAll`).
///
/// Doubles are written in the shortest form that parses back to the same bits (the digits of Swift's
/// `description`, which are locale-free: always '.', never a grouping separator), through the standard
/// library's `TextOutputStream` hook for ASCII (`_writeASCII`), so no `String` is built per number.
public final class ByteBuffer: TextOutputStream {
    private(set) var base: UnsafeMutablePointer<UInt8>
    public private(set) var count = 0
    private var capacity: Int

    public init(capacity: Int = 1 << 16) {
        self.capacity = max(16, capacity)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// The bytes written so far (valid until the next write or `removeAll`).
    public var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    public func removeAll() { count = 0 }

    private func reserve(_ extra: Int) {
        guard count + extra > capacity else { return }
        var c = capacity
        while count + extra > c { c *= 2 }
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: c)
        grown.update(from: base, count: count)
        base.deallocate()
        base = grown
        capacity = c
    }

    @inline(__always) public func append(_ byte: UInt8) {
        if count == capacity { reserve(1) }
        base[count] = byte
        count += 1
    }

    public func append(_ raw: UnsafeRawBufferPointer) {
        reserve(raw.count)
        if let src = raw.baseAddress { UnsafeMutableRawPointer(base + count).copyMemory(from: src, byteCount: raw.count) }
        count += raw.count
    }

    public func append(_ text: String) {
        var t = text
        t.withUTF8 { append(UnsafeRawBufferPointer($0)) }
    }

    /// The shortest decimal that parses back to the same double ("0.1", "1e-300", "-0.0", "3.0");
    /// "nan", "inf", "-inf" for the non-finite values (as Swift's description).
    public func append(_ v: Double) {
        if v == 0 {
            // A fast path for the most common value of sparse outputs ("0.0", "-0.0" as description).
            if v.sign == .minus { append(UInt8(ascii: "-")) }
            append(UInt8(ascii: "0")); append(UInt8(ascii: ".")); append(UInt8(ascii: "0"))
            return
        }
        var me = self
        v.write(to: &me)
    }

    // TextOutputStream: the standard library writes a number's digits through `_writeASCII`.
    public func write(_ string: String) { append(string) }
    public func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) { append(UnsafeRawBufferPointer(buffer)) }
}
