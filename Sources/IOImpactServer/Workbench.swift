import Foundation
import Hummingbird
import IOImpact

/// How the workbench listens and what it allows.
public struct WorkbenchConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// Request bodies above this are refused with 413 (1 MiB: a reference case is under 20 KiB).
    public var maxBodyBytes: Int
    /// A run still going after this many seconds is stopped and answered with 504.
    public var timeLimitSeconds: Double
    /// Runs computed at once (the others wait their turn, within the time limit).
    public var concurrentRuns: Int

    public init(host: String = "127.0.0.1", port: Int = 8080, maxBodyBytes: Int = 1 << 20,
                timeLimitSeconds: Double = 60, concurrentRuns: Int = 2) {
        self.host = host
        self.port = port
        self.maxBodyBytes = maxBodyBytes
        self.timeLimitSeconds = timeLimitSeconds
        self.concurrentRuns = concurrentRuns
    }
}

/// `ioimpact serve`: one page and a small JSON API over the library (docs/SERVER.md). It picks tables and
/// cases from the catalogue by id, reads every case through the strict loader, runs it as `ioimpact run`
/// does and answers with what the library's writers produce. It writes no file.
public final class Workbench: Sendable {
    let configuration: WorkbenchConfiguration
    let catalogue: Catalogue
    let runner: BoundedRunner
    let cache = RunCache(capacity: 8)

    public init(configuration: WorkbenchConfiguration = WorkbenchConfiguration()) throws {
        self.configuration = configuration
        catalogue = try Catalogue()
        runner = BoundedRunner(timeLimit: configuration.timeLimitSeconds, slots: configuration.concurrentRuns)
    }

    /// The application, for `serve` and for the tests' client; `listening` is called once the port is bound.
    public func application(listening: @escaping @Sendable () async -> Void = {}) -> some ApplicationProtocol {
        Application(router: router(),
                    configuration: .init(address: .hostname(configuration.host, port: configuration.port),
                                         serverName: "ioimpact-workbench"),
                    onServerRunning: { _ in await listening() })
    }

    /// Serves until the process is stopped (SIGINT or SIGTERM).
    public func serve(listening: @escaping @Sendable () async -> Void = {}) async throws {
        try await application(listening: listening).runService()
    }

    /// A case's run, from the cache when the same text ran a moment ago.
    func run(_ p: PreparedCase) async throws -> DynamicRun {
        let key = p.text + "\u{0}" + p.dynamicCase.path
        if let r = cache.get(key) { return r }
        let r = try await runner.run(p.dynamicCase, catalogue: catalogue)
        cache.put(key, r)
        return r
    }
}

/// The last few runs, so that a download right after a run does not compute it again.
final class RunCache: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [(key: String, run: DynamicRun)] = []
    let capacity: Int
    init(capacity: Int) { self.capacity = capacity }

    func get(_ key: String) -> DynamicRun? {
        lock.lock(); defer { lock.unlock() }
        return entries.first { $0.key == key }?.run
    }

    func put(_ key: String, _ run: DynamicRun) {
        lock.lock(); defer { lock.unlock() }
        entries.removeAll { $0.key == key }
        entries.append((key, run))
        if entries.count > capacity { entries.removeFirst(entries.count - capacity) }
    }

    var count: Int { lock.lock(); defer { lock.unlock() }; return entries.count }
}
