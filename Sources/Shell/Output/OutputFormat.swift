public enum OutputFormat: String, CaseIterable, Sendable {
    /// Box tables on a terminal, plain aligned columns when piped.
    case table
    case csv
    case json
    case markdown
}

/// How output should look where it is going.
public struct OutputStyle: Sendable {
    public var format: OutputFormat
    public var color: Bool
    /// stdout is a terminal: box drawing and progress bars; otherwise plain text.
    public var terminal: Bool

    public init(format: OutputFormat = .table, color: Bool = false, terminal: Bool = false) {
        self.format = format
        self.color = color
        self.terminal = terminal
    }

    func paint(_ text: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
    func bold(_ text: String) -> String { paint(text, "1") }
    func dim(_ text: String) -> String { paint(text, "2") }
    func red(_ text: String) -> String { paint(text, "31") }
    func green(_ text: String) -> String { paint(text, "32") }
    func yellow(_ text: String) -> String { paint(text, "33") }
}
