import Foundation

/// A file's bytes, memory-mapped read-only: nothing is copied, and the pages already parsed can be
/// handed back (`release`) so that a large table's text is never resident all at once.
final class MappedFile: @unchecked Sendable {
    let path: String
    let bytes: UnsafeBufferPointer<UInt8>
    private let mapping: UnsafeMutableRawPointer?

    init(path: String) throws {
        self.path = path
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw InputError(file: path, errno == ENOENT ? "file not found" : "cannot be read: \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else {
            throw InputError(file: path, "cannot be read: not a regular file")
        }
        let size = Int(st.st_size)
        if size == 0 {
            mapping = nil
            bytes = UnsafeBufferPointer(start: nil, count: 0)
            return
        }
        guard let m = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), m != MAP_FAILED else {
            throw InputError(file: path, "cannot be read: \(String(cString: strerror(errno)))")
        }
        _ = madvise(m, size, MADV_SEQUENTIAL)
        mapping = m
        bytes = UnsafeBufferPointer(start: m.assumingMemoryBound(to: UInt8.self), count: size)
    }

    /// Drops the whole pages inside `range` from this process's memory (they stay in the page cache,
    /// and are read again from it if touched later).
    func release(_ range: Range<Int>) {
        guard let mapping else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = (range.lowerBound + page - 1) / page * page
        let end = range.upperBound == bytes.count ? range.upperBound : range.upperBound / page * page
        if end > start { _ = madvise(mapping + start, end - start, MADV_DONTNEED) }
    }

    deinit {
        if let mapping { munmap(mapping, bytes.count) }
    }
}
