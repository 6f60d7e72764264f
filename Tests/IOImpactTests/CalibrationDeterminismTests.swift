import Foundation
import XCTest
@testable import IOImpact

/// Issue 21, item 6: the same calibration inputs give the same bytes, with the machine idle or busy.
/// `make run` once wrote "676" and once "677 path evaluations" into Reports/calibration.md for one
/// commit (the retired least-squares fit); the calibration runs every BLAS and LAPACK call on one thread
/// (no split of work between threads, no lookahead LU), and this test runs the small fixture alone,
/// beside spinning threads, and as two processes at once, and compares the rendered reports byte for byte.
final class CalibrationDeterminismTests: XCTestCase {
    let spec = fixturesDir + "/calibration-small/spec.toml"

    /// Threads that keep every core busy until `stop()`.
    final class Spinners: @unchecked Sendable {
        private let lock = NSLock()
        private var running = true
        private var spins: [UInt64]
        init(count: Int) {
            spins = [UInt64](repeating: 0, count: count)
            for k in 0..<count {
                Thread.detachNewThread { [self] in
                    var x: UInt64 = 0x9E3779B97F4A7C15
                    while isRunning {
                        for _ in 0..<100_000 { x = x &* 6364136223846793005 &+ 1442695040888963407 }
                        lock.lock(); spins[k] &+= x | 1; lock.unlock()
                    }
                }
            }
        }
        var isRunning: Bool { lock.lock(); defer { lock.unlock() }; return running }
        func stop() -> Bool {
            lock.lock(); defer { lock.unlock() }
            running = false
            return spins.allSatisfy { $0 != 0 }
        }
    }

    func rendered() throws -> String {
        let result = try CalibrationRunner.run(spec: try CalibrationSpec.load(path: spec),
                                               command: "ioimpact calibrate (test)")
        return CalibrationReport.markdown(result) + CalibrationReport.json(result).render() + result.profile.render()
    }

    func testTheSmallCalibrationGivesTheSameBytesUnderLoad() throws {
        let alone = try rendered()
        XCTAssertTrue(alone.contains("episode runs in all"), alone)
        let load = Spinners(count: max(2, ProcessInfo.processInfo.activeProcessorCount))
        let busy = try rendered()
        XCTAssertTrue(load.stop(), "the competing threads ran")
        XCTAssertEqual(busy, alone, "the same calibration beside spinning threads")
    }

    /// Two `ioimpact calibrate` processes at once, beside spinning threads, print the same bytes as one alone.
    func testTwoCalibrationsInParallelPrintTheSameBytes() throws {
        let binary = ioimpactBinary
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw XCTSkip("the ioimpact binary was not found beside the tests (\(binary)); run `swift build` first")
        }
        let dir = temporaryDirectory()
        func start(_ k: Int) throws -> Process {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: binary)
            p.arguments = ["calibrate", spec, "--no-write", "--format", "markdown"]
            p.currentDirectoryURL = URL(fileURLWithPath: projectRoot)
            FileManager.default.createFile(atPath: dir + "/\(k).md", contents: nil)
            p.standardOutput = FileHandle(forWritingAtPath: dir + "/\(k).md")
            p.standardError = FileHandle(forWritingAtPath: "/dev/null")
            try p.run()
            return p
        }
        let first = try start(0)
        first.waitUntilExit()
        let load = Spinners(count: max(2, ProcessInfo.processInfo.activeProcessorCount))
        let pair = try [start(1), start(2)]
        for p in pair { p.waitUntilExit() }
        XCTAssertTrue(load.stop(), "the competing threads ran")
        let outputs = try (0..<3).map { try String(contentsOfFile: dir + "/\($0).md", encoding: .utf8) }
        for p in [first] + pair {
            XCTAssertEqual(p.terminationStatus, 0, "exit \(p.terminationStatus)")
        }
        XCTAssertTrue(outputs[0].contains("episode runs in all"), outputs[0])
        XCTAssertEqual(outputs[1], outputs[0], "first of the parallel pair")
        XCTAssertEqual(outputs[2], outputs[0], "second of the parallel pair")
    }

    /// Inside the calibration no LU splits its work between threads, whatever the matrix size.
    func testPinnedBLASUsesNoLookaheadThreads() {
        XCTAssertFalse(BLASRuntime.pinnedToOneThread { LUFactorization.useLookahead(4000) })
        XCTAssertTrue(BLASRuntime.pinnedToOneThread { BLASRuntime.pinnedToOneThread { BLASRuntime.isPinned } })
        XCTAssertFalse(BLASRuntime.isPinned)
    }
}
