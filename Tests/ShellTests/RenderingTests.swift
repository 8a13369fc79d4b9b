import Testing
import Warehouse
@testable import Shell

@Suite struct Rendering {
    let table = ResultTable(columns: ["team", "games", "note"],
                            rows: [[.text("LAL"), .integer(7), .null], [.text("GSW"), .integer(12), .text("a,\"b\"")]])

    @Test func plainTextRightAlignsNumbersAndShowsNull() {
        let text = TableRenderer(style: OutputStyle(format: .table, terminal: false)).render(table)
        #expect(text == "team  games  note\nLAL       7  NULL\nGSW      12  a,\"b\"\n")
    }

    @Test func boxTablesOnATerminal() {
        let text = TableRenderer(style: OutputStyle(format: .table, terminal: true)).render(table)
        #expect(text == """
            ┌──────┬───────┬───────┐
            │ team │ games │ note  │
            ├──────┼───────┼───────┤
            │ LAL  │     7 │ NULL  │
            │ GSW  │    12 │ a,"b" │
            └──────┴───────┴───────┘
            (2 rows)

            """)
    }

    @Test func csvQuotesAndLeavesNullEmpty() {
        let text = TableRenderer(style: OutputStyle(format: .csv)).render(table)
        #expect(text == "team,games,note\nLAL,7,\nGSW,12,\"a,\"\"b\"\"\"\n")
    }

    @Test func jsonKeepsTypes() {
        let text = TableRenderer(style: OutputStyle(format: .json)).render(table)
        #expect(text == "[{\"team\":\"LAL\",\"games\":7,\"note\":null},\n {\"team\":\"GSW\",\"games\":12,\"note\":\"a,\\\"b\\\"\"}]\n")
    }

    @Test func markdownAlignsNumericColumns() {
        let text = TableRenderer(style: OutputStyle(format: .markdown)).render(table)
        #expect(text.hasPrefix("| team | games | note |\n| --- | ---: | --- |\n| LAL | 7 | NULL |"))
    }

    @Test func colourOnlyWhenAsked() {
        let plain = TableRenderer(style: OutputStyle(format: .table, color: false, terminal: true)).render(table)
        let colored = TableRenderer(style: OutputStyle(format: .table, color: true, terminal: true)).render(table)
        #expect(!plain.contains("\u{1B}["))
        #expect(colored.contains("\u{1B}[1m"))
    }

    @Test func wideCharactersKeepColumnsAligned() {
        let names = ResultTable(columns: ["player"], rows: [[.text("Luka Dončić")], [.text("Nikola Jokić")]])
        let lines = TableRenderer(style: OutputStyle(format: .table, terminal: true)).render(names).split(separator: "\n")
        #expect(Set(lines.prefix(5).map { String($0).displayWidth }).count == 1)
    }
}
