/// One lexical unit of a command statement, with the offsets it came from.
struct Token: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        /// A bare word (also numbers, paths, table names, relative dates).
        case word
        /// A quoted string; `text` holds the unquoted, unescaped value.
        case string
        /// A date or a range literal (validated by the lexer).
        case date
        /// `--name` or `--name=value`; `text` is the name, `value` the inline value if any.
        case option(value: String?, valueRange: Range<Int>?)
        /// `-x` or `-xy`: one or more single-letter flags.
        case shortFlags
    }

    let kind: Kind
    let text: String
    let range: Range<Int>
}
