import Foundation

/// How a text table's fields are read.
enum TextDialect: Sendable {
    /// ioimpact's CSV (`CSVFile`): RFC 4180 quotes, `\r` dropped, fields trimmed, numbers read as
    /// `Double(String)`, a line whose only field is empty skipped.
    case csv
    /// pymrio's text (`save_all`): raw fields between separators, no quotes, one trailing `\r` dropped,
    /// numbers read by strtod, empty lines skipped.
    case pymrio
}

/// The numeric body of a text table (label columns, then numbers), parsed from the mapped file in
/// parallel chunks straight into a column-major `Matrix`: no string is made for a number, and only
/// the chunks being parsed are resident.
///
/// Two passes over the chunks: the first counts rows (so each chunk knows its first row and line),
/// the second parses. Every line takes a fast path (bytes → `DecimalParser`, labels compared as
/// bytes); a line it cannot read exactly (quotes, spaces, hex, a NUL, too few or too many fields, a
/// mismatched label) is read again by the general path, which is the line-by-line reader this one
/// replaced: it accepts what that reader accepted and refuses with the same message.
struct TextMatrixReader: Sendable {
    let file: MappedFile
    let separator: UInt8
    let dialect: TextDialect
    let labelColumns: Int
    /// The numeric columns' names, for messages; their count is the matrix's width.
    let columnNames: [String]

    /// Bytes per chunk: large enough to amortise the hand-off, small enough that two cores share the
    /// work and only a few megabytes of text are mapped in at once.
    static let defaultChunkBytes = 1 << 20

    struct Body {
        var matrix: Matrix
        /// Each row's labels (one per label column); empty when the labels were checked instead.
        var labels: [[String]]
        /// Each row's 1-based line number in the file.
        var lines: [Int]
    }

    var path: String { file.path }
    var width: Int { columnNames.count }

    /// Reads every line from byte `start` (line number `firstLine`) to the end of the file. With
    /// `expectedLabels` (CSV), each row's label must match it in order, and the row count must too.
    /// `beforeParsing` runs once the rows are counted (and quotes checked), before the row count is:
    /// the order in which the whole-file reader reported problems.
    func read(from start: Int, firstLine: Int, expectedLabels: [String]? = nil, chunkBytes: Int = defaultChunkBytes,
              beforeParsing: () throws -> Void = {}) throws -> Body {
        let chunks = LineChunks(file.bytes, range: start..<file.bytes.count, chunkBytes: chunkBytes)
        precondition(dialect == .pymrio || expectedLabels != nil, "CSV rows are checked against known labels")
        let counts = PerChunk<(lines: Int, rows: Int)>(chunks.count)
        do {
            try chunks.forEach { k in
                counts[k] = try self.count(chunks[k], chunk: k)
                self.file.release(chunks[k])
            }
        } catch let e as LineInChunk {
            // Every chunk before the failing one was counted: its line number follows from theirs.
            var error = e.error
            error.line = (0..<e.chunk).reduce(firstLine + e.index) { $0 + counts[$1]!.lines }
            throw error
        }
        var firstRow = [Int](repeating: 0, count: chunks.count + 1)
        var chunkLine = [Int](repeating: firstLine, count: chunks.count + 1)
        for k in 0..<chunks.count {
            firstRow[k + 1] = firstRow[k] + counts[k]!.rows
            chunkLine[k + 1] = chunkLine[k] + counts[k]!.lines
        }
        let rows = firstRow[chunks.count]
        try beforeParsing()
        if let expectedLabels, rows != expectedLabels.count {
            throw InputError(file: path, "has \(rows) data rows, expected \(expectedLabels.count)")
        }
        let expected = expectedLabels.map { labels in labels.map { Array($0.utf8) } }
        let (rowStarts, lineStarts) = (firstRow, chunkLine)
        let results = PerChunk<(labels: [[String]], lines: [Int])>(chunks.count)
        // Every element is written exactly once (each row in full, by one path or the other), so the
        // storage is not zeroed first: its pages are first touched by the threads that fill them.
        let storage = try [Double](unsafeUninitializedCapacity: rows * width) { buffer, initialized in
            let out = Output(base: buffer.baseAddress, rows: rows)
            try chunks.forEach { k in
                results[k] = try self.parse(chunks[k], firstLine: lineStarts[k], firstRow: rowStarts[k],
                                            expected: expected, expectedText: expectedLabels, into: out)
                self.file.release(chunks[k])
            }
            initialized = rows * width
        }
        let matrix = Matrix(rows: rows, columns: width, columnMajor: storage)
        var labels: [[String]] = [], lines: [Int] = []
        lines.reserveCapacity(rows)
        for k in 0..<chunks.count {
            labels += results[k]!.labels
            lines += results[k]!.lines
        }
        return Body(matrix: matrix, labels: labels, lines: lines)
    }

    // MARK: Pass 1: count

    /// Line feeds and rows (non-blank lines) in a chunk; a CSV line with a quote is read in full, so
    /// that an unclosed quote is reported here, before the row count, as `CSVFile` did.
    private func count(_ range: Range<Int>, chunk: Int) throws -> (lines: Int, rows: Int) {
        var lines = 0, rows = 0
        try forEachLine(in: range) { a, e, index in
            lines = index + 1
            if isBlank(a, e) { return }
            if dialect == .csv && memchr(file.bytes.baseAddress! + a, 34, e - a) != nil {
                do {
                    if try csvFields(a, e, line: 0) == nil { return }
                } catch let error as InputError {
                    throw LineInChunk(chunk: chunk, index: index, error: error)
                }
            }
            rows += 1
        }
        return (lines, rows)
    }

    /// An error met while counting, before the chunk's first line number is known.
    private struct LineInChunk: Error {
        var chunk: Int, index: Int, error: InputError
    }

    /// Calls `body(start, end, index)` for each line in `range` (end excludes the line feed).
    @inline(__always)
    private func forEachLine(in range: Range<Int>, _ body: (Int, Int, Int) throws -> Void) rethrows {
        guard let base = file.bytes.baseAddress else { return }
        var a = range.lowerBound, index = 0
        while a < range.upperBound {
            let e = memchr(base + a, 10, range.upperBound - a).map { base.distance(to: $0.assumingMemoryBound(to: UInt8.self)) } ?? range.upperBound
            try body(a, e, index)
            index += 1
            a = e + 1
        }
    }

    /// Empty, or (CSV) only carriage returns; pymrio drops one trailing `\r`.
    @inline(__always)
    private func isBlank(_ a: Int, _ e: Int) -> Bool {
        let p = file.bytes
        switch dialect {
        case .pymrio: return e == a || (e == a + 1 && p[a] == 13)
        case .csv:
            var k = a
            while k < e && p[k] == 13 { k += 1 }
            return k == e
        }
    }

    // MARK: Pass 2: parse

    /// Where parsed rows go: element (i, j) of the column-major matrix at `base[i + j * rows]`.
    struct Output: @unchecked Sendable {
        let base: UnsafeMutablePointer<Double>?
        let rows: Int
    }

    /// Rows are parsed into a block (column-major, `blockRows` high) and copied into the matrix a block
    /// at a time: a run of 32 numbers (four cache lines) per column instead of one number per page.
    private static let blockRows = 32

    private func parse(_ range: Range<Int>, firstLine: Int, firstRow: Int, expected: [[UInt8]]?, expectedText: [String]?,
                       into out: Output) throws -> (labels: [[String]], lines: [Int]) {
        let b = Self.blockRows, w = width
        let block = UnsafeMutablePointer<Double>.allocate(capacity: max(1, b * w))
        defer { block.deallocate() }
        var filled = 0, row = firstRow
        var labels: [[String]] = [], lines: [Int] = []
        func flush() {
            guard filled > 0, let base = out.base else { filled = 0; return }
            for j in 0..<w {
                let dst = base + (row - filled) + j * out.rows, src = block + j * b
                for r in 0..<filled { dst[r] = src[r] }
            }
            filled = 0
        }
        try forEachLine(in: range) { a, e, index in
            if isBlank(a, e) { return }
            let line = firstLine + index
            let target = UnsafeMutableBufferPointer(start: block + filled, count: max(1, b * w - filled))
            var rowLabels: [String] = []
            let ok = fastRow(a, e, row: row, expected: expected, into: target, stride: b, labels: &rowLabels)
            if !ok {
                guard let labelsRead = try slowRow(a, e, line: line, row: row, expected: expectedText, into: target, stride: b) else { return }
                rowLabels = labelsRead
            }
            if expected == nil { labels.append(rowLabels) }
            lines.append(line)
            filled += 1
            row += 1
            if filled == b { flush() }
        }
        flush()
        return (labels, lines)
    }

    /// The fast path: plain fields, the right count, plain numbers. False sends the line to `slowRow`.
    @inline(__always)
    private func fastRow(_ a: Int, _ end: Int, row: Int, expected: [[UInt8]]?, into target: UnsafeMutableBufferPointer<Double>,
                         stride: Int, labels: inout [String]) -> Bool {
        let p = file.bytes.baseAddress!
        let sep = separator
        var e = end
        if e > a && p[e - 1] == 13 { e -= 1 }
        var pos = a
        for c in 0..<labelColumns {
            var q = pos
            while q < e && p[q] != sep { q += 1 }
            if q == e && (c < labelColumns - 1 || width > 0) { return false }
            if let expected {
                var s = pos, t = q
                while s < t && (p[s] == 32 || p[s] == 9) { s += 1 }
                while t > s && (p[t - 1] == 32 || p[t - 1] == 9) { t -= 1 }
                let want = expected[row]
                guard t - s == want.count else { return false }
                for k in 0..<want.count where p[s + k] != want[k] || p[s + k] == 34 || p[s + k] == 13 { return false }
            } else {
                labels.append(String(decoding: UnsafeBufferPointer(start: p + pos, count: q - pos), as: UTF8.self))
            }
            pos = q + 1
        }
        let out = target.baseAddress!
        for j in 0..<width {
            var v = 0.0, q = pos   // an empty field is zero
            if pos < e && p[pos] == 48 && (pos + 1 == e || p[pos + 1] == sep) {
                q = pos + 1   // "0", most of a sparse table: no call
            } else if pos < e && p[pos] != sep {
                guard let (value, used) = DecimalParser.parsePrefix(p + pos, count: e - pos), value.isFinite else { return false }
                v = value
                q = pos + used
            }
            // The number must fill its field, and the line must have exactly `width` of them.
            if j == width - 1 { if q != e { return false } } else if q >= e || p[q] != sep { return false }
            out[j * stride] = v
            pos = q + 1
        }
        return true
    }
}
