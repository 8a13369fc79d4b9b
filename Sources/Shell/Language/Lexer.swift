/// Splits one command statement into tokens. Quoted strings take `\` escapes and doubled quotes; `#` at the start
/// of a token starts a comment; anything shaped like a date is checked as one, wherever it appears.
struct Lexer {
    let source: SourceText

    func tokens(in range: Range<Int>) throws(ShellError) -> [Token] {
        var tokens: [Token] = []
        var position = range.lowerBound
        while let (token, next) = try nextToken(from: position, end: range.upperBound) {
            tokens.append(token)
            position = next
        }
        return tokens
    }

    /// The first token at or after `start`, and where the one after it may begin; nil at the end or a comment.
    func nextToken(from start: Int, end limit: Int) throws(ShellError) -> (Token, Int)? {
        let s = source.scalars
        var i = start
        let end = min(limit, s.count)
        while i < end, isSpace(s[i]) { i += 1 }
        guard i < end else { return nil }
        let c = s[i]
        if c == "#" { return nil }
        if c == "'" || c == "\"" {
            let (value, next) = try readString(from: i, end: end)
            return (Token(kind: .string, text: value, range: i..<next), next)
        }
        if c == "\0" { throw ShellError.bad("a NUL byte is not allowed in a command", at: i..<i + 1) }
        let start = i
        if c == "-", i + 1 < end, s[i + 1] == "-" {
            // --name or --name=value (the value may be quoted)
            var j = i + 2
            while j < end, isOptionNameScalar(s[j]) { j += 1 }
            let name = source.slice(i + 2..<j)
            guard !name.isEmpty else {
                throw ShellError.bad("'--' must be followed by an option name", at: i..<max(j, i + 2))
            }
            if j < end, s[j] == "=" {
                let valueStart = j + 1
                if valueStart < end, s[valueStart] == "'" || s[valueStart] == "\"" {
                    let (value, next) = try readString(from: valueStart, end: end)
                    return (Token(kind: .option(value: value, valueRange: valueStart..<next), text: name, range: start..<next), next)
                }
                var k = valueStart
                while k < end, !isSpace(s[k]) { k += 1 }
                return (Token(kind: .option(value: source.slice(valueStart..<k), valueRange: valueStart..<k),
                              text: name, range: start..<k), k)
            }
            if j < end, !isSpace(s[j]) {
                var k = j
                while k < end, !isSpace(s[k]) { k += 1 }
                throw ShellError.bad("'\(source.slice(start..<k))' is not a valid option; option names use letters, digits and '-'",
                                     at: start..<k)
            }
            return (Token(kind: .option(value: nil, valueRange: nil), text: name, range: start..<j), j)
        }
        while i < end, !isSpace(s[i]) { i += 1 }
        let text = source.slice(start..<i)
        if text.hasPrefix("-"), text.count > 1, let second = text.unicodeScalars.dropFirst().first,
            second.properties.isAlphabetic
        {
            return (Token(kind: .shortFlags, text: String(text.dropFirst()), range: start..<i), i)
        }
        if DateLiteral.looksLikeDate(text) {
            if case .failure(let error) = DateLiteral.parseRange(text) {
                throw ShellError.bad(error.message, at: start..<i)
            }
            return (Token(kind: .date, text: text, range: start..<i), i)
        }
        return (Token(kind: .word, text: text, range: start..<i), i)
    }

    private func isSpace(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\t" || c == "\r" || c == "\n" }

    private func isOptionNameScalar(_ c: Unicode.Scalar) -> Bool {
        c.isASCII && (c.properties.isAlphabetic || c.properties.numericType != nil || c == "-" || c == "_")
    }

    private func readString(from start: Int, end: Int) throws(ShellError) -> (String, Int) {
        let s = source.scalars
        let quote = s[start]
        var value = String.UnicodeScalarView()
        var i = start + 1
        while i < end {
            let c = s[i]
            if c == "\\", i + 1 < end {
                let next = s[i + 1]
                switch next {
                case "n": value.append("\n")
                case "t": value.append("\t")
                default: value.append(next)
                }
                i += 2
                continue
            }
            if c == quote {
                if i + 1 < end, s[i + 1] == quote {
                    value.append(quote)
                    i += 2
                    continue
                }
                return (String(value), i + 1)
            }
            if c == "\0" { throw ShellError.bad("a NUL byte is not allowed in a string", at: i..<i + 1) }
            value.append(c)
            i += 1
        }
        throw ShellError.bad("unterminated string: add the closing \(quote)", at: start..<end)
    }
}
