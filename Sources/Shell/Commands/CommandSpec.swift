import Warehouse

/// What a parameter or option value must be; drives conversion, error messages and tab completion.
public enum ValueKind: Sendable, Equatable {
    case date
    /// A range or a single date.
    case range
    case number
    case choice([String])
    case table
    case file
    case text
}

public struct ParameterSpec: Sendable {
    public let name: String
    public let kind: ValueKind
    public let optional: Bool
    public let variadic: Bool

    public init(_ name: String, _ kind: ValueKind, optional: Bool = false, variadic: Bool = false) {
        self.name = name
        self.kind = kind
        self.optional = optional
        self.variadic = variadic
    }
}

public struct OptionSpec: Sendable {
    public let name: String
    public let short: Character?
    /// nil for a flag.
    public let value: ValueKind?
    public let valueName: String
    public let summary: String

    public init(_ name: String, short: Character? = nil, value: ValueKind? = nil, valueName: String = "VALUE",
                _ summary: String) {
        self.name = name
        self.short = short
        self.value = value
        self.valueName = valueName
        self.summary = summary
    }
}

/// One command of the shell. The same value drives dispatch, `help`, usage lines and completion.
public struct CommandSpec: Sendable {
    public enum Availability: Sendable {
        case available
        /// Listed so that help, completion and errors know it; it arrives with the named piece of work.
        case planned(String)
    }

    public let name: String
    public let summary: String
    public let parameters: [ParameterSpec]
    public let options: [OptionSpec]
    public let subcommands: [CommandSpec]
    /// The subcommand used when none is given; nil means one is required.
    public let defaultSubcommand: String?
    /// The rest of the statement after the options is taken as raw text (`sql`, `note`, `expect`).
    public let rawTail: String?
    public let availability: Availability
    public let details: String?

    public init(_ name: String, _ summary: String, parameters: [ParameterSpec] = [], options: [OptionSpec] = [],
                subcommands: [CommandSpec] = [], defaultSubcommand: String? = nil, rawTail: String? = nil,
                availability: Availability = .available, details: String? = nil) {
        self.name = name
        self.summary = summary
        self.parameters = parameters
        self.options = options
        self.subcommands = subcommands
        self.defaultSubcommand = defaultSubcommand
        self.rawTail = rawTail
        self.availability = availability
        self.details = details
    }

    public var isAvailable: Bool { if case .available = availability { return true } else { return false } }

    /// Options every command accepts.
    public static let commonOptions = [
        OptionSpec("format", value: .choice(OutputFormat.allCases.map(\.rawValue)), valueName: "FORMAT",
                   "output as table, csv, json or markdown")
    ]

    public var allOptions: [OptionSpec] { options + CommandSpec.commonOptions }

    public func usage(prefix: String = "") -> String {
        let path = prefix.isEmpty ? name : prefix + " " + name
        if !subcommands.isEmpty {
            let names = subcommands.map(\.name).joined(separator: "|")
            return defaultSubcommand == nil ? "\(path) \(names) …" : "\(path) [\(names)] …"
        }
        var parts = [path]
        for parameter in parameters {
            let shown = parameter.variadic ? parameter.name + "…" : parameter.name
            parts.append(parameter.optional ? "[\(shown)]" : shown)
        }
        for option in options {
            let spelled = "--" + option.name + (option.value == nil ? "" : " " + option.valueName)
            parts.append("[" + spelled + "]")
        }
        if let tail = rawTail { parts.append(tail) }
        return parts.joined(separator: " ")
    }
}

/// A parsed argument value.
public enum ArgumentValue: Sendable, Equatable {
    case day(DayExpression)
    case range(RangeExpression)
    case number(Double)
    case text(String)

    public var text: String? { if case .text(let t) = self { return t } else { return nil } }
}

/// A statement bound to its command: what the interpreter runs.
public struct Invocation: Sendable {
    public let spec: CommandSpec
    /// Command and subcommand names, e.g. ["explain", "gap"].
    public let path: [String]
    public var positionals: [(name: String, value: ArgumentValue, range: Range<Int>)] = []
    public var options: [String: ArgumentValue] = [:]
    public var flags: Set<String> = []
    /// Raw text after the options, for raw-tail commands; with its offset.
    public var tail: String = ""
    public var tailRange: Range<Int> = 0..<0
    public let range: Range<Int>
    public let source: SourceText

    public var text: String { source.slice(range) }

    public func positional(_ name: String) -> ArgumentValue? { positionals.first { $0.name == name }?.value }
    public func positionals(named name: String) -> [ArgumentValue] { positionals.filter { $0.name == name }.map(\.value) }
    public func option(_ name: String) -> ArgumentValue? { options[name] }
    public func flag(_ name: String) -> Bool { flags.contains(name) }
}
