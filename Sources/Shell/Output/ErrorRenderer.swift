/// Renders an error in one place: a headline with the position, the offending line, a caret under the bad part,
/// and the suggestion. Hostile input stays readable: control characters show as `?`, and a line or message longer
/// than a screen is cut to a window around the bad part.
struct ErrorRenderer {
    let style: OutputStyle
    /// Characters of the offending line shown on each side of the bad part when the line is long.
    static let window = 60
    static let maxMessage = 300

    func render(_ error: ShellError, in source: SourceText?) -> String {
        let label = error.kind == .badInput ? "error" : "failed"
        let message = Self.clip(error.message)
        guard let source, let range = error.range else {
            var text = style.red(label + ":") + " " + message + "\n"
            if let suggestion = error.suggestion { text += "  " + Self.clip(suggestion) + "\n" }
            return text
        }
        let (line, column) = source.location(of: min(range.lowerBound, source.scalars.count))
        let lineNumber = source.firstLine + line
        let position = source.name.hasPrefix("<") || source.name == "-c"
            ? "line \(lineNumber), column \(column + 1)" : "\(source.name):\(lineNumber):\(column + 1)"
        var text = style.red(label + ":") + " " + position + ": " + message + "\n"
        let scalars = Array(source.lineText(line).unicodeScalars)
        let caretStart = min(column, scalars.count)
        let caretLength = max(1, min(range.count, max(1, scalars.count - caretStart)))
        // A window around the caret: the start of the line up to it (or `…` and the last few characters before it),
        // the bad part (at most a window's worth), and a little after.
        let from = caretStart > Self.window * 2 ? caretStart - Self.window : 0
        let shownCaret = min(caretLength, Self.window)
        let to = min(scalars.count, caretStart + shownCaret + Self.window)
        let lead = from > 0 ? "…" : ""
        let visible = scalars[from..<to].map { $0.value < 0x20 && $0 != "\t" || $0.value == 0x7F ? Character("?") : Character($0) }
        text += "  " + lead + String(visible) + (to < scalars.count ? "…" : "") + "\n"
        let prefix = String(scalars[from..<caretStart].map { $0 == "\t" ? Character("\t") : Character(" ") })
        text += "  " + (lead.isEmpty ? "" : " ") + prefix + style.red(String(repeating: "^", count: shownCaret)) + "\n"
        if let suggestion = error.suggestion { text += "  " + Self.clip(suggestion) + "\n" }
        return text
    }

    /// A message quoting a huge or binary input is cut in the middle and its control characters made visible.
    static func clip(_ message: String) -> String {
        let cleaned = String(message.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? Character("?") : Character($0) })
        guard cleaned.count > maxMessage else { return cleaned }
        return String(cleaned.prefix(maxMessage - 40)) + "…" + String(cleaned.suffix(39))
    }
}
