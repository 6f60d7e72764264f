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
    public init(_ a: Matrix, labels: [String]? = nil) throws {
        guard a.rows == a.columns else {
            throw LinearAlgebraError.dimensionMismatch("LU needs a square matrix, got \(a.rows)×\(a.columns)")
        }
        let n = a.rows
        BLASRuntime.configureThreads(forOrder: n)
        // One pass copies the matrix (getrf overwrites its argument) and gives both the 1-norm, kept
        // for the condition estimate, and the finiteness check: a column's sum of absolute values is
        // finite exactly when all its elements are.
        var norm = 0.0
        var storage = [Double](unsafeUninitializedCapacity: n * n) { buffer, count in
            a.storage.withUnsafeBufferPointer { src in
                for j in 0..<n {
                    var sum = 0.0
                    let from = src.baseAddress! + j * n, to = buffer.baseAddress! + j * n
                    for i in 0..<n {
                        let v = from[i]
                        to[i] = v
                        sum += abs(v)
                    }
                    if !(sum <= norm) { norm = sum }   // NaN propagates into norm
                }
            }
            count = n * n
        }
        if !norm.isFinite { throw LinearAlgebraError.nonFinite("the matrix to factorise holds NaN or infinity") }
        var ipiv = [Int32](repeating: 0, count: max(n, 1))
        var m32 = Int32(n), n32 = Int32(n), lda = Int32(max(n, 1)), info: Int32 = 0
        if n > 0 {
            storage.withUnsafeMutableBufferPointer { p in
                dgetrf_(&m32, &n32, p.baseAddress, &lda, &ipiv, &info)
            }
        }
        if info < 0 { throw LinearAlgebraError.illegalArgument(routine: "dgetrf", position: Int(-info)) }
        if info > 0 {
            let k = Int(info) - 1
            throw LinearAlgebraError.singular(index: k, label: labels.flatMap { k < $0.count ? $0[k] : nil })
        }
        self.order = n
        self.lu = storage
        self.pivots = ipiv
        self.oneNorm = norm
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
        var m = Int32(a.rows), n = Int32(a.columns), lda = Int32(a.rows), inc: Int32 = 1
        var alpha = 1.0, beta = 0.0
        a.storage.withUnsafeBufferPointer { pa in
            dgemv_("N", &m, &n, &alpha, pa.baseAddress, &lda, x, &inc, &beta, &y, &inc, 1)
        }
        return y
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

    /// Looked up once: openblas_set_num_threads when OpenBLAS is loaded, and the IOIMPACT_THREADS override.
    nonisolated(unsafe) private static let setThreads: SetThreads? = symbol("openblas_set_num_threads").map { unsafeBitCast($0, to: SetThreads.self) }
    private static let threadOverride: Int32? = ProcessInfo.processInfo.environment["IOIMPACT_THREADS"].flatMap { Int32($0) }.flatMap { $0 > 0 ? $0 : nil }
    private static let processors = Int32(max(1, ProcessInfo.processInfo.activeProcessorCount))

    /// Sets OpenBLAS's thread count by problem size; a no-op with another BLAS.
    /// `IOIMPACT_THREADS` overrides the choice.
    public static func configureThreads(forOrder n: Int, rightHandSides k: Int = 0) {
        _ = allocatorConfigured
        guard let setThreads else { return }
        // Many right-hand sides make a solve a matrix-matrix product, worth two threads earlier.
        let big = n >= multithreadThreshold || (k >= 16 && n >= 300)
        let wanted = threadOverride ?? (big ? processors : 1)
        lock.lock(); defer { lock.unlock() }
        if wanted != currentThreads {
            setThreads(wanted)
            currentThreads = wanted
        }
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
            return "BLAS/LAPACK: OpenBLAS (\(cfg.trimmingCharacters(in: .whitespaces))) from \(list)"
        }
        return "BLAS/LAPACK: reference (netlib) or other, from \(list). WARNING: not OpenBLAS; expect 13–35× slower solves at n ≥ 2000 (apt-get install libopenblas-dev)"
    }
}
