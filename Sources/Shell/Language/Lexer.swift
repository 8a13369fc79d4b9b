/// Splits one command statement into tokens. Quoted strings take `\` escapes and doubled quotes; `#` at the start
/// of a token starts a comment; anything shaped like a date is checked as one, wherever it appears.
struct Lexer {
    let source: SourceText

    func tokens(in range: Range<Int>) throws(ShellError) -> [Token] {
        let s = source.scalars
        var tokens: [Token] = []
        var i = range.lowerBound
        let end = min(range.upperBound, s.count)
        while i < end {
            let c = s[i]
            if c == " " || c == "\t" || c == "\r" || c == "\n" {
                i += 1
                continue
            }
            if c == "#" { break }
            if c == "'" || c == "\"" {
                let (value, next) = try readString(from: i, end: end)
                tokens.append(Token(kind: .string, text: value, range: i..<next))
                i = next
                continue
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
                        tokens.append(Token(kind: .option(value: value, valueRange: valueStart..<next), text: name, range: start..<next))
                        i = next
                    } else {
                        var k = valueStart
                        while k < end, !isSpace(s[k]) { k += 1 }
                        tokens.append(Token(kind: .option(value: source.slice(valueStart..<k), valueRange: valueStart..<k),
                                            text: name, range: start..<k))
                        i = k
                    }
                    continue
                }
                if j < end, !isSpace(s[j]) {
                    var k = j
                    while k < end, !isSpace(s[k]) { k += 1 }
                    throw ShellError.bad("'\(source.slice(start..<k))' is not a valid option; option names use letters, digits and '-'",
                                         at: start..<k)
                }
                tokens.append(Token(kind: .option(value: nil, valueRange: nil), text: name, range: start..<j))
                i = j
                continue
            }
            while i < end, !isSpace(s[i]) { i += 1 }
            let text = source.slice(start..<i)
            if text.hasPrefix("-"), text.count > 1, let second = text.unicodeScalars.dropFirst().first,
                second.properties.isAlphabetic
            {
                tokens.append(Token(kind: .shortFlags, text: String(text.dropFirst()), range: start..<i))
            } else if DateLiteral.looksLikeDate(text) {
                if case .failure(let error) = DateLiteral.parseRange(text) {
                    throw ShellError.bad(error.message, at: start..<i)
                }
                tokens.append(Token(kind: .date, text: text, range: start..<i))
            } else {
                tokens.append(Token(kind: .word, text: text, range: start..<i))
            }
        }
        return tokens
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
