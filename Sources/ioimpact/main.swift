import ArgumentParser
import Foundation
import IOImpact
import IOImpactServer

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
        Exit codes: 0 success, 1 bad input, 2 numerical failure.
        """,
        version: "ioimpact \(IOImpactVersion.string)\n\(BLASRuntime.summary)",
        subcommands: [Tables.self, Inspect.self, Multipliers.self, Inverse.self, Run.self, Reports.self, Calibrate.self,
                      Bridge.self, Cases.self, Materials.self, FrontierCommand.self, Satellite.self, Serve.self,
                      Split.self]
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

/// `--output DIR`: a folder that exists or can be made (made here, before the run), never an empty name.
func outputFolder(_ value: String?, option: String = "--output", create: Bool = true) throws -> String? {
    guard let value else { return nil }
    guard !value.isEmpty else {
        throw InputError(file: "command line", field: option,
                         "an empty folder name; name the folder to write to (it is created if needed)")
    }
    var isDir: ObjCBool = false
    if FileManager.default.fileExists(atPath: value, isDirectory: &isDir) {
        guard isDir.boolValue else {
            throw InputError(file: "command line", field: option, "'\(value)' is a file, not a folder")
        }
        return value
    }
    if !create { return value }
    do { try FileManager.default.createDirectory(atPath: value, withIntermediateDirectories: true) } catch {
        throw InputError(file: "command line", field: option,
                         "cannot create the folder '\(value)': \(error.localizedDescription)")
    }
    return value
}

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

extension MatrixFormat: ExpressibleByArgument {}

struct Inverse: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The Leontief inverse (I − A)⁻¹, or with --open the open-type inverse [I − (I − M̂)A]⁻¹.",
        discussion: """
        --format npy writes NumPy's binary .npy (float64, shape (n, n), column-major; numpy.load reads it without \
        parsing; rows and columns in the table's sector order, as in the csv header), to --output or to standard \
        output when that is not a terminal. --output FILE writes any format to FILE atomically (a temporary file \
        renamed over it). CSV numbers are the shortest decimals that read back to the same doubles.
        """)
    @Argument(help: "A shipped table id or a path to a table folder or a pymrio save_all() folder.")
    var table: String
    @Flag(name: .long, help: "The open-type inverse of a competitive-import table (MIC's [I − (I − M̂)A]⁻¹).")
    var open = false
    @Option(name: .long, help: "Output format: text, csv, json, markdown or npy (binary, NumPy).")
    var format: MatrixFormat = .text
    @Option(name: .long, help: "Write to this file (replaced atomically) instead of standard output.")
    var output: String?
    func run() {
        do {
            if output?.isEmpty == true {
                throw InputError(file: "command line", field: "--output", "an empty file name; name the file to write")
            }
            if format == .npy && output == nil && isatty(STDOUT_FILENO) != 0 {
                throw InputError(file: "command line", field: "--format npy", "writes binary: name a file with --output FILE.npy or redirect standard output")
            }
            let model = try LeontiefModel(table: try TableCatalog.load(table))
            let inv = open ? try model.openTypeInverse() : try model.leontiefInverse()
            let sink = try output.map(ByteOutput.atomicFile) ?? ByteOutput.standardOutput()
            switch format {
            case .npy: try MatrixOutput.writeNPY(inv, to: sink)
            case .csv: try MatrixOutput.writeCSV(inv, labels: model.table.codes, to: sink)
            case .text, .json, .markdown:
                let text = TableViews.inverse(inv, labels: model.table.codes, format: OutputFormat(rawValue: format.rawValue)!,
                                              table: model.table.metadata.id,
                                              openType: open && model.table.metadata.importTreatment == .competitive)
                let bytes = ByteBuffer(capacity: text.utf8.count + 16)
                bytes.append(text)
                try sink.write(bytes)
            }
            try sink.commit()
            if let output { FileHandle.standardError.write(Data("wrote \(output)\n".utf8)) }
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
    @Option(help: ArgumentHelp("Which allocation/rationing rules to run: 'all' (the case's rules and the three others, "
                               + "whose range the report gives) or 'chosen' (the case's rules only; "
                               + "the ranges collapse to its figure)."))
    var rules: RuleChoice = .all
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
            let output = try outputFolder(output, create: !noReport)
            switch try AnyCase.load(caseRef) {
            case .dynamicCase(let c):
                let result = try DynamicRun(model: try DynamicModel.resolve(c), withBracket: rules == .all,
                                            progress: Progress.reporter())
                Progress.clear()
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
                if !isReference, let file = c.parametersFile, !c.fromProfile.isEmpty {
                    // A user's case whose own values a parameter file replaced: say so, field by field
                    // (after the run, so that a refused run still ends in one line).
                    let fields = c.fromProfile.map { f in
                        "\(f.field) = \(NumberFormat.significant(f.value, 4))" + (f.caseValue.map { " (the case says \(NumberFormat.significant($0, 4)))" } ?? "")
                    }
                    FileHandle.standardError.write(Data("note: the case's `parameters` file \(file) replaced \(fields.joined(separator: ", ")); delete that line to run with the case's own values\n".utf8))
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
            let dir = try outputFolder(output) ?? ReportWriter.defaultDirectory()
            let runs = try DynamicCaseLoader.shippedIDs().map { try DynamicRun.run(try DynamicCaseLoader.load(path: DynamicCaseLoader.casesDirectory() + "/\($0).toml")) }
            let statics = try CaseLoader.shippedIDs().map { try Scenario.resolve(try CaseLoader.load($0)).run() }
            // Everything is rendered before the first file is written.
            let ids = Set(runs.map(\.model.dynamicCase.id))
            let bridge = ConsistencyBridge.caseIDs.allSatisfy(ids.contains) ? try ConsistencyBridge.run() : nil
            let summary = DynamicSummary.render(runs, statics: statics, consistency: bridge)
            let dynamicFiles = runs.map(DynamicReport.files)
                + [ReportWriter.RenderedFiles(files: [("README.md", summary)])]
            let staticFiles = statics.map(ReportWriter.render) + [ReportWriter.RenderedFiles(files: [("README.md", SummaryRenderer.render(statics))])]
            // One set: the time-stepped and the static reports are replaced together or not at all.
            try ReportWriter.writeSet(
                dynamicFiles.flatMap { try $0.files.map { (try ReportWriter.path(of: $0.name, in: dir), $0.contents) } }
                + staticFiles.flatMap {
                    try $0.files.map { (try ReportWriter.path(of: $0.name, in: dir + "/static"), $0.contents) }
                })
            out(DynamicSummary.headlineTable(runs).render(format.format))
            FileHandle.standardError.write(Data("wrote \(runs.count) reports and README.md to \(dir), \(statics.count) static-model reports to \(dir)/static\n".utf8))
        } catch { fail(error) }
    }
}

/// A progress bar on stderr, drawn only when stderr is a terminal.
@Sendable func progressBar(_ stage: String, _ done: Int, _ total: Int) {
    let width = 30
    let filled = width * done / max(1, total)
    let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
    let end = done == total ? "\n" : ""
    FileHandle.standardError.write(Data("\r\(stage) [\(bar)] \(done)/\(total)\(end)".utf8))
}

struct Calibrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Estimate the physical parameters from Japan's observed 2025 production (MCMC); posterior " +
            "predictive; Sobol indices.",
        discussion: """
        SPEC (default Tables/calibration/shared.toml, format ioimpact-calibration/3) names the priors file, \
        the episode case and IIP industries that are the evidence, the sampler, the posterior predictive and \
        the Sobol analysis. \
        The shipped spec writes Tables/calibration/profiles/shared.toml (the posterior median), Reports/calibration.md \
        and its charts. With --targets FILE (the studies' figures, checked against the prediction) the outputs go \
        next to FILE; with a spec of your own, to the paths it names (relative to the spec); --output DIR \
        overrides both.
        """)
    @Argument(help: "A calibration spec (format ioimpact-calibration/3).")
    var spec: String?
    @Option(help: """
        A table of published figures replacing the spec's checks (columns as \
        Tables/calibration/targets.csv); outputs go next to it.
        """)
    var targets: String?
    @Option(help: "Kept draws per chain (default: the spec's).") var draws: Int?
    @Option(help: "Random seed of the sampler (default: the spec's).") var seed: UInt64?
    @Flag(help: "Write nothing.") var noWrite = false
    @Option(help: "Folder for the parameter file, calibration.md and its charts.") var output: String?
    @OptionGroup var format: FormatOption
    func run() {
        do {
            if let draws, !(4...CalibrationSpec.maxDraws).contains(draws) {
                throw InputError(file: "command line", field: "--draws",
                                 "must be 4 to \(CalibrationSpec.maxDraws), found \(draws)")
            }
            let output = try outputFolder(output, create: !noWrite)
            let specPath: String
            if let spec { specPath = spec } else { specPath = try ProjectLocator.tablesDirectory() + "/calibration/shared.toml" }
            let loaded = try CalibrationSpec.load(path: specPath)
            let interactive = isatty(STDERR_FILENO) != 0
            let progress: CalibrationRunner.Progress? = interactive ? progressBar : nil
            var args = ["ioimpact", "calibrate", ReportRenderer.relative(specPath)]
            if let targets { args += ["--targets", ReportRenderer.relative(targets)] }
            let result = try CalibrationRunner.run(spec: loaded, checksPath: targets, draws: draws, seed: seed,
                                                   command: args.joined(separator: " "), progress: progress)
            switch format.format {
            case .json: out(CalibrationReport.json(result).render() + "\n")
            case .markdown: out(CalibrationReport.markdown(result, headline: try studyBridges(result)))
            default: out(CalibrationReport.text(result))
            }
            if !noWrite {
                // Never over the shipped profiles or Reports/ unless the user names them.
                var profilePath = loaded.profilePath, reportPath = loaded.reportPath
                let dir = output ?? targets.map { URL(fileURLWithPath: $0).deletingLastPathComponent().path }
                if let dir {
                    profilePath = dir + "/" + URL(fileURLWithPath: profilePath).lastPathComponent
                    reportPath = dir + "/" + URL(fileURLWithPath: reportPath).lastPathComponent
                }
                try writeFileAtomically(result.profile.render(), to: profilePath)
                let report = CalibrationReport.markdown(result, headline: try studyBridges(result))
                try writeFileAtomically(report, to: reportPath)
                let chartDir = URL(fileURLWithPath: reportPath).deletingLastPathComponent().path
                for (name, svg) in CalibrationReport.charts(result) {
                    try writeFileAtomically(svg, to: chartDir + "/" + name)
                }
                FileHandle.standardError.write(Data("wrote \(profilePath) and \(reportPath)\n".utf8))
            }
        } catch let e as ExitCode { Calibrate.exit(withError: e) } catch { fail(error) }
    }
}

IOImpactCommand.main()

/// The calibration report's headline: each study's bridge, with the parameters just fitted.
func studyBridges(_ result: CalibrationResult) throws -> String {
    StudyBridgeReport.markdown(try StudyBridge.all(profile: result.profile))
}

struct Bridge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The engine bridge of a time-stepped case: the order–delivery loop alone, "
            + "each of the engine's choices alone, all together; and the stock/restock-days sensitivity (Markdown). "
            + "With --study: each study's figure, its reproduction under its own assumptions, and the model's "
            + "assumptions added one at a time (Tables/calibration/studies.csv).")
    @Argument(help: "Reference case ids or case files (.toml), time-stepped.")
    var cases: [String] = []
    @Option(help: "A study in Tables/calibration/studies.csv (dir, nri, or a row id such as dir-re-1y).")
    var study: String?
    func validate() throws {
        guard cases.isEmpty != (study == nil) else {
            throw ValidationError("give either case ids or --study, not both and not neither")
        }
    }
    func run() {
        do {
            if let study {
                let specs = try StudySpecs.load(path: try StudySpecs.shippedPath())
                    .filter { $0.study == study || $0.id == study }
                guard !specs.isEmpty else {
                    throw InputError(file: "command line", field: "--study",
                                     "no study '\(study)' in Tables/calibration/studies.csv")
                }
                var tables: [String: (IOTable, MaterialSatellite)] = [:]
                let bridges = try specs.map { try StudyBridge.run($0, tables: &tables) }
                out(StudyBridgeReport.markdown(bridges))
                return
            }
            for ref in cases {
                guard case .dynamicCase(let c) = try AnyCase.load(ref) else {
                    throw InputError(file: ref,
                                     "the bridge needs a time-stepped case (format \(DynamicCase.formatVersion))")
                }
                out(try EngineBridge.run(try DynamicModel.resolve(c)).markdown)
            }
        } catch { fail(error) }
    }
}

struct Cases: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the time-stepped reference cases: table, start, horizon, cuts, title.")
    @OptionGroup var format: FormatOption
    func run() {
        do {
            let dir = try DynamicCaseLoader.casesDirectory()
            let cs = try DynamicCaseLoader.shippedIDs().map {
                try DynamicCaseLoader.load(path: dir + "/\($0).toml", applyParameters: false)
            }
            out(CatalogueViews.cases(cs, format: format.format))
        } catch { fail(error) }
    }
}

struct Materials: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The materials of a table's satellite (group, tonnes a year, users, origin shares), "
            + "or the sectors that use one material.")
    @Argument(help: "A shipped table id (default jp-2015-185).")
    var table: String = "jp-2015-185"
    @Argument(help: "A material id: list the sectors that use it, with tonnes and ratings with their reasons.")
    var material: String?
    @OptionGroup var format: FormatOption
    func run() {
        do {
            let t = try TableCatalog.load(table)
            let sat = try MaterialSatellite.shipped(t.metadata.id, table: t)
            if let material {
                out(try CatalogueViews.users(sat, table: t, material: material, format: format.format))
            } else {
                out(CatalogueViews.materials(sat, table: t, format: format.format))
            }
        } catch { fail(error) }
    }
}

struct Split: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Split industries of a table by national tables' shares, balanced by RAS/GRAS (a split file, "
            + "format ioimpact-split/1): writes the table beside the file and its carried satellite.",
        discussion: "Example: ioimpact split Tables/world-2011-wiod-split/split.toml")
    @Argument(help: "The split file (.toml).")
    var spec: String
    @Option(name: .long, help: "Folder for the table (default: the split file's folder).")
    var output: String?
    @Option(name: .long, help: "Folder for the carried satellite (default: the project's Tables/materials).")
    var materials: String?
    func run() {
        do {
            let s = try SplitSpec.load(spec)
            let (split, paths) = try s.write(directory: try outputFolder(output), materials: materials)
            out(SplitSpec.report(split))
            out(paths.map { "wrote \($0)" }.joined(separator: "\n") + "\n")
        } catch { fail(error) }
    }
}

enum RuleChoice: String, ExpressibleByArgument {
    case all, chosen
}

/// Progress on stderr for runs that take longer than two seconds, only when stderr is a terminal.
enum Progress {
    nonisolated(unsafe) static var started = Date()
    nonisolated(unsafe) static var shown = false
    static func reporter() -> ((Int, Int, String) -> Void)? {
        guard isatty(2) != 0 else { return nil }
        started = Date()
        return { done, total, next in
            guard Date().timeIntervalSince(started) > 2 else { return }
            shown = true
            FileHandle.standardError.write(Data("\rrun \(done + 1) of \(total): \(next)…\u{1B}[K".utf8))
        }
    }
    static func clear() {
        if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The workbench: a local page and JSON API to edit a case's levers, run it and compare scenarios.",
        discussion: """
        Open http://HOST:PORT/ in a browser. Listens on 127.0.0.1 unless --host says otherwise; it picks tables \
        and cases from the shipped catalogue only and writes no file. The API: docs/SERVER.md.
        """)
    @Option(help: "Address to listen on (127.0.0.1: this machine only).")
    var host = "127.0.0.1"
    @Option(help: "Port to listen on.")
    var port = 8080
    @Option(help: "Seconds a run may take before it is stopped.")
    var timeLimit = 60.0
    func run() {
        let config = WorkbenchConfiguration(host: host, port: port, timeLimitSeconds: timeLimit)
        let done = DispatchSemaphore(value: 0)
        Task {
            do {
                let workbench = try Workbench(configuration: config)
                let url = "http://\(config.host):\(config.port)/"
                try await workbench.serve {
                    FileHandle.standardError.write(Data("ioimpact workbench on \(url) (Ctrl-C stops it)\n".utf8))
                }
            } catch { fail(error) }
            done.signal()
        }
        done.wait()
    }
}
