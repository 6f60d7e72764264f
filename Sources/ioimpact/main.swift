import ArgumentParser
import Foundation
import IOImpact

extension OutputFormat: ExpressibleByArgument {}

/// Errors are printed once, here: "ioimpact: <file> line <n>, <field>: <message>", exit code 1 for bad
/// input, 2 for numerical failures.
struct IOImpactCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ioimpact",
        abstract: "Input-output impacts of critical-mineral supply cuts, from real tables, through LAPACK.",
        discussion: """
        Shipped tables and reference cases are read from Tables/ of the ioimpact folder, found in this order: \
        the IOIMPACT_HOME environment variable (a folder holding Tables/), the current folder and its parents, \
        the executable's folder and its parents, and <prefix>/share/ioimpact beside an installed <prefix>/bin/ioimpact \
        (`make install`, PREFIX=/usr/local by default). Reports of reference cases go to Reports/ of a checkout, \
        else to ./Reports; a case file of your own writes beside itself or to --output, never over a reference report.
        Exit codes: 0 success, 1 bad input, 2 numerical failure, 3 calibration target not reached.
        """,
        version: "ioimpact \(IOImpactVersion.string)\n\(BLASRuntime.summary)",
        subcommands: [Tables.self, Inspect.self, Multipliers.self, Inverse.self, Run.self, Reports.self, Calibrate.self]
    )
}

struct FormatOption: ParsableArguments {
    @Option(name: .long, help: "Output format: text, csv, json or markdown.")
    var format: OutputFormat = .text
}

func fail(_ error: Error) -> Never {
    let msg: String
    var code: Int32 = 1
    switch error {
    case let e as InputError: msg = e.description
    case let e as LinearAlgebraError: msg = InputError.escapingControlCharacters(e.description); code = 2
    default: msg = InputError.escapingControlCharacters("\(error)")
    }
    FileHandle.standardError.write(Data("ioimpact: error: \(msg)\n".utf8))
    exit(code)
}

func out(_ s: String) { FileHandle.standardOutput.write(Data(s.utf8)) }

struct Tables: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the shipped tables, one line each.")
    @OptionGroup var format: FormatOption
    func run() {
        do {
            let tables = try TableCatalog.shippedIDs().map { try TableCatalog.load($0) }
            out(TableViews.list(tables, format: format.format))
        } catch { fail(error) }
    }
}

struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Size, totals, GDP, employment, balance residuals, condition number and largest sectors of a table.")
    @Argument(help: "A shipped table id (see `ioimpact tables`) or a path to a table folder or a pymrio save_all() folder.")
    var table: String
    @Option(help: "How many of the largest sectors to list.") var top: Int = 10
    @OptionGroup var format: FormatOption
    func run() {
        do {
            let model = try LeontiefModel(table: try TableCatalog.load(table))
            out(try TableViews.inspect(model, blas: BLASRuntime.summary, format: format.format, top: top))
        } catch { fail(error) }
    }
}

struct Multipliers: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Output, value-added, income and employment multipliers (Type I and II) and linkages.")
    @Argument(help: "A shipped table id or a path to a table folder or a pymrio save_all() folder.")
    var table: String
    @Option(help: ArgumentHelp("Propensity to consume out of compensation that closes the model for Type II (0 to 1).",
                               discussion: "Default: Japan's convention for MIC tables, 0.738 (Family Income and Expenditure Survey 2015, workers' households); none for other countries, which then show Type I only."))
    var propensity: Double?
    @Option(help: "The source of --propensity, printed with the multipliers.")
    var propensityBasis: String = "stated on the command line"
    @OptionGroup var format: FormatOption
    func run() {
        do {
            if let propensity, !(propensity.isFinite && (0...1).contains(propensity)) {
                throw InputError(file: "command line", field: "--propensity", "must be a share in [0, 1], found \(propensity)")
            }
            let model = try LeontiefModel(table: try TableCatalog.load(table))
            let mult = try model.multipliers(propensity: propensity.map { ConsumptionPropensity(value: $0, basis: propensityBasis) })
            out(TableViews.multipliers(model, mult, format: format.format))
        } catch { fail(error) }
    }
}

struct Inverse: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The Leontief inverse (I − A)⁻¹, or with --open the open-type inverse [I − (I − M̂)A]⁻¹.")
    @Argument(help: "A shipped table id or a path to a table folder or a pymrio save_all() folder.")
    var table: String
    @Flag(name: .long, help: "The open-type inverse of a competitive-import table (MIC's [I − (I − M̂)A]⁻¹).")
    var open = false
    @OptionGroup var format: FormatOption
    func run() {
        do {
            let model = try LeontiefModel(table: try TableCatalog.load(table))
            let inv = open ? try model.openTypeInverse() : try model.leontiefInverse()
            out(TableViews.inverse(inv, labels: model.table.codes, format: format.format, table: model.table.metadata.id,
                                   openType: open && model.table.metadata.importTreatment == .competitive))
        } catch { fail(error) }
    }
}

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a critical-mineral supply cut: GDP and employment loss by year, month and sector, with the bottleneck path.",
        discussion: """
        A reference case id (Tables/cases, time-stepped) writes Reports/<case-id>.md, its chart and its path CSV; a case \
        file of your own writes them beside the case file; --output names another folder, --no-report writes nothing. \
        Static-model cases (format ioimpact-case/1, Tables/cases/static) write to Reports/static.
        """)
    @Argument(help: "A reference case id (see Tables/cases) or a path to a case file (.toml).")
    var caseRef: String
    @Option(help: "Folder for the report, its chart and path CSV.")
    var output: String?
    @Flag(help: "Do not write the report.")
    var noReport = false
    @OptionGroup var format: FormatOption
    func run() {
        do {
            // A reference case, named by id or by its path under Tables/cases, writes into Reports/.
            func inFolder(_ dir: String) -> Bool {
                URL(fileURLWithPath: caseRef).deletingLastPathComponent().standardizedFileURL.path == URL(fileURLWithPath: dir).standardizedFileURL.path
            }
            let isReference = !(caseRef.hasSuffix(".toml") || caseRef.contains("/"))
                || (try? DynamicCaseLoader.casesDirectory()).map(inFolder) == true
                || (try? CaseLoader.casesDirectory()).map(inFolder) == true
            switch try AnyCase.load(caseRef) {
            case .dynamicCase(let c):
                let result = try DynamicRun.run(c)
                out(DynamicViews.render(result, format: format.format))
                if !noReport {
                    let dir = output ?? (isReference ? ReportWriter.defaultDirectory()
                                                     : URL(fileURLWithPath: c.path).deletingLastPathComponent().path)
                    try ReportWriter.checkNotReplacingReference(caseID: c.id, caseFile: c.path, directory: dir,
                                                                references: try DynamicCaseLoader.casesDirectory(),
                                                                reportsFolder: ReportWriter.defaultDirectory())
                    let paths = try ReportWriter.write([DynamicReport.files(result)], to: dir)
                    FileHandle.standardError.write(Data("wrote \(paths.joined(separator: ", "))\n".utf8))
                }
            case .staticCase(let c):
                let result = try Scenario.resolve(c).run()
                let rendered = noReport ? nil : ReportWriter.render(result)
                out(RunViews.render(result, format: format.format))
                if let rendered {
                    let dir = output ?? (isReference ? ReportWriter.defaultDirectory() + "/static"
                                                     : URL(fileURLWithPath: c.path).deletingLastPathComponent().path)
                    try ReportWriter.checkNotReplacingReference(caseID: c.id, caseFile: c.path, directory: dir,
                                                                references: try CaseLoader.casesDirectory(),
                                                                reportsFolder: ReportWriter.defaultDirectory() + "/static")
                    let paths = try ReportWriter.write([rendered], to: dir)
                    FileHandle.standardError.write(Data("wrote \(paths[0])\n".utf8))
                }
            }
        } catch { fail(error) }
    }
}

struct Reports: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run every reference case, write each report and Reports/README.md, and print the summary table.",
        discussion: "Time-stepped cases (Tables/cases) go to Reports/; the static model's cases (Tables/cases/static) to Reports/static/.")
    @Option(help: "Folder for the reports (default: the project's Reports/).")
    var output: String?
    @OptionGroup var format: FormatOption
    func run() {
        do {
            let dir = output ?? ReportWriter.defaultDirectory()
            let runs = try DynamicCaseLoader.shippedIDs().map { try DynamicRun.run(try DynamicCaseLoader.load(path: DynamicCaseLoader.casesDirectory() + "/\($0).toml")) }
            let statics = try CaseLoader.shippedIDs().map { try Scenario.resolve(try CaseLoader.load($0)).run() }
            // Everything is rendered before the first file is written.
            let dynamicFiles = runs.map(DynamicReport.files) + [ReportWriter.RenderedFiles(files: [("README.md", DynamicSummary.render(runs, statics: statics))])]
            let staticFiles = statics.map(ReportWriter.render) + [ReportWriter.RenderedFiles(files: [("README.md", SummaryRenderer.render(statics))])]
            // One set: the time-stepped and the static reports are replaced together or not at all.
            try ReportWriter.writeSet(dynamicFiles.flatMap { $0.files.map { (dir + "/" + $0.name, $0.contents) } }
                                      + staticFiles.flatMap { $0.files.map { (dir + "/static/" + $0.name, $0.contents) } })
            out(DynamicSummary.headlineTable(runs).render(format.format))
            FileHandle.standardError.write(Data("wrote \(runs.count) reports and README.md to \(dir), \(statics.count) static-model reports to \(dir)/static\n".utf8))
        } catch { fail(error) }
    }
}

struct Calibrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fit the model's free parameters to published estimates; leave-one-out; Monte Carlo uncertainty.",
        discussion: """
        Each SPEC (e.g. Tables/calibration/dir.toml) names its parameters with bounds, its targets and the case that \
        reproduces each target. The fitted values go to the spec's parameter file, which cases reference; \
        Reports/calibration.md gets every profile given. Specs run in the order given (nri.toml reads dir's file).
        """)
    @Argument(help: "Calibration spec files.")
    var specs: [String]
    @Option(help: "A targets table that replaces every spec's own (same columns as Tables/calibration/targets.csv).")
    var targets: String?
    @Option(help: "Monte Carlo draws (default: the spec's).") var draws: Int?
    @Option(help: "Random seed for the Monte Carlo (default: the spec's).") var seed: UInt64?
    @Flag(help: "Do not write parameter files or Reports/calibration.md.") var noWrite = false
    @Option(help: "Folder for calibration.md (default: the project's Reports/).") var output: String?
    @OptionGroup var format: FormatOption
    func run() {
        do {
            if let draws, !(1...CalibrationSpec.maxDraws).contains(draws) {
                throw InputError(file: "command line", field: "--draws", "must be 1 to \(CalibrationSpec.maxDraws), found \(draws)")
            }
            var results: [CalibrationResult] = []
            let interactive = isatty(STDERR_FILENO) != 0
            for path in specs {
                let spec = try CalibrationSpec.load(path: path)
                let calibrator = try Calibrator(spec: spec, targetsPath: targets)
                let result = try calibrator.run(draws: draws, seed: seed, progress: interactive ? { done, total in
                    let width = 30, filled = width * done / total
                    FileHandle.standardError.write(Data("\r\(spec.profile) Monte Carlo [\(String(repeating: "#", count: filled))\(String(repeating: ".", count: width - filled))] \(done)/\(total)\(done == total ? "\n" : "")".utf8))
                } : nil)
                if !noWrite { try writeFileAtomically(result.parameterFile.render(), to: spec.outputPath) }
                results.append(result)
            }
            switch format.format {
            case .json: out(CalibrationViews.json(results).render() + "\n")
            case .markdown: out(CalibrationViews.markdown(results))
            default: out(results.map(CalibrationViews.text).joined(separator: "\n"))
            }
            if !noWrite {
                let dir = output ?? ReportWriter.defaultDirectory()
                try writeFileAtomically(CalibrationViews.markdown(results), to: dir + "/calibration.md")
                FileHandle.standardError.write(Data("wrote \(results.map { ReportRenderer.relative($0.spec.outputPath) }.joined(separator: ", ")) and \(dir)/calibration.md\n".utf8))
            }
            let unreached = results.flatMap(\.unreachable)
            if !unreached.isEmpty {
                FileHandle.standardError.write(Data(unreached.map { "ioimpact: warning: \($0)\n" }.joined().utf8))
                throw ExitCode(3)
            }
        } catch let e as ExitCode { Calibrate.exit(withError: e) } catch { fail(error) }
    }
}

IOImpactCommand.main()
