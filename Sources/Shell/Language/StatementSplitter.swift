/// Finds the statements in a buffer of input: commands end at `;` or the end of a line; bare SQL (a statement that
/// starts with SELECT, WITH, PRAGMA, EXPLAIN or VALUES) runs over lines until a `;` outside quotes and comments;
/// the `sql` command runs to a `;` or the end of its line.
struct StatementSplitter {
    enum Kind: Equatable {
        case command
        /// Bare SQL; `terminated` is false when the input ended before its `;`.
        case sql(terminated: Bool)
    }

    struct Statement: Equatable {
        let kind: Kind
        /// The statement's text without its terminating `;`.
        let range: Range<Int>
    }

    static let sqlKeywords: Set<String> = ["select", "with", "pragma", "explain", "values"]

    let source: SourceText

    func statements() -> [Statement] {
        let s = source.scalars
        var result: [Statement] = []
        var i = 0
        while i < s.count {
            let c = s[i]
            if c == " " || c == "\t" || c == "\r" || c == "\n" || c == ";" {
                i += 1
                continue
            }
            if c == "#" {
                while i < s.count, s[i] != "\n" { i += 1 }
                continue
            }
            let word = firstWord(at: i).lowercased()
            if StatementSplitter.sqlKeywords.contains(word) && (word != "explain" || explainIsSQL(at: i + 7)) {
                let (end, terminated) = scanSQL(from: i, stopAtNewline: false)
                result.append(Statement(kind: .sql(terminated: terminated), range: i..<end))
                i = terminated ? end + 1 : end
            } else if word == "sql" {
                let (end, terminated) = scanSQL(from: afterOptions(i + 3), stopAtNewline: true)
                result.append(Statement(kind: .command, range: i..<end))
                i = terminated ? end + 1 : end
            } else {
                let end = scanCommand(from: i)
                result.append(Statement(kind: .command, range: i..<end))
                i = end < s.count && s[end] == ";" ? end + 1 : end
            }
        }
        return result
    }

    /// True when the buffer ends inside bare SQL that still needs its `;`: the reader should ask for another line.
    var needsMoreInput: Bool {
        if case .sql(terminated: false) = statements().last?.kind { return true }
        return false
    }

    /// `EXPLAIN SELECT …` and `EXPLAIN QUERY PLAN …` are SQL; `explain gap 2026-01-20` is the shell's command.
    private func explainIsSQL(at start: Int) -> Bool {
        var i = start
        let s = source.scalars
        while i < s.count, s[i] == " " || s[i] == "\t" || s[i] == "\n" { i += 1 }
        let next = firstWord(at: i).lowercased()
        return ["select", "with", "query", "insert", "update", "delete", "replace", "values", "pragma"].contains(next)
    }

    /// Skips the `sql` command's own options (`--write`), which would otherwise read as an SQL comment.
    private func afterOptions(_ start: Int) -> Int {
        let s = source.scalars
        var i = start
        while true {
            while i < s.count, s[i] == " " || s[i] == "\t" { i += 1 }
            guard i < s.count, s[i] == "-" else { return i }
            while i < s.count, !(s[i] == " " || s[i] == "\t" || s[i] == "\n" || s[i] == ";") { i += 1 }
        }
    }

    private func firstWord(at start: Int) -> String {
        var i = start
        let s = source.scalars
        while i < s.count, s[i].properties.isAlphabetic { i += 1 }
        return source.slice(start..<i)
    }

    private func scanCommand(from start: Int) -> Int {
        let s = source.scalars
        var i = start
        var atTokenStart = true
        while i < s.count {
            let c = s[i]
            if c == "\n" || c == ";" { return i }
            if c == "#" && atTokenStart {
                while i < s.count, s[i] != "\n" { i += 1 }
                return i
            }
            // A quote opens a string only where a token starts (`it's` is one word, as the lexer reads it).
            if (c == "'" || c == "\"") && (atTokenStart || (i > start && s[i - 1] == "=")) {
                i += 1
                while i < s.count, s[i] != c, s[i] != "\n" {
                    if s[i] == "\\" { i += 1 }
                    i += 1
                }
                if i < s.count, s[i] == c { i += 1 }
                atTokenStart = false
                continue
            }
            atTokenStart = c == " " || c == "\t"
            i += 1
        }
        return min(i, s.count)
    }

    /// Returns the index of the terminating `;` (or the end) and whether a `;` was found.
    private func scanSQL(from start: Int, stopAtNewline: Bool) -> (Int, Bool) {
        let s = source.scalars
        var i = start
        while i < s.count {
            let c = s[i]
            if c == ";" { return (i, true) }
            if c == "\n" && stopAtNewline { return (i, false) }
            if c == "'" || c == "\"" || c == "`" {
                i += 1
                while i < s.count {
                    if s[i] == c {
                        if i + 1 < s.count, s[i + 1] == c { i += 2; continue }
                        break
                    }
                    i += 1
                }
                i += 1
                continue
            }
            if c == "-", i + 1 < s.count, s[i + 1] == "-" {
                while i < s.count, s[i] != "\n" { i += 1 }
                continue
            }
            if c == "/", i + 1 < s.count, s[i + 1] == "*" {
                i += 2
                while i + 1 < s.count, !(s[i] == "*" && s[i + 1] == "/") { i += 1 }
                i += 2
                continue
            }
            i += 1
        }
        return (s.count, false)
    }
}
