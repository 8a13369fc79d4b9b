import Foundation
import Warehouse

/// `help`, `set`, `history`, `note`, `source` and `quit`: the session itself.
enum SessionCommands {
    static var entries: [CommandEntry] { [
        CommandEntry(CommandSpec("help", "list the commands, or explain one", parameters: [.init("COMMAND", .text, optional: true, variadic: true)]),
                     help),
        CommandEntry(
            CommandSpec("set", "show or change session settings: format, color",
                        parameters: [.init("SETTING", .choice(["format", "color"]), optional: true),
                                     .init("VALUE", .text, optional: true)]),
            set),
        CommandEntry(CommandSpec("history", "the commands entered, oldest first",
                                 options: [.init("limit", value: .number, valueName: "N", "only the last N")]),
                     history),
        CommandEntry(CommandSpec("note", "write a note into the transcript (and the report)", rawTail: "TEXT"), note),
        CommandEntry(CommandSpec("source", "run the commands of a script file here", parameters: [.init("FILE", .file)]),
                     source),
        CommandEntry(CommandSpec("quit", "leave the shell (Ctrl-D does too); history is saved"), quit),
    ] }

    static func help(_ invocation: Invocation, _ session: ShellSession) throws(ShellError) -> CommandResult {
        let table = session.table
        let words = invocation.positionals(named: "COMMAND").compactMap(\.text)
        guard !words.isEmpty else {
            let width = table.specs.map(\.name.count).max() ?? 8
            var lines = ["Commands (help COMMAND for its usage):", ""]
            for spec in table.specs {
                var line = "  " + spec.name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + spec.summary
                if case .planned = spec.availability { line += " [not yet available]" }
                lines.append(line)
            }
            lines += [
                "",
                "Arguments: dates 2026-01-16, today, yesterday, tomorrow; ranges 2026-01-16..21, 2026-01-30..02-02,",
                "2026-01-16..2026-02-03; numbers; words; 'quoted strings'; --option value, --option=value, -x.",
                "Separate commands with ';'. '#' starts a comment. A line starting with SELECT, WITH, PRAGMA, EXPLAIN",
                "or VALUES is read-only SQL and may span lines until ';'. Every command takes --format table|csv|json|markdown.",
            ]
            return .text(lines.joined(separator: "\n"))
        }
        guard var spec = table.spec(named: words[0]) else {
            let range = invocation.positionals.first?.range
            throw ShellError.bad("no command named '\(words[0])'", at: range,
                                 suggestion: Suggestion.nearest(to: words[0], in: table.names).map { "did you mean '\($0)'?" })
        }
        var prefix = ""
        if words.count > 1, let sub = spec.subcommands.first(where: { $0.name == words[1] }) {
            prefix = spec.name
            spec = sub
        }
        return .text(describe(spec, prefix: prefix))
    }

    static func describe(_ spec: CommandSpec, prefix: String) -> String {
        let title = prefix.isEmpty ? spec.name : prefix + " " + spec.name
        var lines = ["\(title) — \(spec.summary)", "", "usage: " + spec.usage(prefix: prefix)]
        if !spec.subcommands.isEmpty {
            lines += ["", "subcommands:"]
            let width = spec.subcommands.map(\.name.count).max() ?? 4
            for sub in spec.subcommands {
                lines.append("  " + sub.usage(prefix: spec.name).padding(toLength: max(width, 28) + 8, withPad: " ", startingAt: 0)
                    + sub.summary)
            }
            if let fallback = spec.defaultSubcommand { lines.append("  (\(spec.name) alone means \(spec.name) \(fallback))") }
        }
        let options = spec.allOptions
        if !options.isEmpty {
            lines += ["", "options:"]
            let spelled = options.map { option in
                (option.short.map { "-\($0), " } ?? "") + "--" + option.name + (option.value == nil ? "" : " " + option.valueName)
            }
            let width = spelled.map(\.count).max() ?? 10
            for (text, option) in zip(spelled, options) {
                lines.append("  " + text.padding(toLength: width + 2, withPad: " ", startingAt: 0) + option.summary)
            }
        }
        if let details = spec.details { lines += ["", details] }
        if case .planned(let work) = spec.availability {
            lines += ["", "Not available in this build yet: it arrives with \(work)."]
        }
        return lines.joined(separator: "\n")
    }

    static func set(_ invocation: Invocation, _ session: ShellSession) throws(ShellError) -> CommandResult {
        guard let setting = invocation.positional("SETTING")?.text else {
            return .table(ResultTable(columns: ["setting", "value"], rows: [
                ["format", .text(session.style.format.rawValue)],
                ["color", .text(session.style.color ? "on" : "off")],
                ["warehouse", .text(session.warehouse.directory)],
                ["clock", .text(session.clock.isSimulated ? "simulated" : "wall")],
            ]))
        }
        guard let entry = invocation.positionals.first(where: { $0.name == "VALUE" }), let value = entry.value.text else {
            throw ShellError.bad("set \(setting) needs a value", at: invocation.range.upperBound..<invocation.range.upperBound,
                                 suggestion: setting == "format" ? "set format table|csv|json|markdown" : "set color on|off")
        }
        switch setting {
        case "format":
            guard let format = OutputFormat(rawValue: value.lowercased()) else {
                throw ShellError.bad("'\(value)' is not an output format", at: entry.range,
                                     suggestion: "expected one of: table, csv, json, markdown")
            }
            session.style.format = format
        default:
            switch value.lowercased() {
            case "on", "true", "yes": session.style.color = true
            case "off", "false", "no": session.style.color = false
            default: throw ShellError.bad("'\(value)' is not on or off", at: entry.range, suggestion: "set color on|off")
            }
        }
        return CommandResult()
    }

    static func history(_ invocation: Invocation, _ session: ShellSession) throws(ShellError) -> CommandResult {
        var lines = session.previousHistory + session.enteredLines
        if case .number(let limit)? = invocation.option("limit") { lines = Array(lines.suffix(max(0, Int(limit)))) }
        let offset = session.previousHistory.count + session.enteredLines.count - lines.count
        return .table(ResultTable(columns: ["n", "command"],
                                  rows: lines.enumerated().map { [.integer(Int64(offset + $0 + 1)), .text($1)] }))
    }

    static func note(_ invocation: Invocation, _ session: ShellSession) throws(ShellError) -> CommandResult {
        var text = invocation.tail.trimmingCharacters(in: .whitespaces)
        // A note quoted to carry a ';' is recorded without its quotes.
        if text.count >= 2, let quote = text.first, quote == "'" || quote == "\"", text.last == quote {
            text = String(text.dropFirst().dropLast())
        }
        guard !text.isEmpty else {
            throw ShellError.bad("note needs some text", at: invocation.range.upperBound..<invocation.range.upperBound,
                                 suggestion: "usage: note TEXT")
        }
        return CommandResult(note: text)
    }

    static func source(_ invocation: Invocation, _ session: ShellSession) throws(ShellError) -> CommandResult {
        guard let entry = invocation.positionals.first, let path = entry.value.text else { throw ShellError.bad("source needs a file") }
        guard session.sourceDepth < 16 else {
            throw ShellError.failed("source is nested more than 16 deep; does a script source itself?")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw ShellError.bad("no such file: \(path)", at: entry.range, suggestion: "give the path of a .ops script")
        }
        let reader: TextLineSource
        do { reader = try TextLineSource(file: path) } catch {
            throw ShellError.bad("cannot read \(path): \(error.localizedDescription)", at: entry.range)
        }
        session.sourceDepth += 1
        defer { session.sourceDepth -= 1 }
        let outcome = InputLoop(session: session, stopOnFailure: true).run(reader)
        if outcome.exitCode != 0 {
            throw ShellError(outcome.exitCode == 2 ? .badInput : .failed, "\(path) stopped at \(outcome.failedAt ?? path)")
        }
        if outcome.quit { return CommandResult.quitting }
        return CommandResult()
    }

    static func quit(_ invocation: Invocation, _ session: ShellSession) throws(ShellError) -> CommandResult {
        CommandResult.quitting
    }
}

extension CommandResult {
    static var quitting: CommandResult {
        var result = CommandResult()
        result.quit = true
        return result
    }
}
