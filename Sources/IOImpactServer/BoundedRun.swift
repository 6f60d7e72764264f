import Dispatch
import Foundation
import IOImpact

/// Runs a case off the server's event loops, at most `slots` at once (the machine's cores), each bounded
/// in time: past the limit the request gets an error at once, and the run stops at its next step between
/// simulations (`DynamicRun`'s progress hook throws), keeping nothing. Runs write no file.
final class BoundedRunner: @unchecked Sendable {
    let timeLimit: Double
    private let slots: DispatchSemaphore
    private let waiting = NSLock()
    private var queued = 0
    private let maxQueued: Int

    init(timeLimit: Double, slots: Int, maxQueued: Int = 16) {
        self.timeLimit = timeLimit
        self.slots = DispatchSemaphore(value: max(1, slots))
        self.maxQueued = maxQueued
    }

    /// A flag the timer sets and the run reads between its simulations.
    final class Stop: @unchecked Sendable {
        private let lock = NSLock()
        private var stopped = false
        func set() { lock.lock(); stopped = true; lock.unlock() }
        var isSet: Bool { lock.lock(); defer { lock.unlock() }; return stopped }
    }

    struct Stopped: Error {}

    /// Resumes its continuation once: with the run's result, or with the time-out, whichever comes first.
    final class Once<T: Sendable>: @unchecked Sendable {
        private let lock = NSLock()
        private var continuation: CheckedContinuation<T, Error>?
        init(_ c: CheckedContinuation<T, Error>) { continuation = c }
        func resume(_ r: Result<T, Error>) {
            lock.lock(); let c = continuation; continuation = nil; lock.unlock()
            c?.resume(with: r)
        }
    }

    /// Takes a place in the queue, or false when it is full.
    private func enter() -> Bool {
        waiting.withLock {
            guard queued < maxQueued else { return false }
            queued += 1
            return true
        }
    }

    private func leave() { waiting.withLock { queued -= 1 } }

    func run(_ c: DynamicCase, catalogue: Catalogue) async throws -> DynamicRun {
        try await perform { stop in try BoundedRunner.compute(c, catalogue: catalogue, stop: stop) }
    }

    /// Runs `work` in a slot, bounded by the time limit; `work` reads the stop flag between its steps.
    func perform<T: Sendable>(_ work: @escaping @Sendable (Stop) throws -> T) async throws -> T {
        guard enter() else { throw WorkbenchError.busy }
        defer { leave() }
        let stop = Stop()
        let limit = timeLimit
        return try await withCheckedThrowingContinuation { (k: CheckedContinuation<T, Error>) in
            let once = Once(k)
            DispatchQueue.global().asyncAfter(deadline: .now() + limit) {
                stop.set()
                once.resume(.failure(WorkbenchError.timedOut(seconds: limit)))
            }
            DispatchQueue.global().async { [slots] in
                slots.wait()
                defer { slots.signal() }
                once.resume(Result { try work(stop) })
            }
        }
    }

    /// What `ioimpact run` computes (`DynamicModel.resolve` then `DynamicRun` with the bracket), from the
    /// catalogue's copy of the table and satellite.
    static func compute(_ c: DynamicCase, catalogue: Catalogue, stop: Stop) throws -> DynamicRun {
        if stop.isSet { throw Stopped() }
        let table = try catalogue.table(c.table)
        let satellite = try catalogue.satellite(c.satellite, table: table)
        let model = try DynamicModel(case: c, table: table, satellite: satellite)
        return try DynamicRun(model: model, withBracket: true) { _, _, _ in
            if stop.isSet { throw Stopped() }
        }
    }
}
