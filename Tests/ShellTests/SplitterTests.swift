import Testing
@testable import Shell

@Suite struct Splitting {
    func split(_ text: String) -> [String] {
        let source = SourceText(name: "t", text: text)
        return StatementSplitter(source: source).statements().map { source.slice($0.range) }
    }

    @Test func commandsEndAtSemicolonsAndNewlines() {
        #expect(split("tables; help gaps\nset format csv") == ["tables", "help gaps", "set format csv"])
    }

    @Test func semicolonsInsideQuotesDoNotSplit() {
        #expect(split("expect status == 'a;b'; tables") == ["expect status == 'a;b'", "tables"])
    }

    @Test func sqlSpansLinesUntilItsSemicolon() {
        #expect(split("SELECT 1\nFROM t\nWHERE a = ';';\ntables") == ["SELECT 1\nFROM t\nWHERE a = ';'", "tables"])
    }

    @Test func sqlCommentsAndStringsAreRespected() {
        #expect(split("SELECT 1 -- a; comment\n, 2 /* ; */;") == ["SELECT 1 -- a; comment\n, 2 /* ; */"])
    }

    @Test func unterminatedSQLAsksForMore() {
        #expect(StatementSplitter(source: SourceText(name: "t", text: "SELECT 1\n")).needsMoreInput)
        #expect(StatementSplitter(source: SourceText(name: "t", text: "with x as (select 1)\n")).needsMoreInput)
        #expect(!StatementSplitter(source: SourceText(name: "t", text: "SELECT 1;\n")).needsMoreInput)
        #expect(!StatementSplitter(source: SourceText(name: "t", text: "sql SELECT 1\n")).needsMoreInput)
        #expect(!StatementSplitter(source: SourceText(name: "t", text: "selected\n")).needsMoreInput)
    }

    @Test func commentsAndBlankLinesAreSkipped() {
        #expect(split("# heading\n\n  ;; tables # trailing\n") == ["tables # trailing"])
    }

    @Test func theSQLCommandsOptionsAreNotAComment() {
        #expect(split("sql --write DELETE FROM t; tables") == ["sql --write DELETE FROM t", "tables"])
    }
}
