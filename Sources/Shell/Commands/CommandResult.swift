import Warehouse

/// What a command returns: its output to render, and the structured parts the transcript and `expect` use.
public struct CommandResult: Sendable {
    public enum Output: Sendable {
        case none
        case table(ResultTable)
        case text(String)
    }

    public var output: Output
    public var expectation: ExpectationVerdict?
    public var note: String?
    /// Lines shown after a table (a repair hint); left out of csv, json and markdown output.
    public var footer: String?
    public var quit: Bool = false

    public init(_ output: Output = .none, expectation: ExpectationVerdict? = nil, note: String? = nil) {
        self.output = output
        self.expectation = expectation
        self.note = note
    }

    public static func table(_ table: ResultTable) -> CommandResult { CommandResult(.table(table)) }
    public static func text(_ text: String) -> CommandResult { CommandResult(.text(text)) }

    /// The table a later `expect` tests, if this command produced one.
    var resultTable: ResultTable? { if case .table(let t) = output { return t } else { return nil } }
}

/// The verdict of one `expect`.
public struct ExpectationVerdict: Sendable, Equatable {
    public let text: String
    public let passed: Bool
    public let expected: String
    public let found: String
}

/// A command's implementation: parsed invocation in, result or error out. Only the shell renders.
typealias CommandHandler = (Invocation, ShellSession) throws(ShellError) -> CommandResult
