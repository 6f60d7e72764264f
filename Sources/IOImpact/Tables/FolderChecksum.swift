import Foundation

/// A table folder's checksum (`TableLoader.checksum(of:)`), computed the first time it is read and
/// kept. Only reports, `inspect` and JSON views show it; `multipliers` and `inverse` never do, and
/// SHA-256 over a 4,000-sector pymrio folder (220 MB of text) cost as much CPU as parsing it, on a core
/// the parser and the factorisation could use. It is taken from the files as they are when first read
/// (for a report, moments after the load); a folder that cannot be listed then reads "not computed".
final class FolderChecksum: @unchecked Sendable, Equatable {
    private let directory: String?
    private var cached: String?
    private let lock = NSLock()

    init(of dir: String) { directory = dir }
    init(value: String) { directory = nil; cached = value }

    var value: String {
        lock.lock(); defer { lock.unlock() }
        if let cached { return cached }
        let v: String
        do { v = try TableLoader.checksum(of: directory ?? "") } catch { v = "not computed (\(error))" }
        cached = v
        return v
    }

    static func == (a: FolderChecksum, b: FolderChecksum) -> Bool { a === b || a.value == b.value }
}
