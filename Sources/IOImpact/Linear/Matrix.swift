import Foundation

/// A dense real matrix stored column-major, as LAPACK wants it.
///
/// The storage order is an implementation detail: callers index by `(row, column)` and never
/// transpose for LAPACK. Value semantics (copy on write through Swift's array).
public struct Matrix: Sendable, Equatable {
    public let rows: Int
    public let columns: Int
    /// Column-major storage: element (i, j) is `storage[i + j * rows]`.
    @usableFromInline internal var storage: [Double]

    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && columns >= 0, "Matrix dimensions must be non-negative")
        self.rows = rows
        self.columns = columns
        self.storage = Array(repeating: value, count: rows * columns)
    }

    /// Builds a matrix from row-major nested arrays (the way tables are read and written).
    public init(rowMajor values: [[Double]]) {
        let r = values.count
        let c = values.first?.count ?? 0
        self.init(rows: r, columns: c)
        for i in 0..<r {
            precondition(values[i].count == c, "ragged rows")
            for j in 0..<c { storage[i + j * r] = values[i][j] }
        }
    }

    internal init(rows: Int, columns: Int, columnMajor: [Double]) {
        precondition(columnMajor.count == rows * columns)
        self.rows = rows
        self.columns = columns
        self.storage = columnMajor
    }

    public static func identity(_ n: Int) -> Matrix {
        var m = Matrix(rows: n, columns: n)
        for i in 0..<n { m.storage[i + i * n] = 1 }
        return m
    }

    /// A diagonal matrix x̂ from a vector x.
    public static func diagonal(_ v: [Double]) -> Matrix {
        var m = Matrix(rows: v.count, columns: v.count)
        for i in v.indices { m.storage[i + i * v.count] = v[i] }
        return m
    }

    @inlinable
    public subscript(_ i: Int, _ j: Int) -> Double {
        get { storage[i + j * rows] }
        set { storage[i + j * rows] = newValue }
    }

    public func column(_ j: Int) -> [Double] { Array(storage[(j * rows)..<((j + 1) * rows)]) }
    public func row(_ i: Int) -> [Double] { (0..<columns).map { storage[i + $0 * rows] } }

    /// Row-major nested arrays, for output.
    public var rowMajor: [[Double]] { (0..<rows).map { row($0) } }

    /// Sums of each column: 1′M.
    public var columnSums: [Double] {
        (0..<columns).map { j in
            var s = 0.0
            for i in 0..<rows { s += storage[i + j * rows] }
            return s
        }
    }

    /// Sums of each row: M·1.
    public var rowSums: [Double] {
        var s = [Double](repeating: 0, count: rows)
        for j in 0..<columns { for i in 0..<rows { s[i] += storage[i + j * rows] } }
        return s
    }

    public var transposed: Matrix {
        var t = Matrix(rows: columns, columns: rows)
        for j in 0..<columns { for i in 0..<rows { t.storage[j + i * columns] = storage[i + j * rows] } }
        return t
    }

    /// M·diag(v): scales column j by v[j]. One pass that reads M and writes the new matrix (not a
    /// copy and then a second pass over it), on two threads for large matrices; the same products.
    public func scalingColumns(by v: [Double]) -> Matrix {
        precondition(v.count == columns)
        let r = rows, c = columns
        let parts = r * c >= 1 << 20 ? 2 : 1
        let scaled = [Double](unsafeUninitializedCapacity: r * c) { out, count in
            storage.withUnsafeBufferPointer { src in
                let job = ColumnScaling(src: src.baseAddress, dst: out.baseAddress, rows: r, factors: v)
                DispatchQueue.concurrentPerform(iterations: parts) { part in
                    job.run(columns: (part * c / parts)..<((part + 1) * c / parts))
                }
            }
            count = r * c
        }
        return Matrix(rows: r, columns: c, columnMajor: scaled)
    }

    /// diag(v)·M: scales row i by v[i].
    public func scalingRows(by v: [Double]) -> Matrix {
        var m = self
        m.scaleRows(by: v)
        return m
    }

    /// M ← M·diag(v), in place.
    public mutating func scaleColumns(by v: [Double]) {
        precondition(v.count == columns)
        let r = rows
        storage.withUnsafeMutableBufferPointer { p in
            for j in 0..<columns { for i in 0..<r { p[i + j * r] *= v[j] } }
        }
    }

    /// M ← diag(v)·M, in place.
    public mutating func scaleRows(by v: [Double]) {
        precondition(v.count == rows)
        let r = rows
        storage.withUnsafeMutableBufferPointer { p in
            for j in 0..<columns { for i in 0..<r { p[i + j * r] *= v[i] } }
        }
    }

    /// M ← I − M for a square M, in place (the same bits as `Matrix.identity(n) - M`: 0 − m off the
    /// diagonal, so a zero stays +0).
    public mutating func subtractFromIdentity() {
        precondition(rows == columns, "I − M needs a square matrix")
        let n = rows
        storage.withUnsafeMutableBufferPointer { p in
            for j in 0..<n {
                let diagonal = p[j + j * n]
                for i in 0..<n { p[i + j * n] = 0 - p[i + j * n] }
                p[j + j * n] = 1 - diagonal
            }
        }
    }

    /// The column-major elements, leaving the matrix empty (0×0): the caller then owns the only
    /// reference and can overwrite them without a copy.
    internal mutating func takeStorage() -> [Double] {
        let s = storage
        self = Matrix(rows: 0, columns: 0)
        return s
    }

    /// A sub-matrix picking the given rows and columns (in that order).
    public func submatrix(rows r: [Int], columns c: [Int]) -> Matrix {
        var m = Matrix(rows: r.count, columns: c.count)
        for (jj, j) in c.enumerated() { for (ii, i) in r.enumerated() { m.storage[ii + jj * r.count] = storage[i + j * rows] } }
        return m
    }

    public static func - (a: Matrix, b: Matrix) -> Matrix {
        precondition(a.rows == b.rows && a.columns == b.columns)
        var m = a
        for k in m.storage.indices { m.storage[k] -= b.storage[k] }
        return m
    }

    public static func + (a: Matrix, b: Matrix) -> Matrix {
        precondition(a.rows == b.rows && a.columns == b.columns)
        var m = a
        for k in m.storage.indices { m.storage[k] += b.storage[k] }
        return m
    }

    /// Largest absolute element-wise difference.
    public func maxAbsDifference(_ other: Matrix) -> Double {
        precondition(rows == other.rows && columns == other.columns)
        var d = 0.0
        for k in storage.indices { d = max(d, abs(storage[k] - other.storage[k])) }
        return d
    }

    /// True when any element is NaN or infinite.
    public var hasNonFinite: Bool { storage.contains { !$0.isFinite } }

    /// y ← y − d·(column j): one column of a product, for updates where few entries of x move.
    public func subtractColumn(_ j: Int, times d: Double, from y: inout [Double]) {
        storage.withUnsafeBufferPointer { p in
            let base = j * rows
            for i in 0..<rows { y[i] -= d * p[base + i] }
        }
    }
}

/// Columns of a scaled copy, each written by one thread (disjoint column ranges).
private struct ColumnScaling: @unchecked Sendable {
    let src: UnsafePointer<Double>?
    let dst: UnsafeMutablePointer<Double>?
    let rows: Int
    let factors: [Double]

    func run(columns: Range<Int>) {
        guard let src, let dst else { return }
        for j in columns {
            let f = factors[j], base = j * rows
            for i in 0..<rows { dst[base + i] = src[base + i] * f }
        }
    }
}
