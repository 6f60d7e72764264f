import Foundation

/// Independent runs on every core, each result in its own slot: the output is the same array in the
/// same order whatever the number of threads, so the calibration stays byte for byte deterministic
/// (every BLAS and LAPACK call inside is pinned to one thread by the caller). When runs fail, the
/// error of the first failing index is thrown.
enum Parallel {
    static func map<T: Sendable>(_ count: Int, _ body: @escaping @Sendable (Int) throws -> T) throws -> [T] {
        let slots = ResultSlots<T>(count)
        let workers = max(1, min(count, ProcessInfo.processInfo.activeProcessorCount))
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            var i = w
            while i < count, !slots.failedBefore(i) {
                do { slots.set(i, try body(i)) } catch { slots.fail(i, error) }
                i += workers
            }
        }
        return try slots.values()
    }
}

final class ResultSlots<T: Sendable>: @unchecked Sendable {
    private var out: [T?]
    private var error: (index: Int, error: Error)?
    private let lock = NSLock()
    init(_ n: Int) { out = [T?](repeating: nil, count: n) }
    func set(_ i: Int, _ v: T) { lock.lock(); out[i] = v; lock.unlock() }
    func fail(_ i: Int, _ e: Error) {
        lock.lock()
        if error == nil || i < error!.index { error = (i, e) }
        lock.unlock()
    }
    func failedBefore(_ i: Int) -> Bool {
        lock.lock(); defer { lock.unlock() }; return error.map { $0.index < i } ?? false
    }
    func values() throws -> [T] {
        if let e = error { throw e.error }
        return out.map { $0! }
    }
}
