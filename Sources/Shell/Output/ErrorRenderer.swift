/// Renders an error in one place: a headline with the position, the offending line, a caret under the bad part,
/// and the suggestion.
struct ErrorRenderer {
    let style: OutputStyle

    func render(_ error: ShellError, in source: SourceText?) -> String {
        let label = error.kind == .badInput ? "error" : "failed"
        guard let source, let range = error.range else {
            var text = style.red(label + ":") + " " + error.message + "\n"
            if let suggestion = error.suggestion { text += "  " + suggestion + "\n" }
            return text
        }
        let (line, column) = source.location(of: min(range.lowerBound, source.scalars.count))
        let lineNumber = source.firstLine + line
        let position = source.name.hasPrefix("<") || source.name == "-c"
            ? "line \(lineNumber), column \(column + 1)" : "\(source.name):\(lineNumber):\(column + 1)"
        var text = style.red(label + ":") + " " + position + ": " + error.message + "\n"
        let lineText = source.lineText(line)
        let shown = String(lineText.unicodeScalars.map { $0.value < 0x20 && $0 != "\t" ? Character("?") : Character($0) })
        text += "  " + shown + "\n"
        let lineLength = lineText.unicodeScalars.count
        let caretStart = min(column, lineLength)
        let caretLength = max(1, min(range.count, max(1, lineLength - caretStart)))
        let prefix = String(lineText.unicodeScalars.prefix(caretStart).map { $0 == "\t" ? Character("\t") : Character(" ") })
        text += "  " + prefix + style.red(String(repeating: "^", count: caretLength)) + "\n"
        if let suggestion = error.suggestion { text += "  " + suggestion + "\n" }
        return text
    }
}
