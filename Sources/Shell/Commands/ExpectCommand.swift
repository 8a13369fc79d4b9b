import Investigation
import Warehouse

/// `expect`: an assertion over the previous result, with a verdict line; a failed one fails the script.
///
///     expect rows == 7
///     expect status == 'COMPLETE'          (the first row's cell)
///     expect all status == 'COMPLETE'      (every row; `any`, `no` likewise)
///     expect sum(raw_games) >= 40          (sum, avg, min, max, count over a column)
enum ExpectCommand {
    static var entries: [CommandEntry] { [
        CommandEntry(CommandSpec("expect", "assert something about the previous result (a failure fails the script)",
                                 rawTail: "[all|any|no] SUBJECT OP VALUE | no alerts [--severity S] | gaps RANGE complete | demo warehouse",
                                 details: """
                                 SUBJECT is rows, a column (the first row's cell), or sum|avg|min|max|count(column).
                                 OP is ==, !=, <, <=, >, >=. VALUE is a number, a 'string' or NULL.
                                 Examples: expect rows == 7; expect status == 'COMPLETE'; expect all status == 'COMPLETE';
                                 expect sum(raw_games) >= 40
                                 """),
                     expect)
    ] }

    enum Quantifier: String { case first, all, any, no }

    /// Checks that need no previous result: `expect no alerts [--severity S]` (open alerts),
    /// `expect gaps RANGE complete` (every date with games COMPLETE) and `expect demo warehouse` (a runbook's guard).
    static func namedCheck(_ invocation: Invocation, _ session: ShellSession) throws(ShellError) -> CommandResult? {
        let text = invocation.tail.trimmingCharacters(in: .whitespacesAndNewlines)
        let words = text.split(whereSeparator: \.isWhitespace).map { String($0) }
        func verdict(_ passed: Bool, _ expected: String, _ found: String) -> CommandResult {
            CommandResult(expectation: ExpectationVerdict(text: text, passed: passed, expected: expected, found: found))
        }
        if words.count >= 2, words[0].lowercased() == "no", words[1].lowercased() == "alerts" {
            var severity: String? = nil
            if words.count == 4, words[2] == "--severity" { severity = words[3].lowercased() } else if words.count != 2 {
                throw ShellError.bad("usage: expect no alerts [--severity S]", at: invocation.tailRange)
            }
            let open = try session.call {
                try session.warehouse.read { tx in
                    try tx.query("SELECT title FROM nba_orchestration.alerts WHERE acknowledged_at IS NULL"
                                 + (severity == nil ? "" : " AND severity = ?") + " ORDER BY raised_at",
                                 severity.map { [SQLValue.text($0)] } ?? []).rows.compactMap { $0[0].stringValue }
                }
            }
            return verdict(open.isEmpty, "no open \(severity.map { "\($0) " } ?? "")alerts",
                           open.isEmpty ? "none" : "\(open.count): " + open.prefix(3).joined(separator: "; "))
        }
        if words.count == 2, words[0].lowercased() == "demo", words[1].lowercased() == "warehouse" {
            let seed = try session.call { try session.warehouse.setting("demo.complete") }
            return verdict(seed != nil, "the demo warehouse (built by nbaops demo)",
                           seed.map { "demo of seed \($0)" } ?? "not a demo warehouse: build one with `nbaops demo --warehouse DIR` and run this there")
        }
        if words.count == 3, words[0].lowercased() == "gaps", words[2].lowercased() == "complete" {
            guard case .success(let expression) = DateLiteral.parseRange(words[1]), let range = expression.resolve(today: session.today) else {
                throw ShellError.bad("'\(words[1])' is not a date range", at: invocation.tailRange, suggestion: "e.g. expect gaps 2026-01-16..21 complete")
            }
            let matrix = try session.call { try GapMatrix(range: range, today: session.today, warehouse: session.warehouse) }
            // Dates whose games have not been played yet have nothing to be complete about.
            let notComplete = matrix.rows.filter { $0.status != .complete && $0.status != .noGames && $0.missing != "not played yet" }
            return verdict(notComplete.isEmpty, "every date with games COMPLETE",
                           notComplete.isEmpty ? "all \(matrix.rows.count) dates" : notComplete.map { "\($0.date) \($0.status.rawValue)" }.joined(separator: ", "))
        }
        return nil
    }
    enum Operator: String, CaseIterable {
        case equal = "==", notEqual = "!=", lessOrEqual = "<=", greaterOrEqual = ">=", less = "<", greater = ">"
    }

    static func expect(_ invocation: Invocation, _ session: ShellSession) throws(ShellError) -> CommandResult {
        let source = invocation.source
        var tokens = try Lexer(source: source).tokens(in: invocation.tailRange)
        let usage = "usage: expect [all|any|no] SUBJECT OP VALUE, e.g. expect rows == 7"
        guard !tokens.isEmpty else {
            throw ShellError.bad("expect needs an assertion", at: invocation.range.upperBound..<invocation.range.upperBound,
                                 suggestion: usage)
        }
        if let named = try namedCheck(invocation, session) { return named }
        var quantifier = Quantifier.first
        if tokens.count > 3, tokens[0].kind == .word, let q = Quantifier(rawValue: tokens[0].text.lowercased()), q != .first {
            quantifier = q
            tokens.removeFirst()
        } else if tokens.count > 3, tokens[0].kind == .word, tokens[0].text.lowercased() == "none" {
            quantifier = .no
            tokens.removeFirst()
        }
        guard tokens.count == 3 else {
            let at = tokens.count > 3 ? tokens[3].range : (tokens.last?.range ?? invocation.tailRange)
            throw ShellError.bad(tokens.count > 3 ? "unexpected '\(source.slice(at))' after the value"
                                                  : "incomplete assertion", at: at, suggestion: usage)
        }
        let (subjectToken, operatorToken, valueToken) = (tokens[0], tokens[1], tokens[2])
        let spelledOperator = operatorToken.text == "=" ? "==" : operatorToken.text == "<>" ? "!=" : operatorToken.text
        guard operatorToken.kind == .word, let op = Operator(rawValue: spelledOperator) else {
            throw ShellError.bad("'\(operatorToken.text)' is not a comparison", at: operatorToken.range,
                                 suggestion: "use ==, !=, <, <=, > or >=")
        }
        let expected = literal(valueToken)
        let text = source.slice(invocation.tailRange).trimmingCharacters(in: .whitespacesAndNewlines)
        let expectedText = "\(op.rawValue) \(describe(expected))"

        guard let table = session.lastResult else {
            throw ShellError.failed("expect has no previous result to test", suggestion: "run a query or a command first")
        }
        let subject = subjectToken.text
        func verdict(_ passed: Bool, _ found: String) -> CommandResult {
            CommandResult(expectation: ExpectationVerdict(text: text, passed: passed, expected: expectedText, found: found))
        }

        if subjectToken.kind == .word, subject.lowercased() == "rows", quantifier == .first {
            let count = SQLValue.integer(Int64(table.rows.count))
            return verdict(compare(count, op, expected), "\(table.rows.count)")
        }
        if subjectToken.kind == .word, let open = subject.firstIndex(of: "("), subject.hasSuffix(")") {
            let function = subject[..<open].lowercased()
            let column = String(subject[subject.index(after: open)..<subject.index(before: subject.endIndex)])
            guard ["sum", "avg", "min", "max", "count"].contains(function) else {
                throw ShellError.bad("unknown aggregate '\(function)'", at: subjectToken.range,
                                     suggestion: "use sum, avg, min, max or count")
            }
            let values = try columnValues(column, table, subjectToken.range).filter { !$0.isNull }
            let aggregate = Self.aggregate(function, values)
            return verdict(compare(aggregate, op, expected), describe(aggregate))
        }
        let values = try columnValues(subject, table, subjectToken.range)
        guard !values.isEmpty else { return verdict(false, "no rows") }
        switch quantifier {
        case .first:
            let found = describe(values[0]) + (values.count > 1 ? " (row 1 of \(values.count))" : "")
            return verdict(compare(values[0], op, expected), found)
        case .all:
            if let bad = values.firstIndex(where: { !compare($0, op, expected) }) {
                let failing = values.filter { !compare($0, op, expected) }.count
                return verdict(false, "\(describe(values[bad])) in row \(bad + 1) (\(failing) of \(values.count) rows fail)")
            }
            return verdict(true, "all \(values.count) rows")
        case .any:
            let matching = values.filter { compare($0, op, expected) }.count
            return verdict(matching > 0, "\(matching) of \(values.count) rows")
        case .no:
            let matching = values.filter { compare($0, op, expected) }.count
            return verdict(matching == 0, "\(matching) of \(values.count) rows")
        }
    }

    static func columnValues(_ column: String, _ table: ResultTable, _ range: Range<Int>) throws(ShellError) -> [SQLValue] {
        guard let values = table.values(of: column) else {
            throw ShellError.bad("the previous result has no column '\(column)'", at: range,
                                 suggestion: (Suggestion.nearest(to: column, in: table.columns + ["rows"]).map { "did you mean '\($0)'? " } ?? "")
                                    + "columns: \(table.columns.joined(separator: ", "))")
        }
        return values
    }

    static func aggregate(_ function: String, _ values: [SQLValue]) -> SQLValue {
        let numbers = values.compactMap(\.doubleValue)
        switch function {
        case "count": return .integer(Int64(values.count))
        case "sum": return numbers.isEmpty ? .null : number(numbers.reduce(0, +))
        case "avg": return numbers.isEmpty ? .null : .real(numbers.reduce(0, +) / Double(numbers.count))
        case "min": return numbers.min().map(number) ?? values.compactMap(\.stringValue).min().map { .text($0) } ?? .null
        default: return numbers.max().map(number) ?? values.compactMap(\.stringValue).max().map { .text($0) } ?? .null
        }
    }

    private static func number(_ d: Double) -> SQLValue {
        d == d.rounded() && abs(d) < 9e15 ? .integer(Int64(d)) : .real(d)
    }

    static func literal(_ token: Token) -> SQLValue {
        if token.kind == .string { return .text(token.text) }
        if token.kind == .word {
            if token.text.uppercased() == "NULL" { return .null }
            if token.text.lowercased() == "true" { return .integer(1) }
            if token.text.lowercased() == "false" { return .integer(0) }
            if let i = Int64(token.text) { return .integer(i) }
            if let d = Double(token.text) { return .real(d) }
        }
        return .text(token.text)
    }

    static func describe(_ value: SQLValue) -> String {
        switch value {
        case .null: return "NULL"
        case .text(let s): return "'\(s)'"
        // A float's last binary digits (0.04999995231628418) say nothing to a reader.
        case .real(let d): return String(format: "%.6g", d)
        default: return value.stringValue ?? ""
        }
    }

    static func compare(_ found: SQLValue, _ op: Operator, _ expected: SQLValue) -> Bool {
        if found.isNull || expected.isNull {
            switch op {
            case .equal: return found.isNull && expected.isNull
            case .notEqual: return found.isNull != expected.isNull
            default: return false
            }
        }
        let order: Int
        if expected.isNumeric, let a = found.doubleValue, let b = expected.doubleValue {
            order = a < b ? -1 : (a > b ? 1 : 0)
        } else {
            let a = found.stringValue ?? "", b = expected.stringValue ?? ""
            order = a < b ? -1 : (a > b ? 1 : 0)
        }
        switch op {
        case .equal: return order == 0
        case .notEqual: return order != 0
        case .less: return order < 0
        case .lessOrEqual: return order <= 0
        case .greater: return order > 0
        case .greaterOrEqual: return order >= 0
        }
    }
}
