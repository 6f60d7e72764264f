import Foundation

/// Finds shipped tables and cases: `Tables/` of the project.
///
/// Looked for, in order: the `IOIMPACT_HOME` environment variable (a folder holding `Tables/`),
/// the current folder and its parents, the executable's folder and its parents, then
/// `<prefix>/share/ioimpact` beside an installed `<prefix>/bin/ioimpact` (`make install`).
public enum ProjectLocator {
    /// Whether `home` is a source checkout (its Reports/ is where reference reports belong), not an
    /// installed copy of the tables.
    public static func isCheckout(_ home: String) -> Bool {
        FileManager.default.fileExists(atPath: home + "/Package.swift")
    }

    public static func home() -> String? {
        let fm = FileManager.default
        if let env = ProcessInfo.processInfo.environment["IOIMPACT_HOME"], fm.fileExists(atPath: env + "/Tables") {
            return URL(fileURLWithPath: env).standardizedFileURL.path
        }
        var starts = [fm.currentDirectoryPath]
        // The running executable: /proc/self/exe on Linux (argv[0] is a bare name when found on PATH).
        let exe = (try? fm.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments.first ?? "."
        let exeDir = URL(fileURLWithPath: exe).resolvingSymlinksInPath().deletingLastPathComponent()
        starts.append(exeDir.path)
        for start in starts {
            var url = URL(fileURLWithPath: start).standardizedFileURL
            while true {
                if fm.fileExists(atPath: url.path + "/Tables/jp-2015-37/manifest.toml") || fm.fileExists(atPath: url.path + "/Tables/index.toml") {
                    return url.path
                }
                let parent = url.deletingLastPathComponent()
                if parent.path == url.path { break }
                url = parent
            }
        }
        let installed = exeDir.deletingLastPathComponent().appendingPathComponent("share/ioimpact").standardizedFileURL.path
        if fm.fileExists(atPath: installed + "/Tables/jp-2015-37/manifest.toml") { return installed }
        return nil
    }

    public static func tablesDirectory() throws -> String {
        guard let h = home() else {
            throw InputError(file: "Tables/", "cannot find the project's Tables folder; run from the ioimpact checkout or set IOIMPACT_HOME")
        }
        return h + "/Tables"
    }
}

public enum TableCatalog {
    /// Ids of the shipped tables (folders of Tables/ with a manifest), sorted.
    public static func shippedIDs() throws -> [String] {
        let dir = try ProjectLocator.tablesDirectory()
        return try FileManager.default.contentsOfDirectory(atPath: dir)
            .filter { FileManager.default.fileExists(atPath: dir + "/" + $0 + "/manifest.toml") }
            .sorted()
    }

    /// Loads a table by shipped id or by path (an ioimpact table folder, a pymrio save_all folder or an OECD ICIO CSV).
    public static func load(_ idOrPath: String) throws -> IOTable {
        let fm = FileManager.default
        if idOrPath.contains("/") || fm.fileExists(atPath: idOrPath + "/manifest.toml")
            || fm.fileExists(atPath: idOrPath + "/file_parameters.json") || IcioLoader.isIcioFile(idOrPath) {
            return try TableLoader.load(directory: idOrPath)
        }
        let dir = try ProjectLocator.tablesDirectory()
        let path = dir + "/" + idOrPath
        guard fm.fileExists(atPath: path + "/manifest.toml") else {
            let ids = (try? shippedIDs()) ?? []
            throw InputError(file: idOrPath, "unknown table: not a shipped table id nor a folder; shipped tables: \(ids.joined(separator: ", "))")
        }
        return try TableLoader.load(directory: path)
    }
}
