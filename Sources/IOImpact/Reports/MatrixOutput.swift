import Foundation

/// The formats a large matrix (the Leontief inverse) is written in.
public enum MatrixFormat: String, Sendable, CaseIterable {
    case text, csv, json, markdown, npy
}

/// Large matrices written without a `String` per number: CSV through a reusable byte buffer (rows
/// formatted on all cores in batches, written in order), and NumPy's binary `.npy`.
public enum MatrixOutput {
    /// CSV: a header row `code,<codes>`, then per sector its code and its row, every number in the
    /// shortest form that parses back to the same double (the bytes `TableViews.inverse` renders).
    public static func writeCSV(_ m: Matrix, labels: [String], to out: ByteOutput) throws {
        precondition(labels.count == m.rows && m.rows == m.columns, "a square matrix with a code per row")
        let head = ByteBuffer()
        head.append(TextTable.csvField("code"))
        for l in labels { head.append(UInt8(ascii: ",")); head.append(TextTable.csvField(l)) }
        head.append(UInt8(ascii: "\n"))
        try out.write(head)
        let parts = max(1, ProcessInfo.processInfo.activeProcessorCount)
        // About a million numbers per part and batch: the buffers stay small and are reused.
        let rowsPerPart = max(1, (1 << 20) / max(1, m.columns))
        let job = CSVRows(matrix: m, labels: labels.map(TextTable.csvField), parts: parts)
        var first = 0
        while first < m.rows {
            let end = min(m.rows, first + parts * rowsPerPart)
            let start = first
            DispatchQueue.concurrentPerform(iterations: parts) { p in
                job.format(rows: min(end, start + p * rowsPerPart)..<min(end, start + (p + 1) * rowsPerPart), into: p)
            }
            for p in 0..<parts { try out.write(job.buffers[p]) }
            first = end
        }
    }

    /// The `.npy` (format 1.0) header of a column-major matrix of little-endian doubles: magic, version,
    /// header length, then the dictionary padded with spaces to a multiple of 64 bytes, ending in '\n'.
    public static func npyHeader(rows: Int, columns: Int) -> [UInt8] {
        var dict = "{'descr': '<f8', 'fortran_order': True, 'shape': (\(rows), \(columns)), }"
        let unpadded = 10 + dict.utf8.count + 1
        dict += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        let length = dict.utf8.count
        return [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(length & 0xff), UInt8(length >> 8)] + Array(dict.utf8)
    }

    /// NumPy's `.npy`: `numpy.load` reads it without parsing, shape (rows, columns), fortran order
    /// (the matrix's own column-major storage, written as it is).
    public static func writeNPY(_ m: Matrix, to out: ByteOutput) throws {
        let header = npyHeader(rows: m.rows, columns: m.columns)
        try header.withUnsafeBytes { try out.write($0) }
        #if _endian(big)
        let data = m.storage.map { $0.bitPattern.littleEndian }
        try data.withUnsafeBytes { try out.write($0) }
        #else
        try m.storage.withUnsafeBytes { try out.write($0) }
        #endif
    }
}

/// The rows of one batch, formatted by several threads into one buffer each (disjoint rows).
final class CSVRows: @unchecked Sendable {
    let matrix: Matrix
    let labels: [String]
    let buffers: [ByteBuffer]

    init(matrix: Matrix, labels: [String], parts: Int) {
        self.matrix = matrix; self.labels = labels
        buffers = (0..<parts).map { _ in ByteBuffer(capacity: 1 << 22) }
    }

    func format(rows: Range<Int>, into part: Int) {
        let b = buffers[part]
        b.removeAll()
        let n = matrix.rows, cols = matrix.columns
        matrix.storage.withUnsafeBufferPointer { s in
            for i in rows {
                b.append(labels[i])
                for j in 0..<cols {
                    b.append(UInt8(ascii: ","))
                    b.append(s[i + j * n])
                }
                b.append(UInt8(ascii: "\n"))
            }
        }
    }
}
