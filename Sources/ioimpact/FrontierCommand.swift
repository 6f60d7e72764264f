import ArgumentParser
import Foundation
import IOImpact

/// `ioimpact frontier`: parsing and printing only; the sweep is `Frontier.sweep`, the report
/// `FrontierReport`.
struct FrontierCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "frontier",
        abstract: "Sweep a lever (stockpile, allied supply, users' stock days) "
            + "and weigh the loss it avoids against its cost.",
        discussion: """
        The case runs once per point of --range with its own rules, in parallel, against the same case with the \
        lever at zero. Prices, carrying costs, premia and interest rates come from Tables/materials/lever-costs.csv \
        and lever-finance.csv (a case's [[lever_cost]] and [lever_finance] replace them). A reference case writes \
        Reports/frontier-<case>-<lever>.md and .svg; a case file of your own writes beside itself or to --output.
        """)
    @Argument(help: "A time-stepped reference case id or a case file (.toml).")
    var caseRef: String
    @Option(help: "The lever: stockpile (days of use), allied (% of normal use a year) or stock-days (days of use).")
    var lever: String
    @Option(help: "FROM:TO:STEP in the lever's unit, for example 0:180:15.")
    var range: String
    @Option(help: "Materials the lever holds or buys, comma-separated (default: every cut material with a price).")
    var materials: String?
    @Option(help: ArgumentHelp("World tables: regions that hold or receive the lever, comma-separated "
                               + "(default: those the cut reaches)."))
    var regions: String?
    @Option(help: "Folder for the report and chart.")
    var output: String?
    @Flag(help: "Do not write the report.")
    var noReport = false
    @OptionGroup var format: FormatOption

    func run() {
        do {
            let kind = try LeverKind.parse(lever)
            var spec = FrontierSpec(lever: kind, range: try LeverRange.parse(range, lever: kind))
            spec.materials = try list(materials, option: "--materials")
            spec.regions = try list(regions, option: "--regions")
            let output = try outputFolder(output, create: !noReport)
            guard case .dynamicCase(let c) = try AnyCase.load(caseRef) else {
                throw InputError(file: caseRef,
                                 "the frontier needs a time-stepped case (format \(DynamicCase.formatVersion))")
            }
            let result = try Frontier.sweep(c, spec: spec)
            let command = FrontierReport.command(caseRef: caseRef, spec: spec)
            out(try FrontierReport.render(result, format: format.format, command: command))
            if !noReport {
                let isReference = (try? DynamicCaseLoader.casesDirectory()).map {
                    URL(fileURLWithPath: c.path).deletingLastPathComponent().standardizedFileURL.path
                        == URL(fileURLWithPath: $0).standardizedFileURL.path } ?? false
                let dir = output ?? (isReference ? ReportWriter.defaultDirectory()
                                                 : URL(fileURLWithPath: c.path).deletingLastPathComponent().path)
                try ReportWriter.checkNotReplacingReference(caseID: c.id, caseFile: c.path, directory: dir,
                                                            references: try DynamicCaseLoader.casesDirectory(),
                                                            reportsFolder: ReportWriter.defaultDirectory())
                let paths = try ReportWriter.write([FrontierReport.files(result, command: command)], to: dir)
                FileHandle.standardError.write(Data("wrote \(paths.joined(separator: ", "))\n".utf8))
            }
        } catch { fail(error) }
    }

    func list(_ text: String?, option: String) throws -> [String]? {
        guard let text else { return nil }
        let items = text.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard !items.isEmpty, !items.contains(where: \.isEmpty) else {
            throw InputError(file: "command line", field: option,
                             "an empty name in '\(InputError.escapingControlCharacters(text))'")
        }
        return items
    }
}
