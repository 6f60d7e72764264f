import Foundation

/// A byte range cut into chunks that each start at the start of a line, for parsing in parallel.
///
/// Each chunk is at least `chunkBytes` long (except the last) and ends just after a line feed, so no
/// line is split. `chunkBytes = 1` makes every line its own chunk.
struct LineChunks {
    /// The chunks' start offsets, then the end of the range: chunk k is `bounds[k]..<bounds[k + 1]`.
    let bounds: [Int]

    init(_ bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>, chunkBytes: Int) {
        var b = [range.lowerBound]
        if let base = bytes.baseAddress {
            let step = max(1, chunkBytes)
            var start = range.lowerBound
            while step < range.upperBound - start {
                // The first line start at or after start + step.
                let from = start + step - 1
                guard let nl = memchr(base + from, 10, range.upperBound - from) else { break }
                let next = base.distance(to: nl.assumingMemoryBound(to: UInt8.self)) + 1
                guard next < range.upperBound else { break }
                b.append(next)
                start = next
            }
        }
        b.append(range.upperBound)
        bounds = b
    }

    var count: Int { bounds.count - 1 }
    subscript(_ k: Int) -> Range<Int> { bounds[k]..<bounds[k + 1] }

    /// Runs `body` on every chunk, on all cores (chunks are taken roughly in order, so only a few are
    /// in flight at once). When chunks fail, the error of the first failing chunk is thrown: the one
    /// a sequential reader would have met first.
    func forEach(_ body: @escaping @Sendable (Int) throws -> Void) throws {
        let errors = ErrorSlots(count)
        DispatchQueue.concurrentPerform(iterations: count) { k in
            if errors.firstFailure < k { return }   // a result after an earlier error is never used
            do { try body(k) } catch { errors.record(error, at: k) }
        }
        if let e = errors.first { throw e }
    }
}

/// One error slot per chunk, written by the chunk's own thread.
private final class ErrorSlots: @unchecked Sendable {
    private var slots: [Error?]
    private let lock = NSLock()
    private var failure = Int.max

    init(_ n: Int) { slots = Array(repeating: nil, count: n) }

    var firstFailure: Int { lock.lock(); defer { lock.unlock() }; return failure }

    func record(_ e: Error, at k: Int) {
        lock.lock(); defer { lock.unlock() }
        slots[k] = e
        failure = min(failure, k)
    }

    var first: Error? { slots.lazy.compactMap { $0 }.first }
}

/// One result slot per chunk, each written only by its chunk's thread.
final class PerChunk<T>: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<T?>
    init(_ n: Int) { slots = .allocate(capacity: n); slots.initialize(repeating: nil) }
    deinit { slots.deinitialize(); slots.deallocate() }
    subscript(_ k: Int) -> T? {
        get { slots[k] }
        set { slots[k] = newValue }
    }
}
