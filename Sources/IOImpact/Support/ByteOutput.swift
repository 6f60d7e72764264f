import Foundation

/// Where a large output goes: standard output, or a file written atomically (a temporary file in the
/// same folder renamed over the target by `commit`, so a failed or interrupted write leaves the previous
/// file intact). Only a file the user named is ever replaced.
public final class ByteOutput {
    private let fd: Int32
    private let temporary: String?
    private let target: String?
    private var finished = false

    private init(fd: Int32, temporary: String?, target: String?) {
        self.fd = fd; self.temporary = temporary; self.target = target
    }

    public static func standardOutput() -> ByteOutput { ByteOutput(fd: STDOUT_FILENO, temporary: nil, target: nil) }

    /// Opens a temporary file beside `path`; `commit` renames it over `path`.
    public static func atomicFile(_ path: String) throws -> ByteOutput {
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        } catch {
            throw InputError(file: path, "cannot be written: \(error.localizedDescription)")
        }
        let tmp = dir.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())").path
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if fd < 0 { throw InputError(file: path, "cannot be written: \(String(cString: strerror(errno)))") }
        return ByteOutput(fd: fd, temporary: tmp, target: path)
    }

    /// Writes all the bytes (looping over partial writes).
    public func write(_ raw: UnsafeRawBufferPointer) throws {
        guard var p = raw.baseAddress else { return }
        var left = raw.count
        while left > 0 {
            let k = Foundation.write(fd, p, left)
            if k < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                abandon()
                throw InputError(file: target ?? "standard output", "cannot be written: \(reason)")
            }
            p += k
            left -= k
        }
    }

    public func write(_ buffer: ByteBuffer) throws { try write(buffer.bytes) }

    /// Closes the file and renames it over the target (standard output: nothing to do).
    public func commit() throws {
        guard let temporary, let target, !finished else { return }
        finished = true
        if close(fd) != 0 || rename(temporary, target) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw InputError(file: target, "cannot be written: \(reason)")
        }
    }

    /// Removes the temporary file of an output that failed.
    public func abandon() {
        guard let temporary, !finished else { return }
        finished = true
        close(fd)
        unlink(temporary)
    }

    deinit { abandon() }
}
