/// The one table of commands: dispatch, `help`, usage lines and completion all read it.
struct CommandTable {
    let specs: [CommandSpec]
    private let handlers: [String: CommandHandler]
    private let aliases: [String: String] = ["exit": "quit", "?": "help"]

    init() {
        var specs: [CommandSpec] = []
        var handlers: [String: CommandHandler] = [:]
        for group in [SQLCommands.entries, SessionCommands.entries, ExpectCommand.entries, ClockCommand.entries,
                      PipelineCommands.entries, ReportCommand.entries, ScrapeCommands.entries, RuntimeCommands.entries, RuntimeQueries.entries, InvestigationCommands.entries] {
            for entry in group {
                specs.append(entry.spec)
                for (path, handler) in entry.handlers { handlers[path] = handler }
            }
        }
        self.specs = specs.sorted { $0.name < $1.name }
        self.handlers = handlers
    }

    var names: [String] { specs.map(\.name) }

    func spec(named name: String) -> CommandSpec? {
        let lower = name.lowercased()
        let resolved = aliases[lower] ?? lower
        return specs.first { $0.name == resolved }
    }

    func handler(for path: [String]) -> CommandHandler? { handlers[path.joined(separator: " ")] }
}

/// A command's spec together with its handlers, keyed by "command" or "command subcommand".
struct CommandEntry {
    let spec: CommandSpec
    let handlers: [String: CommandHandler]

    init(_ spec: CommandSpec, _ handler: @escaping CommandHandler) {
        self.spec = spec
        self.handlers = [spec.name: handler]
    }

    init(_ spec: CommandSpec, subcommands: [String: CommandHandler]) {
        self.spec = spec
        var handlers: [String: CommandHandler] = [:]
        for (name, handler) in subcommands { handlers[spec.name + " " + name] = handler }
        self.handlers = handlers
    }
}
