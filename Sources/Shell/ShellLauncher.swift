import Foundation
import Runtime
import Warehouse

/// What the process was asked to do; the executable fills this from its flags.
public struct LaunchOptions: Sendable {
    public enum Mode: Sendable {
        /// The shell: line-edited on a terminal, plain lines when stdin is piped.
        case shell
        /// `-c 'CMD; CMD'`.
        case commands(String)
        /// `run FILE.ops`.
        case script(String)
    }

    public var mode: Mode
    public var warehouse: String
    public var format: OutputFormat
    public var color: Bool
    public var keepGoing: Bool
    /// `--sources real|scenario`; nil keeps the warehouse's remembered mode.
    public var sources: String?
    /// `run --report FILE`: render the run's transcript there when it ends.
    public var reportPath: String?

    public init(mode: Mode, warehouse: String, format: OutputFormat, color: Bool, keepGoing: Bool, sources: String? = nil,
                reportPath: String? = nil) {
        self.sources = sources
        self.reportPath = reportPath
        self.mode = mode
        self.warehouse = warehouse
        self.format = format
        self.color = color
        self.keepGoing = keepGoing
    }

    /// `--warehouse`, else `$NBAOPS_WAREHOUSE`, else `./warehouse`.
    public static func defaultWarehouse(_ flag: String?) -> String {
        flag ?? ProcessInfo.processInfo.environment["NBAOPS_WAREHOUSE"] ?? "warehouse"
    }
}

/// Opens the warehouse, picks the line source, runs the input loop and returns the exit code.
public enum ShellLauncher {
    public static func run(_ options: LaunchOptions) -> Int32 {
        let output = StandardOutput()
        let terminal = isatty(STDOUT_FILENO) == 1
        let environment = ProcessInfo.processInfo.environment
        let color = options.color && terminal && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
        let style = OutputStyle(format: options.format, color: color, terminal: terminal)

        // One command table serves dispatch and the line editor's completion.
        let table = CommandTable()
        let reader: LineSource
        var scriptName: String?
        var modeName: String
        switch options.mode {
        case .commands(let text):
            reader = TextLineSource(text: text, name: "-c")
            modeName = "command"
        case .script(let path):
            do {
                reader = try TextLineSource(file: path)
            } catch {
                output.writeError(ErrorRenderer(style: style).render(
                    .bad("cannot read the script \(path): no such file or not readable",
                         suggestion: "give the path of a .ops file, e.g. sessions/jan21-evening-validation.ops"), in: nil))
                return 2
            }
            scriptName = path
            modeName = "script"
        case .shell:
            if isatty(STDIN_FILENO) == 1 {
                let historyPath = environment["NBAOPS_HISTORY"]
                    ?? environment["HOME"].map { $0 + "/.nbaops_history" }
                reader = EditLineSource(program: "nbaops", historyPath: historyPath, completer: Completer(table: table))
                modeName = "interactive"
            } else {
                reader = StandardInputLineSource()
                modeName = "piped"
            }
        }

        let session: ShellSession
        do {
            let warehouse = try Warehouse(directory: options.warehouse)
            session = try ShellSession(warehouse: warehouse, style: style, output: output, wallClock: WallClock(), table: table)
            session.sourcesOverride = options.sources
        } catch {
            output.writeError(ErrorRenderer(style: style).render(.bad("\(error)"), in: nil))
            return 2
        }
        if let editor = reader as? EditLineSource {
            session.previousHistory = editor.entries
            output.write("nbaops shell on \(session.warehouse.directory) — help lists the commands, Ctrl-D leaves\n")
        }
        if !reader.isInteractive { Interrupts.install() }
        session.startTranscript(mode: modeName, script: scriptName)
        let interactive = reader.isInteractive
        let loop = InputLoop(session: session, stopOnFailure: !interactive && !options.keepGoing)
        let outcome = loop.run(reader)
        // An interactive session reports failures as it goes; leaving it is not a failure.
        let exitCode = interactive ? 0 : outcome.exitCode
        session.transcript?.finish(exitCode: exitCode, wallTime: session.wallClock.now)
        (reader as? EditLineSource)?.saveHistory()
        if let reportPath = options.reportPath,
           let failed = ReportService.afterRun(transcriptPath: session.transcript?.path, output: reportPath, sink: output, style: style) {
            return exitCode == 0 ? failed : exitCode
        }
        return exitCode
    }
}
