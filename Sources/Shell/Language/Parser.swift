import Warehouse

/// Binds a command statement's tokens to its command spec: the command (with a "did you mean"), the subcommand,
/// options, flags and typed positionals. Every error points at the token that caused it.
struct Parser {
    let table: CommandTable
    let source: SourceText

    func parse(_ statement: StatementSplitter.Statement) throws(ShellError) -> Invocation {
        switch statement.kind {
        case .sql:
            let spec = table.spec(named: "sql")!
            var invocation = Invocation(spec: spec, path: ["sql"], range: statement.range, source: source)
            invocation.tail = source.slice(statement.range)
            invocation.tailRange = statement.range
            return invocation
        case .command:
            return try parseCommand(statement.range)
        }
    }

    private func parseCommand(_ range: Range<Int>) throws(ShellError) -> Invocation {
        let lexer = Lexer(source: source)
        guard let (first, afterName) = try lexer.nextToken(from: range.lowerBound, end: range.upperBound) else {
            throw ShellError.bad("empty command", at: range)
        }
        guard first.kind == .word else {
            throw ShellError.bad("expected a command name, found '\(source.slice(first.range))'", at: first.range,
                                 suggestion: "type help to list the commands")
        }
        guard var spec = table.spec(named: first.text) else {
            throw ShellError.bad("unknown command '\(first.text)'", at: first.range,
                                 suggestion: Suggestion.nearest(to: first.text, in: table.names).map { "did you mean '\($0)'?" }
                                    ?? "type help to list the commands")
        }
        var path = [spec.name]
        var rest = try tokens(after: afterName, in: range, rawTail: spec.rawTail != nil, leadingWords: spec.parameters.count)
        if !spec.subcommands.isEmpty {
            let names = spec.subcommands.map(\.name)
            if let next = rest.first, next.kind == .word, let sub = spec.subcommands.first(where: { $0.name == next.text.lowercased() }) {
                spec = sub
                rest.removeFirst()
            } else if let fallback = spec.defaultSubcommand, let sub = spec.subcommands.first(where: { $0.name == fallback }),
                rest.first.map({ $0.kind != .word || !sub.parameters.isEmpty && !looksLikeSubcommand($0.text, names) }) ?? true
            {
                spec = sub
            } else if let next = rest.first {
                throw ShellError.bad("'\(path[0])' has no subcommand '\(source.slice(next.range))'", at: next.range,
                                     suggestion: (Suggestion.nearest(to: next.text, in: names).map { "did you mean '\($0)'? " } ?? "")
                                        + "expected one of: \(names.joined(separator: ", "))")
            } else {
                throw ShellError.bad("'\(path[0])' needs a subcommand: \(names.joined(separator: ", "))",
                                     at: range.upperBound..<range.upperBound, suggestion: "try help \(path[0])")
            }
            path.append(spec.name)
        }
        var invocation = Invocation(spec: spec, path: path, range: range, source: source)
        try bindArguments(rest, into: &invocation, statementEnd: range.upperBound)
        return invocation
    }

    /// The tokens after the command name. For raw-tail commands (`sql`, `note`, `expect`, `publish TOPIC JSON`) only
    /// the leading options and the command's positional parameters are lexed: the rest is text whose quotes and
    /// symbols belong to it (`note it's fine`, SQL strings, a JSON message).
    private func tokens(after start: Int, in range: Range<Int>, rawTail: Bool, leadingWords: Int) throws(ShellError) -> [Token] {
        let lexer = Lexer(source: source)
        guard rawTail else { return try lexer.tokens(in: start..<range.upperBound) }
        var tokens: [Token] = []
        var position = start
        var words = 0
        while position < range.upperBound {
            var next = position
            while next < range.upperBound, source.scalars[next].properties.isWhitespace { next += 1 }
            guard next < range.upperBound else { break }
            let isOption = source.scalars[next] == "-"
            guard isOption || words < leadingWords else { break }
            guard let (token, after) = try lexer.nextToken(from: next, end: range.upperBound) else { break }
            if !isOption { words += 1 }
            tokens.append(token)
            position = after
        }
        var tailStart = position
        while tailStart < range.upperBound, source.scalars[tailStart].properties.isWhitespace { tailStart += 1 }
        if tailStart < range.upperBound {
            tokens.append(Token(kind: .word, text: source.slice(tailStart..<range.upperBound), range: tailStart..<range.upperBound))
        }
        return tokens
    }

    private func looksLikeSubcommand(_ word: String, _ names: [String]) -> Bool {
        Suggestion.nearest(to: word, in: names) != nil && !DateLiteral.looksLikeDate(word)
    }

    private func bindArguments(_ tokens: [Token], into invocation: inout Invocation, statementEnd: Int) throws(ShellError) {
        let spec = invocation.spec
        let usage = "usage: " + spec.usage(prefix: invocation.path.dropLast().joined(separator: " "))
        var parameterIndex = 0
        var index = 0
        while index < tokens.count {
            let token = tokens[index]
            switch token.kind {
            case .option(let inline, let inlineRange):
                guard let option = spec.allOptions.first(where: { $0.name == token.text }) else {
                    throw ShellError.bad("'\(invocation.path.joined(separator: " "))' has no option --\(token.text)", at: token.range,
                                         suggestion: Suggestion.nearest(to: token.text, in: spec.allOptions.map(\.name))
                                            .map { "did you mean --\($0)?" } ?? usage)
                }
                if let kind = option.value {
                    if let inline, let inlineRange {
                        invocation.options[option.name] = try convert(inline, kind: kind, range: inlineRange,
                                                                      name: "--" + option.name)
                    } else {
                        guard index + 1 < tokens.count, !isOption(tokens[index + 1]) else {
                            throw ShellError.bad("--\(option.name) needs a value (\(option.valueName))",
                                                 at: token.range, suggestion: usage)
                        }
                        index += 1
                        let valueToken = tokens[index]
                        invocation.options[option.name] = try convert(valueToken.text, kind: kind, range: valueToken.range,
                                                                      name: "--" + option.name)
                    }
                } else {
                    if inline != nil {
                        throw ShellError.bad("--\(option.name) is a flag and takes no value", at: token.range, suggestion: usage)
                    }
                    invocation.flags.insert(option.name)
                }
            case .shortFlags:
                for letter in token.text {
                    guard let option = spec.allOptions.first(where: { $0.short == letter }) else {
                        throw ShellError.bad("'\(invocation.path.joined(separator: " "))' has no flag -\(letter)", at: token.range,
                                             suggestion: usage)
                    }
                    guard let kind = option.value else {
                        invocation.flags.insert(option.name)
                        continue
                    }
                    // A short option with a value (-o FILE) stands alone and takes the next token.
                    guard token.text.count == 1, index + 1 < tokens.count, !isOption(tokens[index + 1]) else {
                        throw ShellError.bad("-\(letter) needs a value (\(option.valueName))", at: token.range, suggestion: usage)
                    }
                    index += 1
                    invocation.options[option.name] = try convert(tokens[index].text, kind: kind, range: tokens[index].range,
                                                                  name: "-\(letter)")
                }
            case .word, .string, .date:
                if spec.rawTail != nil, parameterIndex >= spec.parameters.count {
                    invocation.tailRange = token.range.lowerBound..<statementEnd
                    invocation.tail = source.slice(invocation.tailRange).trimmingCharacters(in: .whitespacesAndNewlines)
                    return try checkRequired(invocation, parameterIndex: parameterIndex, statementEnd: statementEnd, usage: usage)
                }
                guard parameterIndex < spec.parameters.count else {
                    throw ShellError.bad("unexpected argument '\(source.slice(token.range))'", at: token.range, suggestion: usage)
                }
                let parameter = spec.parameters[parameterIndex]
                let value = try convert(token.text, kind: parameter.kind, range: token.range, name: parameter.name)
                invocation.positionals.append((parameter.name, value, token.range))
                if !parameter.variadic { parameterIndex += 1 }
            }
            index += 1
        }
        try checkRequired(invocation, parameterIndex: parameterIndex, statementEnd: statementEnd, usage: usage)
    }

    private func checkRequired(_ invocation: Invocation, parameterIndex: Int, statementEnd: Int, usage: String) throws(ShellError) {
        let spec = invocation.spec
        for parameter in spec.parameters.dropFirst(parameterIndex) where !parameter.optional {
            if parameter.variadic, invocation.positionals.contains(where: { $0.name == parameter.name }) { continue }
            throw ShellError.bad("missing \(parameter.name)", at: statementEnd..<statementEnd, suggestion: usage)
        }
    }

    private func isOption(_ token: Token) -> Bool {
        switch token.kind {
        case .option, .shortFlags: return true
        default: return false
        }
    }

    private func convert(_ text: String, kind: ValueKind, range: Range<Int>, name: String) throws(ShellError)
        -> ArgumentValue
    {
        switch kind {
        case .date:
            if text.contains("..") {
                throw ShellError.bad("\(name) takes one date, not a range", at: range)
            }
            switch DateLiteral.parseDay(text) {
            case .success(let day): return .day(day)
            case .failure(let error): throw ShellError.bad(error.message, at: range)
            }
        case .range:
            switch DateLiteral.parseRange(text) {
            case .success(let parsed): return .range(parsed)
            case .failure(let error): throw ShellError.bad(error.message, at: range)
            }
        case .number:
            guard let number = Double(text), number.isFinite else {
                throw ShellError.bad("\(name) must be a number, not '\(text)'", at: range)
            }
            return .number(number)
        case .choice(let choices):
            guard let match = choices.first(where: { $0.caseInsensitiveCompare(text) == .orderedSame }) else {
                throw ShellError.bad("'\(text)' is not a valid \(name)", at: range,
                                     suggestion: (Suggestion.nearest(to: text, in: choices).map { "did you mean '\($0)'? " } ?? "")
                                        + "expected one of: \(choices.joined(separator: ", "))")
            }
            return .text(match)
        case .table:
            guard let definition = SchemaCatalog.table(named: text) else {
                let names = SchemaCatalog.tables.flatMap { [$0.name.description, $0.name.table] }
                throw ShellError.bad("no table named '\(text)'", at: range,
                                     suggestion: Suggestion.nearest(to: text, in: names).map { "did you mean '\($0)'?" }
                                        ?? "type tables to list them")
            }
            return .text(definition.name.description)
        case .file, .text:
            return .text(text)
        }
    }
}
