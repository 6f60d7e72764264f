import Foundation

/// One fuzzing input through the parsers a user's files reach: an ioimpact table folder, a pymrio
/// folder, a static (format 1) or time-stepped (format 2) case, a parameter file, a calibration spec.
///
/// Input layout: the first byte picks the parser (modulo 6); the rest is split into files at each
/// line `@@@`. Any thrown error is a correct refusal; a crash, a hang or a trap is a bug. Used by the
/// libFuzzer target (`make fuzz`, Fuzz/) and by the tests that replay every crash it found.
public enum ParserHarness {
    public static let separator = "\n@@@\n"
    public static let tableFiles = ["manifest.toml", "sectors.csv", "transactions.csv", "final_demand.csv", "value_added.csv", "employment.csv"]
    public static let pymrioFiles = ["file_parameters.json", "Z.txt", "Y.txt", "unit.txt", "x.txt"]

    public enum Mode: UInt8, CaseIterable { case table = 0, pymrio, staticCase, dynamicCase, parameters, spec }

    /// Builds an input from a mode and its files (for the seed corpus).
    public static func input(_ mode: Mode, _ files: [String]) -> [UInt8] {
        [mode.rawValue] + Array(files.joined(separator: separator).utf8)
    }

    /// Runs one input; returns the error message when the input was refused (nil when accepted).
    @discardableResult
    public static func run(_ data: [UInt8], scratch: String) -> String? {
        guard let first = data.first, let mode = Mode(rawValue: first % 6) else { return nil }
        let text = String(decoding: data.dropFirst(), as: UTF8.self)
        let parts = text.components(separatedBy: separator)
        let fm = FileManager.default
        try? fm.removeItem(atPath: scratch)
        try? fm.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? fm.removeItem(atPath: scratch) }
        func write(_ names: [String]) {
            for (name, body) in zip(names, parts) { _ = fm.createFile(atPath: scratch + "/" + name, contents: Data(body.utf8)) }
        }
        do {
            switch mode {
            case .table:
                write(tableFiles)
                let model = try LeontiefModel(table: try TableLoader.load(directory: scratch))
                _ = try model.multipliers()
            case .pymrio:
                write(pymrioFiles.filter { $0 != "x.txt" || parts.count > 4 })
                _ = try LeontiefModel(table: try PymrioLoader.load(directory: scratch))
            case .staticCase:
                _ = try CaseLoader.parse(path: scratch + "/case.toml", text: text)
            case .dynamicCase:
                _ = try DynamicCaseLoader.parse(path: scratch + "/case.toml", text: text)
            case .parameters:
                write(["parameters.toml"])
                _ = try ParameterFile.load(path: scratch + "/parameters.toml")
            case .spec:
                write(["spec.toml", "targets.csv"])
                _ = try CalibrationSpec.load(path: scratch + "/spec.toml")
                if parts.count > 1 { _ = try CalibrationTargets.load(path: scratch + "/targets.csv") }
            }
            return nil
        } catch {
            return "\(error)"
        }
    }
}
