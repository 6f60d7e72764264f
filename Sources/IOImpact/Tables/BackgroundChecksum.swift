import Foundation

/// A table folder's checksum (`TableLoader.checksum(of:)`) computed on its own thread while the
/// loader parses: SHA-256 runs at a few hundred MB/s on one core, as long as parsing a large Z, and
/// the two need not wait for each other. `value()` waits for it and rethrows its error.
final class BackgroundChecksum: @unchecked Sendable {
    private var result: Result<String, Error>?
    private let done = DispatchSemaphore(value: 0)

    init(of dir: String) {
        Thread.detachNewThread { [self] in
            result = Result { try TableLoader.checksum(of: dir) }
            done.signal()
        }
    }

    func value() throws -> String {
        done.wait()
        done.signal()   // later calls return at once
        return try result!.get()
    }
}
