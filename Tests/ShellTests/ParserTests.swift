import Testing
import Warehouse
@testable import Shell

/// Parses one line with the real command table; returns the invocation or the rendered error.
func parse(_ line: String) -> Result<Invocation, ShellError> {
    let source = SourceText(name: "<input>", text: line)
    let statements = StatementSplitter(source: source).statements()
    guard let statement = statements.first else { return .failure(.bad("no statement")) }
    do {
        return .success(try Parser(table: CommandTable(), source: source).parse(statement))
    } catch {
        return .failure(error)
    }
}

func renderedError(_ line: String) -> String? {
    guard case .failure(let error) = parse(line) else { return nil }
    return ErrorRenderer(style: OutputStyle()).render(error, in: SourceText(name: "<input>", text: line))
}

func day(_ text: String) -> DayExpression { .absolute(Day(text)!) }

@Suite struct ValidStatements {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let line: String
        let path: [String]
        let positionals: [ArgumentValue]
        let options: [String: ArgumentValue]
        let flags: Set<String>
        var testDescription: String { name }

        init(_ name: String, _ line: String, path: [String], positionals: [ArgumentValue] = [],
             options: [String: ArgumentValue] = [:], flags: Set<String> = []) {
            self.name = name
            self.line = line
            self.path = path
            self.positionals = positionals
            self.options = options
            self.flags = flags
        }
    }

    static let cases: [Case] = [
        Case("range with day only", "gaps 2026-01-16..21", path: ["gaps"],
             positionals: [.range(RangeExpression(first: day("2026-01-16"), last: day("2026-01-21")))]),
        Case("range across months", "gaps 2026-01-30..02-02", path: ["gaps"],
             positionals: [.range(RangeExpression(first: day("2026-01-30"), last: day("2026-02-02")))]),
        Case("range with full end", "gaps 2026-01-16..2026-02-03", path: ["gaps"],
             positionals: [.range(RangeExpression(first: day("2026-01-16"), last: day("2026-02-03")))]),
        Case("relative range", "gaps yesterday..today", path: ["gaps"],
             positionals: [.range(RangeExpression(first: .relative(-1), last: .relative(0)))]),
        Case("single date as a range", "gaps 2026-01-20", path: ["gaps"],
             positionals: [.range(RangeExpression(first: day("2026-01-20"), last: day("2026-01-20")))]),
        Case("option with a space", "gaps 2026-01-16 --phase 3", path: ["gaps"],
             positionals: [.range(RangeExpression(first: day("2026-01-16"), last: day("2026-01-16")))],
             options: ["phase": .number(3)]),
        Case("option with equals", "gaps --phase=3 2026-01-16", path: ["gaps"],
             positionals: [.range(RangeExpression(first: day("2026-01-16"), last: day("2026-01-16")))],
             options: ["phase": .number(3)]),
        Case("flags and choices", "backfill phase3 2026-01-16..18 --dry-run --through phase5", path: ["backfill"],
             positionals: [.text("phase3"), .range(RangeExpression(first: day("2026-01-16"), last: day("2026-01-18")))],
             options: ["through": .text("phase5")], flags: ["dry-run"]),
        Case("subcommand with a quoted option", "explain predictions 2026-01-20 --player 'LeBron James'",
             path: ["explain", "predictions"], positionals: [.day(day("2026-01-20"))],
             options: ["player": .text("LeBron James")]),
        Case("short option with a value", "report -o out.md --title \"Jan 21 evening\"", path: ["report"],
             options: ["output": .text("out.md"), "title": .text("Jan 21 evening")]),
        Case("default subcommand", "dlq", path: ["dlq", "list"]),
        Case("subcommand flag", "dlq replay --all", path: ["dlq", "replay"], flags: ["all"]),
        Case("relative date", "clock set yesterday 19:30", path: ["clock", "set"],
             positionals: [.day(.relative(-1)), .text("19:30")]),
        Case("common format option", "tables nba_raw --format csv", path: ["tables"],
             positionals: [.text("nba_raw")], options: ["format": .text("csv")]),
        Case("case-insensitive command", "TABLES", path: ["tables"]),
        Case("table by bare name", "schema bdl_player_boxscores", path: ["schema"],
             positionals: [.text("nba_raw.bdl_player_boxscores")]),
        Case("alias", "exit", path: ["quit"]),
        Case("comment after the command", "tables # all of them", path: ["tables"]),
    ]

    @Test(arguments: cases)
    func parses(_ c: Case) throws {
        let invocation = try parse(c.line).get()
        #expect(invocation.path == c.path)
        #expect(invocation.positionals.map(\.value) == c.positionals)
        #expect(invocation.options == c.options)
        #expect(invocation.flags == c.flags)
    }

    @Test func rawTailKeepsTheTextAsTyped() throws {
        let note = try parse("note it's   fine; really").get()
        #expect(note.tail == "it's   fine")
        let sql = try parse("sql --write DELETE FROM x WHERE a = 'b;c'").get()
        #expect(sql.flags == ["write"])
        #expect(sql.tail == "DELETE FROM x WHERE a = 'b;c'")
        let bare = try parse("SELECT 1\n  FROM t;").get()
        #expect(bare.path == ["sql"])
        #expect(bare.tail == "SELECT 1\n  FROM t")
    }

    @Test func aRawTailCommandBindsItsParametersFirst() throws {
        let publish = try parse(#"publish nba-phase2-raw-complete {"game_date":"2026-01-17","backfill_mode":true}"#).get()
        #expect(publish.positional("TOPIC")?.text == "nba-phase2-raw-complete")
        #expect(publish.tail == #"{"game_date":"2026-01-17","backfill_mode":true}"#)
    }
}

@Suite struct InvalidStatements {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let line: String
        let rendered: String
        var testDescription: String { name }
        init(_ name: String, _ line: String, _ rendered: String) {
            self.name = name
            self.line = line
            self.rendered = rendered
        }
    }

    static let cases: [Case] = [
        Case("unknown command", "gasp 2026-01-16..21", """
            error: line 1, column 1: unknown command 'gasp'
              gasp 2026-01-16..21
              ^^^^
              did you mean 'gaps'?

            """),
        Case("reversed range", "gaps 2026-01-21..16", """
            error: line 1, column 6: reversed range: 2026-01-16 comes before 2026-01-21; write 2026-01-16..2026-01-21
              gaps 2026-01-21..16
                   ^^^^^^^^^^^^^^

            """),
        Case("impossible date", "gaps 2026-02-30", """
            error: line 1, column 6: no such date: 2026-02-30 (February 2026 has 28 days)
              gaps 2026-02-30
                   ^^^^^^^^^^

            """),
        Case("impossible month in a range end", "gaps 2026-01-16..2026-13-01", """
            error: line 1, column 6: no such date: 2026-13-01 (there is no month 13)
              gaps 2026-01-16..2026-13-01
                   ^^^^^^^^^^^^^^^^^^^^^^

            """),
        Case("one-digit month", "gaps 2026-1-16", """
            error: line 1, column 6: '2026-1-16' is not a date; write two-digit months and days (2026-01-16)
              gaps 2026-1-16
                   ^^^^^^^^^

            """),
        Case("range without end", "gaps 2026-01-16..", """
            error: line 1, column 6: '2026-01-16..' has no end; write a range like 2026-01-16..21 or 2026-01-16..2026-02-03
              gaps 2026-01-16..
                   ^^^^^^^^^^^^

            """),
        Case("missing argument", "gaps", """
            error: line 1, column 5: missing RANGE
              gaps
                  ^
              usage: gaps RANGE [--phase N]

            """),
        Case("extra argument", "gaps 2026-01-16 extra", """
            error: line 1, column 17: unexpected argument 'extra'
              gaps 2026-01-16 extra
                              ^^^^^
              usage: gaps RANGE [--phase N]

            """),
        Case("misspelt option", "gaps 2026-01-16 --phaze 3", """
            error: line 1, column 17: 'gaps' has no option --phaze
              gaps 2026-01-16 --phaze 3
                              ^^^^^^^
              did you mean --phase?

            """),
        Case("option without its value", "gaps 2026-01-16 --phase", """
            error: line 1, column 17: --phase needs a value (N)
              gaps 2026-01-16 --phase
                              ^^^^^^^
              usage: gaps RANGE [--phase N]

            """),
        Case("non-numeric number", "gaps 2026-01-16 --phase three", """
            error: line 1, column 25: --phase must be a number, not 'three'
              gaps 2026-01-16 --phase three
                                      ^^^^^

            """),
        Case("bad choice", "backfill phase33 2026-01-16", """
            error: line 1, column 10: 'phase33' is not a valid PHASE
              backfill phase33 2026-01-16
                       ^^^^^^^
              did you mean 'phase3'? expected one of: phase2, phase3, phase4, phase5, grading

            """),
        Case("misspelt subcommand", "explain gapz 2026-01-16", """
            error: line 1, column 9: 'explain' has no subcommand 'gapz'
              explain gapz 2026-01-16
                      ^^^^
              did you mean 'gap'? expected one of: gap, predictions, run

            """),
        Case("flag with a value", "backfill phase3 2026-01-16 --dry-run=yes", """
            error: line 1, column 28: --dry-run is a flag and takes no value
              backfill phase3 2026-01-16 --dry-run=yes
                                         ^^^^^^^^^^^^^
              usage: backfill PHASE RANGE [--dry-run] [--through PHASE] [--only-missing]

            """),
        Case("unknown table", "schema nba_raw.bdl_boxscores", """
            error: line 1, column 8: no table named 'nba_raw.bdl_boxscores'
              schema nba_raw.bdl_boxscores
                     ^^^^^^^^^^^^^^^^^^^^^
              did you mean 'nba_raw.bdl_player_boxscores'?

            """),
        Case("unterminated string", "set format 'csv", """
            error: line 1, column 12: unterminated string: add the closing '
              set format 'csv
                         ^^^^

            """),
        Case("an option where the command goes", "--format csv", """
            error: line 1, column 1: expected a command name, found '--format'
              --format csv
              ^^^^^^^^
              type help to list the commands

            """),
        Case("short option without a value", "report -o", """
            error: line 1, column 8: -o needs a value (FILE)
              report -o
                     ^^
              usage: report [--output FILE] [--title T]

            """),
        Case("a range where one date goes", "explain gap 2026-01-16..18", """
            error: line 1, column 13: DATE takes one date, not a range
              explain gap 2026-01-16..18
                          ^^^^^^^^^^^^^^

            """),
    ]

    @Test(arguments: cases)
    func isRejectedWithAPointedMessage(_ c: Case) {
        #expect(renderedError(c.line) == c.rendered)
    }

    @Test func aMissingSubcommandIsNamed() throws {
        guard case .failure(let error) = parse("explain") else { Issue.record("should fail"); return }
        #expect(error.message == "'explain' needs a subcommand: gap, predictions, run")
        #expect(error.kind == .badInput)
    }

    @Test func nulBytesAreRefused() {
        guard case .failure(let error) = parse("tables \u{0}") else { Issue.record("should fail"); return }
        #expect(error.message.contains("NUL"))
    }
}
