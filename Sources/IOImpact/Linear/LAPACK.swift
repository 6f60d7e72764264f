// Every LAPACK/BLAS call of the project lives in this file.
internal import CLAPACK
import Foundation

/// An LU factorisation P·A = L·U (LAPACK dgetrf), reused for any number of solves (dgetrs).
///
/// Factorise once, solve many: a supply-cut scenario, a multiplier (a transposed solve) and a
/// Monte Carlo draw each cost O(n²) against the O(n³) factorisation.
public struct LUFactorization: Sendable {
    public let order: Int
    internal let lu: [Double]
    internal let pivots: [Int32]
    /// The 1-norm of the original matrix, kept for the condition estimate.
    public let oneNorm: Double

    /// Factorises a square matrix. `labels` names the rows so that a singular pivot names its sector.
    /// The matrix is copied (getrf overwrites its argument); `init(order:overwriting:labels:)` does not copy.
    public init(_ a: Matrix, labels: [String]? = nil) throws {
        guard a.rows == a.columns else {
            throw LinearAlgebraError.dimensionMismatch("LU needs a square matrix, got \(a.rows)×\(a.columns)")
        }
        let n = a.rows
        BLASRuntime.configureThreads(forOrder: n)
        // One pass copies the matrix and gives both the 1-norm, kept for the condition estimate, and the
        // finiteness check: a column's sum of absolute values is finite exactly when all its elements are.
        var norm = 0.0
        var storage = [Double](unsafeUninitializedCapacity: n * n) { buffer, count in
            a.storage.withUnsafeBufferPointer { src in
                norm = LUFactorization.copyWithColumnNorms(from: src.baseAddress!, to: buffer.baseAddress, order: n)
            }
            count = n * n
        }
        try self.init(order: n, factorizing: &storage, oneNorm: norm, labels: labels)
    }

    /// Factorises the n×n column-major matrix held in `storage` in place, without a copy: the array
    /// becomes the LU factors and `storage` is left empty. For the one large matrix of a table (I − A),
    /// built directly in its buffer.
    internal init(order n: Int, overwriting storage: inout [Double], labels: [String]? = nil) throws {
        guard storage.count == n * n else {
            throw LinearAlgebraError.dimensionMismatch("LU needs \(n * n) elements for order \(n), got \(storage.count)")
        }
        BLASRuntime.configureThreads(forOrder: n)
        let norm = storage.withUnsafeMutableBufferPointer { p in
            LUFactorization.copyWithColumnNorms(from: p.baseAddress!, to: nil, order: n)
        }
        try self.init(order: n, factorizing: &storage, oneNorm: norm, labels: labels)
    }

    /// dgetrf (or the lookahead LU) on `storage`, which is moved into the factorisation.
    private init(order n: Int, factorizing storage: inout [Double], oneNorm norm: Double, labels: [String]?) throws {
        BLASRuntime.configureThreads(forOrder: n)
        if !norm.isFinite { throw LinearAlgebraError.nonFinite("the matrix to factorise holds NaN or infinity") }
        var ipiv = [Int32](repeating: 0, count: max(n, 1))
        var m32 = Int32(n), n32 = Int32(n), lda = Int32(max(n, 1)), info: Int32 = 0
        if n > 0 {
            storage.withUnsafeMutableBufferPointer { p in
                ipiv.withUnsafeMutableBufferPointer { piv in
                    if LUFactorization.useLookahead(n) {
                        info = LUFactorization.lookaheadGetrf(p.baseAddress!, order: n, pivots: piv.baseAddress!)
                    } else {
                        dgetrf_(&m32, &n32, p.baseAddress, &lda, piv.baseAddress, &info)
                    }
                }
            }
        }
        if info < 0 { throw LinearAlgebraError.illegalArgument(routine: "dgetrf", position: Int(-info)) }
        if info > 0 {
            let k = Int(info) - 1
            throw LinearAlgebraError.singular(index: k, label: labels.flatMap { k < $0.count ? $0[k] : nil })
        }
        self.order = n
        var moved: [Double] = []
        swap(&moved, &storage)
        self.lu = moved
        self.pivots = ipiv
        self.oneNorm = norm
    }

    /// Copies an n×n column-major matrix (unless `to` is nil: then it only reads) and returns
    /// max_j Σ_i |a_ij| (NaN if any element is NaN, infinite if any is infinite). Two threads for large
    /// matrices: the pass is memory-bound.
    static func copyWithColumnNorms(from: UnsafePointer<Double>, to: UnsafeMutablePointer<Double>?, order n: Int) -> Double {
        let parts = n >= 1000 ? 2 : 1
        let sums = UnsafeMutableBufferPointer<Double>.allocate(capacity: n)
        defer { sums.deallocate() }
        let job = CopyJob(from: from, to: to, sums: sums.baseAddress!, n: n)
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            job.run(columns: (part * n / parts)..<((part + 1) * n / parts))
        }
        var norm = 0.0
        for s in sums where !(s <= norm) { norm = s }   // NaN propagates into norm
        return norm
    }

    static let lookaheadMode = ProcessInfo.processInfo.environment["IOIMPACT_LU"] ?? "auto"
    static func useLookahead(_ n: Int) -> Bool {
        if BLASRuntime.isPinned { return false }
        switch lookaheadMode {
        case "lapack": return false
        case "lookahead": return n >= 2 * lookaheadBlock
        // Measured here against dgetrf (GFLOP/s, lookahead vs dgetrf): n = 500 36 vs 31, 1000 63 vs 46,
        // 1500 72 vs 62, 4000 91 vs 90. Below n = 400 one thread and dgetrf are fastest.
        default: return n >= BLASRuntime.multithreadThreshold && ProcessInfo.processInfo.activeProcessorCount >= 2
        }
    }
    static let lookaheadBlock = Int(ProcessInfo.processInfo.environment["IOIMPACT_LU_NB"] ?? "") ?? 192
    static let lookaheadChunk = Int(ProcessInfo.processInfo.environment["IOIMPACT_LU_CHUNK"] ?? "") ?? 384

    /// Blocked right-looking LU with partial pivoting and a lookahead of one panel, on two threads
    /// that each call single-threaded BLAS. While one thread factorises the next panel (dgetrf on a
    /// tall, narrow block: latency-bound), both share the trailing update of the current step in
    /// column chunks (dlaswp, dtrsm, dgemm), so the panels stay off the critical path.
    /// Result contract as dgetrf: P·A = L·U in place, 1-based pivots, INFO > 0 at the first zero pivot.
    static func lookaheadGetrf(_ a: UnsafeMutablePointer<Double>, order n: Int, pivots: UnsafeMutablePointer<Int32>) -> Int32 {
        let nb = lookaheadBlock, chunk = lookaheadChunk
        let w = LookaheadWorkspace(a: a, n: n, pivots: pivots)
        // The first panel has nothing to hide behind: it gets both threads inside OpenBLAS.
        w.factorPanel(0, min(nb, n))
        return BLASRuntime.withSingleThreadedBLAS {
            var k0 = 0
            while k0 < n {
                let k1 = min(k0 + nb, n)
                if k1 >= n { break }
                let k2 = min(k1 + nb, n)
                // Chunks of step k beyond the next panel, shared by both threads, then the panel's row
                // swaps on the columns left of it (the L factors), also in chunks.
                // Narrower chunks as the trailing matrix shrinks, so the two threads finish together.
                let width = max(96, min(chunk, (n - k2) / 6))
                let chunks: [(Int, Int)] = stride(from: k2, to: n, by: width).map { ($0, min($0 + width, n)) }
                let left: [(Int, Int)] = stride(from: 0, to: k0, by: 2 * chunk).map { ($0, min($0 + 2 * chunk, k0)) }
                let next = ManagedAtomicCounter()
                let step = k0
                DispatchQueue.concurrentPerform(iterations: 2) { t in
                    if t == 0 {
                        w.update(step, k1, k1, k2)        // the next panel first: the lookahead
                        w.factorPanel(k1, k2)
                    }
                    while true {
                        let i = next.increment()
                        if i < chunks.count {
                            w.update(step, k1, chunks[i].0, chunks[i].1)
                        } else if i < chunks.count + left.count {
                            let (c0, c1) = left[i - chunks.count]
                            w.swap(columns: c0, c1, rows: step, k1)
                        } else { break }
                    }
                }
                k0 = k1
            }
            // The last panel's swaps on everything left of it.
            if k0 > 0 { w.swap(columns: 0, k0, rows: k0, n) }
            return w.firstZero
        }
    }

    /// Solves A·X = B (or Aᵀ·X = B) for every column of B.
    public func solve(_ b: Matrix, transposed: Bool = false) throws -> Matrix {
        guard b.rows == order else {
            throw LinearAlgebraError.dimensionMismatch("right-hand side has \(b.rows) rows, matrix order is \(order)")
        }
        if order == 0 || b.columns == 0 { return b }
        BLASRuntime.configureThreads(forOrder: order, rightHandSides: b.columns)
        var x = b.storage
        var n = Int32(order), nrhs = Int32(b.columns), lda = Int32(order), ldb = Int32(order), info: Int32 = 0
        let trans = transposed ? "T" : "N"
        lu.withUnsafeBufferPointer { a in
            x.withUnsafeMutableBufferPointer { xb in
                dgetrs_(trans, &n, &nrhs, a.baseAddress, &lda, pivots, xb.baseAddress, &ldb, &info, 1)
            }
        }
        if info < 0 { throw LinearAlgebraError.illegalArgument(routine: "dgetrs", position: Int(-info)) }
        let result = Matrix(rows: b.rows, columns: b.columns, columnMajor: x)
        if result.hasNonFinite { throw LinearAlgebraError.nonFinite("the solution holds NaN or infinity") }
        return result
    }

    /// Solves A·x = b for one vector.
    public func solve(_ b: [Double], transposed: Bool = false) throws -> [Double] {
        try solve(Matrix(rows: b.count, columns: 1, columnMajor: b), transposed: transposed).storage
    }

    /// A⁻¹ (dgetri). Only for reports that show the inverse itself; solve otherwise.
    public func inverse() throws -> Matrix {
        if order == 0 { return Matrix(rows: 0, columns: 0) }
        var a = lu
        var n = Int32(order), lda = Int32(order), info: Int32 = 0
        var lwork: Int32 = -1
        var query = 0.0
        dgetri_(&n, &a, &lda, pivots, &query, &lwork, &info)
        lwork = Int32(max(Double(order), query))
        var work = [Double](repeating: 0, count: Int(lwork))
        a.withUnsafeMutableBufferPointer { p in
            dgetri_(&n, p.baseAddress, &lda, pivots, &work, &lwork, &info)
        }
        if info < 0 { throw LinearAlgebraError.illegalArgument(routine: "dgetri", position: Int(-info)) }
        if info > 0 { throw LinearAlgebraError.singular(index: Int(info) - 1, label: nil) }
        return Matrix(rows: order, columns: order, columnMajor: a)
    }

    /// The reciprocal condition number in the 1-norm (dgecon); 1/rcond estimates κ₁(A).
    public func reciprocalCondition() throws -> Double {
        if order == 0 { return 1 }
        var n = Int32(order), lda = Int32(order), info: Int32 = 0
        var anorm = oneNorm, rcond = 0.0
        var work = [Double](repeating: 0, count: 4 * order)
        var iwork = [Int32](repeating: 0, count: order)
        lu.withUnsafeBufferPointer { a in
            dgecon_("1", &n, a.baseAddress, &lda, &anorm, &rcond, &work, &iwork, &info, 1)
        }
        if info < 0 { throw LinearAlgebraError.illegalArgument(routine: "dgecon", position: Int(-info)) }
        return rcond
    }
}

extension Matrix {
    /// C = A·B through BLAS dgemm.
    public static func * (a: Matrix, b: Matrix) -> Matrix {
        precondition(a.columns == b.rows, "matrix product: \(a.rows)×\(a.columns) by \(b.rows)×\(b.columns)")
        var c = Matrix(rows: a.rows, columns: b.columns)
        if a.rows == 0 || b.columns == 0 { return c }
        if a.columns == 0 { return c }
        BLASRuntime.configureThreads(forOrder: max(a.rows, b.columns, a.columns))
        var m = Int32(a.rows), n = Int32(b.columns), k = Int32(a.columns)
        var alpha = 1.0, beta = 0.0
        var lda = Int32(a.rows), ldb = Int32(b.rows), ldc = Int32(a.rows)
        a.storage.withUnsafeBufferPointer { pa in
            b.storage.withUnsafeBufferPointer { pb in
                c.storage.withUnsafeMutableBufferPointer { pc in
                    dgemm_("N", "N", &m, &n, &k, &alpha, pa.baseAddress, &lda, pb.baseAddress, &ldb,
                           &beta, pc.baseAddress, &ldc, 1, 1)
                }
            }
        }
        return c
    }

    /// y = M·x through BLAS dgemv.
    public static func * (a: Matrix, x: [Double]) -> [Double] {
        precondition(a.columns == x.count, "matrix-vector product: \(a.rows)×\(a.columns) by \(x.count)")
        var y = [Double](repeating: 0, count: a.rows)
        if a.rows == 0 || a.columns == 0 { return y }
        // A matrix-vector product is bound by memory: a second thread only adds synchronisation
        // (measured on the 1,435-sector world table: sched_yield took a tenth of a run).
        BLASRuntime.configureThreads(forOrder: min(a.rows, BLASRuntime.multithreadThreshold - 1))
        var m = Int32(a.rows), n = Int32(a.columns), lda = Int32(a.rows), inc: Int32 = 1
        var alpha = 1.0, beta = 0.0
        a.storage.withUnsafeBufferPointer { pa in
            dgemv_("N", &m, &n, &alpha, pa.baseAddress, &lda, x, &inc, &beta, &y, &inc, 1)
        }
        return y
    }
}

/// The matrix and pivots of a lookahead LU, shared by its two threads. They write disjoint column
/// blocks between barriers, so no locking is needed.
final class LookaheadWorkspace: @unchecked Sendable {
    let a: UnsafeMutablePointer<Double>
    let n: Int
    let pivots: UnsafeMutablePointer<Int32>
    var firstZero: Int32 = 0

    init(a: UnsafeMutablePointer<Double>, n: Int, pivots: UnsafeMutablePointer<Int32>) {
        self.a = a; self.n = n; self.pivots = pivots
    }

    /// dgetrf on the panel: rows k0..<n, columns k0..<k1; pivots made whole-matrix.
    func factorPanel(_ k0: Int, _ k1: Int) {
        var m = Int32(n - k0), w = Int32(k1 - k0), ld = Int32(n), info: Int32 = 0
        dgetrf_(&m, &w, a + k0 + k0 * n, &ld, pivots + k0, &info)
        for i in k0..<k1 { pivots[i] += Int32(k0) }
        if info > 0 && firstZero == 0 { firstZero = info + Int32(k0) }
    }

    /// Step k's update of columns [c0, c1): the panel's row swaps, U12 = L11⁻¹ A12, A22 −= L21 U12.
    func update(_ k0: Int, _ k1: Int, _ c0: Int, _ c1: Int) {
        var w = Int32(c1 - c0), ld = Int32(n), r0 = Int32(k0 + 1), r1 = Int32(k1), inc: Int32 = 1
        let cols = a + c0 * n
        dlaswp_(&w, cols, &ld, &r0, &r1, pivots, &inc)
        var kb = Int32(k1 - k0), one = 1.0, minusOne = -1.0
        dtrsm_("L", "L", "N", "U", &kb, &w, &one, a + k0 + k0 * n, &ld, cols + k0, &ld, 1, 1, 1, 1)
        if k1 < n {
            var m = Int32(n - k1)
            dgemm_("N", "N", &m, &w, &kb, &minusOne, a + k1 + k0 * n, &ld, cols + k0, &ld, &one, cols + k1, &ld, 1, 1)
        }
    }

    /// The row swaps of the panel at rows [p0, p1) applied to columns [c0, c1).
    func swap(columns c0: Int, _ c1: Int, rows p0: Int, _ p1: Int) {
        var w = Int32(c1 - c0), ld = Int32(n), r0 = Int32(p0 + 1), r1 = Int32(p1), inc: Int32 = 1
        dlaswp_(&w, a + c0 * n, &ld, &r0, &r1, pivots, &inc)
    }
}

/// One half of the copy-and-norm pass, safe to run beside the other half (disjoint columns).
final class CopyJob: @unchecked Sendable {
    let from: UnsafePointer<Double>, to: UnsafeMutablePointer<Double>?, sums: UnsafeMutablePointer<Double>, n: Int
    init(from: UnsafePointer<Double>, to: UnsafeMutablePointer<Double>?, sums: UnsafeMutablePointer<Double>, n: Int) {
        self.from = from; self.to = to; self.sums = sums; self.n = n
    }
    func run(columns: Range<Int>) {
        for j in columns {
            var sum = 0.0
            let f = from + j * n
            if let to {
                let t = to + j * n
                for i in 0..<n {
                    let v = f[i]
                    t[i] = v
                    sum += abs(v)
                }
            } else {
                for i in 0..<n { sum += abs(f[i]) }
            }
            sums[j] = sum
        }
    }
}

/// A counter shared by the threads of the lookahead LU.
final class ManagedAtomicCounter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()
    /// Returns the current value and adds one.
    func increment() -> Int {
        lock.lock(); defer { lock.unlock() }
        value += 1
        return value - 1
    }
}

/// What BLAS/LAPACK library is loaded, and how many threads it uses.
public enum BLASRuntime {
    private typealias SetThreads = @convention(c) (Int32) -> Void
    private typealias GetConfig = @convention(c) () -> UnsafePointer<CChar>?

    /// Below this order one OpenBLAS thread is faster than two on this class of machine. Measured
    /// here (getrf, Debian OpenBLAS 0.3.21, 2 cores): n = 200 one thread 0.30 ms, two 0.32 ms;
    /// n = 500 one 2.95 ms, two 2.75 ms; n = 1000 one 18.8 ms, two 15.0 ms.
    public static let multithreadThreshold = 400

    private static let lock = NSLock()
    nonisolated(unsafe) private static var currentThreads: Int32 = 0

    private static func symbol(_ name: String) -> UnsafeMutableRawPointer? {
        dlsym(UnsafeMutableRawPointer(bitPattern: 0), name)
    }

    /// Large matrices are allocated from the heap and kept there when freed (glibc's mallopt), so
    /// repeated factorisations reuse memory instead of mapping and zeroing fresh pages each time
    /// (about 0.05–0.1 s per 4,000-order matrix with transparent huge pages). Done once.
    private static let allocatorConfigured: Bool = {
        ioimpact_keep_large_allocations()
        return true
    }()

    private typealias CoreName = @convention(c) () -> UnsafePointer<CChar>?
    private typealias Hook = @convention(c) () -> Void

    /// OpenBLAS built with DYNAMIC_ARCH (Debian's) picks its kernels by CPU model when it loads, and a
    /// model it does not know falls back to Prescott's SSE3 kernels: on this project's machines (Xeon,
    /// family 6 model 207, unknown to OpenBLAS 0.3.21) dgemm at n = 4,000 ran at 43 GFLOP/s on two cores
    /// against 220 GFLOP/s with the SkylakeX (AVX-512) kernels the CPU can run. So, once, before the first
    /// BLAS call: when OpenBLAS reports that fallback and the user has not named a core type
    /// (OPENBLAS_CORETYPE, which OpenBLAS itself honours), the kernels for the instruction sets that the
    /// CPU and the operating system report (/proc/cpuinfo's flags) are chosen through OpenBLAS's own
    /// selection: OPENBLAS_CORETYPE is set for this process and gotoblas_dynamic_quit/_init run again.
    /// The result is the name of the core chosen this way, or nil when OpenBLAS's own choice stands.
    /// Results agree with the Prescott kernels' to rounding (the order of the sums in dgemm differs).
    static let kernelUpgrade: String? = {
        guard ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] == nil,
              let nameSym = symbol("gotoblas_corename"), let quitSym = symbol("gotoblas_dynamic_quit"),
              let initSym = symbol("gotoblas_dynamic_init"),
              let current = unsafeBitCast(nameSym, to: CoreName.self)().map({ String(cString: $0) }),
              current.lowercased() == "prescott" else { return nil }
        guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let flagsLine = info.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return nil }
        let flags = Set(flagsLine.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == ":" }).map(String.init))
        let wanted: String
        if flags.isSuperset(of: ["avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"]) {
            wanted = "SkylakeX"
        } else if flags.isSuperset(of: ["avx2", "fma"]) {
            wanted = "Haswell"
        } else {
            return nil
        }
        setenv("OPENBLAS_CORETYPE", wanted, 1)
        unsafeBitCast(quitSym, to: Hook.self)()
        unsafeBitCast(initSym, to: Hook.self)()
        unsetenv("OPENBLAS_CORETYPE")   // child processes choose for themselves
        let now = unsafeBitCast(nameSym, to: CoreName.self)().map { String(cString: $0) } ?? "?"
        return now.lowercased() == "prescott" ? nil : now
    }()

    /// Looked up once: openblas_set_num_threads when OpenBLAS is loaded, and the IOIMPACT_THREADS override.
    nonisolated(unsafe) private static let setThreads: SetThreads? = symbol("openblas_set_num_threads").map { unsafeBitCast($0, to: SetThreads.self) }
    private static let threadOverride: Int32? = ProcessInfo.processInfo.environment["IOIMPACT_THREADS"].flatMap { Int32($0) }.flatMap { $0 > 0 ? $0 : nil }
    private static let processors = Int32(max(1, ProcessInfo.processInfo.activeProcessorCount))

    /// Sets OpenBLAS's thread count by problem size; a no-op with another BLAS.
    /// `IOIMPACT_THREADS` overrides the choice.
    public static func configureThreads(forOrder n: Int, rightHandSides k: Int = 0) {
        _ = allocatorConfigured
        _ = kernelUpgrade
        guard let setThreads else { return }
        // Many right-hand sides make a solve a matrix-matrix product, worth two threads earlier.
        let big = n >= multithreadThreshold || (k >= 16 && n >= 300)
        lock.lock(); defer { lock.unlock() }
        let wanted = pinned > 0 ? 1 : threadOverride ?? (big ? processors : 1)
        if wanted != currentThreads {
            setThreads(wanted)
            currentThreads = wanted
        }
    }

    /// While positive, every BLAS call runs on one thread and every LU is LAPACK's dgetrf (no lookahead
    /// threads): see `pinnedToOneThread`.
    nonisolated(unsafe) private static var pinned = 0
    static var isPinned: Bool { lock.lock(); defer { lock.unlock() }; return pinned > 0 }

    /// Runs `body` with every BLAS and LAPACK call on the calling thread alone, whatever the problem
    /// size and `IOIMPACT_THREADS`: no work is split between threads, so no result can depend on how
    /// threads are scheduled or how many cores are free. The calibration runs this way (its counts and
    /// fitted values are sensitive to the last bits of the objective); nested calls are fine.
    public static func pinnedToOneThread<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        pinned += 1
        if let setThreads, currentThreads != 1 { setThreads(1); currentThreads = 1 }
        lock.unlock()
        defer { lock.lock(); pinned -= 1; lock.unlock() }
        return try body()
    }

    /// Runs `body` with OpenBLAS on one thread per call (for code that runs BLAS on its own threads),
    /// restoring the previous setting afterwards.
    static func withSingleThreadedBLAS<T>(_ body: () -> T) -> T {
        _ = kernelUpgrade
        guard let setThreads else { return body() }
        lock.lock()
        let previous = currentThreads
        setThreads(1)
        currentThreads = 1
        lock.unlock()
        defer {
            lock.lock()
            if previous > 0 { setThreads(previous) }
            currentThreads = previous
            lock.unlock()
        }
        return body()
    }

    /// OpenBLAS's own configuration string, or nil when another BLAS is loaded.
    public static var openBLASConfig: String? {
        guard let sym = symbol("openblas_get_config"), let s = unsafeBitCast(sym, to: GetConfig.self)() else { return nil }
        return String(cString: s)
    }

    /// The shared objects mapped into this process whose names mention BLAS or LAPACK.
    public static var loadedLibraries: [String] {
        guard let maps = try? String(contentsOfFile: "/proc/self/maps", encoding: .utf8) else { return [] }
        var seen: [String] = []
        for line in maps.split(separator: "\n") {
            guard let path = line.split(separator: " ", omittingEmptySubsequences: true).last.map(String.init),
                  path.hasPrefix("/") else { continue }
            let lower = path.lowercased()
            if (lower.contains("blas") || lower.contains("lapack")) && !seen.contains(path) { seen.append(path) }
        }
        return seen
    }

    /// One line for `--version` and `inspect`: which implementation runs, and a warning when it is the slow one.
    public static var summary: String {
        // Force the libraries to load before reading the maps.
        _ = Matrix.identity(2) * Matrix.identity(2)
        let libs = loadedLibraries.map { URL(fileURLWithPath: $0).resolvingSymlinksInPath().path }
        let list = libs.isEmpty ? "unknown" : libs.joined(separator: ", ")
        if let cfg = openBLASConfig {
            let kernels = kernelUpgrade.map {
                "; \($0) kernels, chosen by ioimpact for this CPU (OpenBLAS fell back to Prescott's)"
            } ?? ""
            return "BLAS/LAPACK: OpenBLAS (\(cfg.trimmingCharacters(in: .whitespaces))\(kernels)) from \(list)"
        }
        return "BLAS/LAPACK: reference (netlib) or other, from \(list). WARNING: not OpenBLAS; expect 13–35× slower solves at n ≥ 2000 (apt-get install libopenblas-dev)"
    }
}
