import ArgumentParser
import Foundation
import Shell

/// Process flags shared by every invocation.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "Warehouse directory (default $NBAOPS_WAREHOUSE, else ./warehouse).")
    var warehouse: String?

    @Option(name: .long, help: "Output format: table, csv, json or markdown.")
    var format: String = "table"

    @Flag(name: .long, help: "Never colour the output.")
    var noColor = false

    @Option(name: .long, help: "Where scrapers go: real (the APIs, keys from the environment) or scenario (the feed).")
    var sources: String?

    func launch(_ mode: LaunchOptions.Mode, keepGoing: Bool = false, report: String? = nil) throws -> Int32 {
        guard let chosen = OutputFormat(rawValue: format.lowercased()) else {
            throw ValidationError("'\(format)' is not an output format; use table, csv, json or markdown")
        }
        if let sources, !["real", "scenario"].contains(sources) {
            throw ValidationError("'\(sources)' is not a source mode; use real or scenario")
        }
        return ShellLauncher.run(LaunchOptions(mode: mode, warehouse: LaunchOptions.defaultWarehouse(warehouse),
                                               format: chosen, color: !noColor, keepGoing: keepGoing, sources: sources,
                                               reportPath: report))
    }
}

struct Nbaops: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nbaops",
        abstract: "The ops shell and local runtime of an NBA player-points-props pipeline.",
        subcommands: [Interactive.self, RunScript.self, Demo.self, Report.self, Feed.self,
                      Daemon.self],
        defaultSubcommand: Interactive.self)
}

struct Interactive: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shell", abstract: "Open the shell (the default), or run -c commands.")

    @OptionGroup var global: GlobalOptions

    @Option(name: .customShort("c"), help: "Run these commands (';'-separated), print the results and exit.")
    var commands: String?

    @Flag(name: .long, help: "With -c: go on after a failing command.")
    var keepGoing = false

    func run() throws {
        let code = try global.launch(commands.map { .commands($0) } ?? .shell, keepGoing: keepGoing)
        throw ExitCode(code)
    }
}

struct RunScript: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Run a saved session script (.ops).")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The script to run.")
    var file: String

    @Flag(name: .long, help: "Go on after a failing command or expectation.")
    var keepGoing = false

    @Option(name: .long, help: "Write a validation report of the run to FILE (.md or .html).")
    var report: String?

    func run() throws {
        if let report {
            // A report path that cannot be written is refused before the script runs, not after.
            do { _ = try ReportService.checkOutput(report) } catch { throw ValidationError(error.message) }
        }
        throw ExitCode(try global.launch(.script(file), keepGoing: keepGoing, report: report))
    }
}

struct Feed: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feed", abstract: "Serve the scenario's data-source APIs over HTTP on 127.0.0.1, or export a scenario season.",
        subcommands: [Serve.self, Season.self])

    struct Season: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "season", abstract: "Write a scenario season as an NBA stats player game log CSV (for load nba-stats-csv).")
        @Option(help: "Scenario seed.") var seed: UInt64 = 2026
        @Option(help: "Move the season this many seasons into the past (0 = 2025-26).") var yearsBack: Int = 0
        @Option(name: .shortAndLong, help: "Write to FILE instead of standard output.") var output: String?

        func validate() throws {
            guard (0...20).contains(yearsBack) else { throw ValidationError("--years-back must be 0…20") }
        }

        func run() throws { throw ExitCode(FeedService.exportSeason(seed: seed, yearsBack: yearsBack, output: output)) }
    }

    struct Serve: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "serve", abstract: "Serve until Ctrl-C.")
        @Option(help: "Port on 127.0.0.1 (0 picks a free one).") var port: Int = 8089
        @Option(help: "Named fault set: clean, incident or faulty-night.") var scenario: String = "clean"
        @Option(help: "A file of fault rules, one per line.") var faults: String?
        @Option(help: "Scenario seed (default: config/pipeline.yaml's).") var seed: UInt64?

        func validate() throws {
            guard (0...65535).contains(port) else { throw ValidationError("--port must be 0…65535") }
        }

        func run() throws {
            throw ExitCode(FeedService.serve(.init(port: UInt16(port), scenario: scenario, faultsFile: faults, seed: seed)))
        }
    }
}

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", abstract: "Build the January 2026 demo warehouse (if missing) and open the shell on it.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Scenario seed (default 2026).") var seed: UInt64 = 2026
    @Option(help: "Start the history here instead of opening night (quicker; YYYY-MM-DD, up to 2026-01-11).") var from: String?
    @Option(name: .customShort("c"), help: "Run these commands on the demo warehouse instead of opening the shell.") var commands: String?

    func run() throws {
        let warehouse = global.warehouse ?? ProcessInfo.processInfo.environment["NBAOPS_WAREHOUSE"] ?? "demo-warehouse"
        guard let format = OutputFormat(rawValue: global.format.lowercased()) else {
            throw ValidationError("'\(global.format)' is not an output format; use table, csv, json or markdown")
        }
        throw ExitCode(DemoService.run(LaunchOptions(mode: commands.map { .commands($0) } ?? .shell, warehouse: warehouse,
                                                     format: format, color: !global.noColor, keepGoing: false),
                                         seed: seed, historyStart: from))
    }
}

struct Daemon: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "daemon", abstract: "Run the scheduler and bus in wall-clock time against the configured sources.")
    @OptionGroup var global: GlobalOptions

    func run() throws {
        throw ExitCode(DaemonService.run(warehouse: LaunchOptions.defaultWarehouse(global.warehouse), sources: global.sources))
    }
}

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Render a recorded transcript (a warehouse's transcripts/*.jsonl) as a validation report.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The transcript to render.") var transcript: String
    @Option(name: .shortAndLong, help: "Write to FILE.md or FILE.html (default: Markdown on standard output).") var output: String?
    @Option(help: "The report's title (default: the script's first comment line).") var title: String?

    func run() throws {
        guard let format = OutputFormat(rawValue: global.format.lowercased()) else {
            throw ValidationError("'\(global.format)' is not an output format; use table, csv, json or markdown")
        }
        let terminal = isatty(STDERR_FILENO) == 1
        let style = OutputStyle(format: format, color: !global.noColor && terminal, terminal: terminal)
        throw ExitCode(ReportService.render(transcript: transcript, output: output, title: title, style: style))
    }
}

/// Global options may come before the mode (`nbaops --warehouse W run x.ops`): move them after it, where the
/// mode's own parser reads them.
func reorderGlobalOptions(_ arguments: [String]) -> [String] {
    let modes: Set<String> = ["shell", "run", "demo", "report", "feed", "daemon"]
    let valued: Set<String> = ["--warehouse", "--format", "--sources"]
    var leading: [String] = []
    var index = 0
    while index < arguments.count {
        let argument = arguments[index]
        if valued.contains(argument), index + 1 < arguments.count {
            leading += [argument, arguments[index + 1]]
            index += 2
        } else if argument == "--no-color" || valued.contains(where: { argument.hasPrefix($0 + "=") }) {
            leading.append(argument)
            index += 1
        } else {
            break
        }
    }
    guard index < arguments.count, modes.contains(arguments[index]), !leading.isEmpty else { return arguments }
    return [arguments[index]] + leading + arguments[(index + 1)...]
}

// Bad process flags exit 2 (bad input), as the shell's own parse errors do.
do {
    var command = try Nbaops.parseAsRoot(reorderGlobalOptions(Array(CommandLine.arguments.dropFirst())))
    try command.run()
} catch let exit as ExitCode {
    Foundation.exit(exit.rawValue)
} catch {
    let code = Nbaops.exitCode(for: error)
    if code == .success {
        print(Nbaops.fullMessage(for: error))
        Foundation.exit(0)
    }
    FileHandle.standardError.write(Data((Nbaops.fullMessage(for: error) + "\n").utf8))
    Foundation.exit(2)
}
