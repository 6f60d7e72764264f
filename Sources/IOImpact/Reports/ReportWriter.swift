import Foundation

/// Writes reports and charts. Everything is rendered before the first file is written, and each file
/// is written atomically, so a failed run leaves the previous reports intact.
public enum ReportWriter {
    /// The default output folder: the project's Reports/ when the project is found, else ./Reports.
    public static func defaultDirectory() -> String {
        (ProjectLocator.home() ?? FileManager.default.currentDirectoryPath) + "/Reports"
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

    /// Writes rendered files into `directory`; returns the paths written.
    @discardableResult
    public static func write(_ rendered: [RenderedFiles], to directory: String) throws -> [String] {
        var paths: [String] = []
        for set in rendered {
            for (name, contents) in set.files {
                let path = directory + "/" + name
                try writeFileAtomically(contents, to: path)
                paths.append(path)
            }
        }
        return paths
    }
}
