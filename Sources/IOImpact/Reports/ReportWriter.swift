import Foundation

/// Writes reports and charts as a set. Everything is rendered before the first file is written; the
/// files of a run are then written to temporaries beside their targets and renamed into place
/// together, so a failed or interrupted run leaves the complete previous set, never a report from
/// one run beside charts from another.
public enum ReportWriter {
    /// The default output folder: the project's Reports/ when the project is a checkout (or
    /// IOIMPACT_HOME names one), else ./Reports in the current folder (an installed copy's shared
    /// tables are not a place to write).
    public static func defaultDirectory() -> String {
        if let home = ProjectLocator.home(), ProjectLocator.isCheckout(home) { return home + "/Reports" }
        return FileManager.default.currentDirectoryPath + "/Reports"
    }

    public struct RenderedFiles: Sendable {
        public var files: [(name: String, contents: String)]
        public init(files: [(name: String, contents: String)]) { self.files = files }
    }

    public static func render(_ r: RunResult) -> RenderedFiles {
        let names = ReportRenderer.chartNames(r.scenario.supplyCase.id)
        return RenderedFiles(files: [
            ("\(r.scenario.supplyCase.id).md", ReportRenderer.render(r, charts: names)),
            (names.sectors, Charts.sectorLosses(r)),
            (names.methods, Charts.methodBracket(r)),
        ])
    }

    /// Refuses to let a case that is not the reference case `id` write into the project's Reports/
    /// (or Reports/static), where it would replace the reference report of the same id. `references`
    /// is the folder of the reference cases of that kind.
    public static func checkNotReplacingReference(caseID id: String, caseFile: String, directory: String,
                                                  references: String, reportsFolder: String) throws {
        func canonical(_ p: String) -> String { URL(fileURLWithPath: p).standardizedFileURL.resolvingSymlinksInPath().path }
        guard canonical(directory) == canonical(reportsFolder) else { return }
        let reference = references + "/\(id).toml"
        guard FileManager.default.fileExists(atPath: reference), canonical(reference) != canonical(caseFile) else { return }
        throw InputError(file: caseFile, field: "key 'id'",
                         "'\(id)' is a reference case's id, and this file is not that case: its report would replace \(canonical(reportsFolder))/\(id).md; give the case another id or write elsewhere with --output")
    }

    /// Writes rendered files into `directory` as one set; returns the paths written.
    @discardableResult
    public static func write(_ rendered: [RenderedFiles], to directory: String) throws -> [String] {
        try writeSet(rendered.flatMap { try $0.files.map { (try path(of: $0.name, in: directory), $0.contents) } })
    }

    /// The path of the report file `name` (built from a case id) inside `directory`, checked to stay
    /// there: a name that is empty, hidden, or holds a '/' or '..' is refused, and so is an empty folder.
    public static func path(of name: String, in directory: String) throws -> String {
        guard !directory.isEmpty else {
            throw InputError(file: "command line", field: "--output",
                             "an empty folder name; name the folder for the reports")
        }
        let dir = URL(fileURLWithPath: directory).standardizedFileURL
        let target = dir.appendingPathComponent(name).standardizedFileURL
        guard !name.isEmpty, !name.hasPrefix("."), !name.contains("/"), !name.contains("\0"),
              target.deletingLastPathComponent().path == dir.path else {
            throw InputError(file: directory, "the report file name '\(InputError.escapingControlCharacters(name))' "
                             + "would not stay inside this folder (nothing was written)")
        }
        return target.path
    }

    /// Writes every (path, contents) as one set:
    /// 1. every target is checked (a folder in the way is an error before anything is written);
    /// 2. each file goes to a hidden temporary beside its target (`.<name>.tmp-<pid>`);
    /// 3. the previous files are kept as hard links (`.<name>.bak-<pid>`), the temporaries renamed over
    ///    the targets, and if any rename fails the renamed ones are put back from the links;
    /// 4. temporaries and links are removed whatever happens.
    /// SIGINT, SIGTERM, SIGHUP and SIGQUIT are recorded while this runs (milliseconds) and raised after,
    /// so an interrupted run ends with one complete set. Temporaries left by a process that died
    /// uncatchably (SIGKILL) are removed by the next write into the same folder.
    @discardableResult
    public static func writeSet(_ files: [(path: String, contents: String)]) throws -> [String] {
        let fm = FileManager.default
        let pid = getpid()
        // Hold termination signals: a handler only records them (any thread may receive a process-directed
        // signal, so masking this thread is not enough); they are raised again once the set is complete.
        let held = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]
        pendingSignal = 0
        let previous = held.map { signal($0, { s in ReportWriter.pendingSignal = s }) }
        defer {
            for (s, h) in zip(held, previous) { signal(s, h) }
            if pendingSignal != 0 { raise(pendingSignal) }
        }

        let targets = files.map { URL(fileURLWithPath: $0.path).standardizedFileURL }
        for dir in Set(targets.map { $0.deletingLastPathComponent().path }) {
            do { try fm.createDirectory(atPath: dir, withIntermediateDirectories: true) } catch {
                throw InputError(file: dir, "cannot create the output folder: \(error.localizedDescription)")
            }
            removeStaleTemporaries(in: dir)
        }
        for t in targets {
            var isDir: ObjCBool = false
            if fm.fileExists(atPath: t.path, isDirectory: &isDir), isDir.boolValue {
                throw InputError(file: t.path, "cannot be written: a folder is in the way (nothing was written)")
            }
        }
        func sibling(_ t: URL, _ tag: String) -> String {
            t.deletingLastPathComponent().appendingPathComponent(".\(t.lastPathComponent).\(tag)-\(pid)").path
        }
        let temps = targets.map { sibling($0, "tmp") }
        let backups = targets.map { sibling($0, "bak") }
        defer {
            for p in temps + backups { unlink(p) }
        }
        for (k, f) in files.enumerated() {
            // Written in place (not Foundation's atomic write, which leaves its own hidden temporary when killed).
            do { try Data(f.contents.utf8).write(to: URL(fileURLWithPath: temps[k])) } catch {
                throw InputError(file: f.path, "cannot be written: \(error.localizedDescription) (nothing was replaced)")
            }
        }
        var hadPrevious = [Bool](repeating: false, count: files.count)
        for (k, t) in targets.enumerated() where fm.fileExists(atPath: t.path) {
            guard link(t.path, backups[k]) == 0 else {
                throw InputError(file: t.path, "cannot keep the previous file while replacing it: \(String(cString: strerror(errno))) (nothing was replaced)")
            }
            hadPrevious[k] = true
        }
        for (k, t) in targets.enumerated() {
            if rename(temps[k], t.path) != 0 {
                let reason = String(cString: strerror(errno))
                for j in 0..<k {   // put the previous set back
                    if hadPrevious[j] { rename(backups[j], targets[j].path) } else { unlink(targets[j].path) }
                }
                throw InputError(file: t.path, "cannot be written: \(reason) (the previous files were kept)")
            }
        }
        return files.map(\.path)
    }

    /// The termination signal received while a set was being written (0: none).
    nonisolated(unsafe) static var pendingSignal: Int32 = 0

    /// Removes `.<name>.tmp-<pid>` and `.<name>.bak-<pid>` files of processes that no longer run.
    static func removeStaleTemporaries(in dir: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return }
        for name in names where name.hasPrefix(".") {
            for tag in [".tmp-", ".bak-"] {
                guard let r = name.range(of: tag, options: .backwards), let other = Int32(name[r.upperBound...]) else { continue }
                if other != getpid() && kill(other, 0) != 0 && errno == ESRCH { unlink(dir + "/" + name) }
            }
        }
    }
}
