import Foundation

/// One line of input, or why there is none.
public enum LineInput: Equatable {
    case line(String)
    case endOfInput
    /// Ctrl-C at the prompt: drop what was typed and ask again.
    case interrupted
}

/// Where the input loop gets lines: the line editor, piped stdin, a script file or a `-c` string.
public protocol LineSource: AnyObject {
    /// `prompt` is nil for sources that show none.
    func nextLine(prompt: String, continuation: Bool) -> LineInput
    /// Name used in error positions: a file path, `-c` or `<stdin>`.
    var name: String { get }
    var isInteractive: Bool { get }
}

/// Lines of a string: `-c` commands and script files.
public final class TextLineSource: LineSource {
    private var lines: [String]
    private var index = 0
    public let name: String
    public var isInteractive: Bool { false }

    public init(text: String, name: String) {
        var split = text.components(separatedBy: "\n")
        if split.last == "" { split.removeLast() }
        lines = split
        self.name = name
    }

    public convenience init(file path: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        self.init(text: String(decoding: data, as: UTF8.self), name: path)
    }

    public func nextLine(prompt: String, continuation: Bool) -> LineInput {
        guard index < lines.count else { return .endOfInput }
        defer { index += 1 }
        return .line(lines[index])
    }
}

/// Piped standard input: plain lines, no prompt, no history.
public final class StandardInputLineSource: LineSource {
    public let name = "<stdin>"
    public var isInteractive: Bool { false }
    public init() {}

    public func nextLine(prompt: String, continuation: Bool) -> LineInput {
        guard let line = readLine(strippingNewline: true) else { return .endOfInput }
        return .line(line)
    }
}
