/// Input text with a name ("<stdin>", "sessions/x.ops", "-c") and the offsets of its lines, so any position can be
/// shown as a line, a column and a caret.
public struct SourceText: Sendable {
    public let name: String
    public let text: String
    /// The text as unicode scalars: every position in the language is an index into this array.
    let scalars: [Unicode.Scalar]
    let lineStarts: [Int]
    /// Line number of the first line of `text` in its file (scripts are fed statement by statement).
    public let firstLine: Int

    public init(name: String, text: String, firstLine: Int = 1) {
        self.name = name
        self.text = text
        self.firstLine = firstLine
        scalars = Array(text.unicodeScalars)
        var starts = [0]
        for (index, scalar) in scalars.enumerated() where scalar == "\n" { starts.append(index + 1) }
        lineStarts = starts
    }

    public func slice(_ range: Range<Int>) -> String {
        var result = String.UnicodeScalarView()
        result.append(contentsOf: scalars[max(0, range.lowerBound)..<min(scalars.count, range.upperBound)])
        return String(result)
    }

    /// Zero-based line index and column of an offset.
    func location(of offset: Int) -> (line: Int, column: Int) {
        var line = 0
        while line + 1 < lineStarts.count && lineStarts[line + 1] <= offset { line += 1 }
        return (line, offset - lineStarts[line])
    }

    func lineText(_ line: Int) -> String {
        let start = lineStarts[line]
        var end = line + 1 < lineStarts.count ? lineStarts[line + 1] - 1 : scalars.count
        if end > start && scalars[end - 1] == "\r" { end -= 1 }
        return slice(start..<max(start, end))
    }
}

/// What went wrong with a line of input: bad input (exit 2) or a command that ran and failed (exit 1).
public struct ShellError: Error, Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case badInput
        case failed
    }

    public let kind: Kind
    public let message: String
    /// Where in `source` the bad part is; nil when the error is not about a piece of the input.
    public var range: Range<Int>?
    public var suggestion: String?

    public init(_ kind: Kind, _ message: String, at range: Range<Int>? = nil, suggestion: String? = nil) {
        self.kind = kind
        self.message = message
        self.range = range
        self.suggestion = suggestion
    }

    public static func bad(_ message: String, at range: Range<Int>? = nil, suggestion: String? = nil) -> ShellError {
        ShellError(.badInput, message, at: range, suggestion: suggestion)
    }

    public static func failed(_ message: String, suggestion: String? = nil) -> ShellError {
        ShellError(.failed, message, suggestion: suggestion)
    }

    public var exitCode: Int32 { kind == .badInput ? 2 : 1 }
}
