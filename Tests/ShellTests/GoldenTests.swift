import Foundation
import Testing
@testable import Shell

/// Help text is compared with files under Golden/. To re-record after a deliberate change, run the tests with
/// NBAOPS_RECORD_GOLDEN=1 and review the diff; a missing golden file fails rather than records itself.
enum Golden {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static func check(_ actual: String, _ name: String) throws {
        let url = directory.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["NBAOPS_RECORD_GOLDEN"] == "1" {
            try actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(actual == expected, "\(name) differs from its golden file; re-record with NBAOPS_RECORD_GOLDEN=1")
    }
}

@Suite struct HelpText {
    @Test(arguments: ["help", "help gaps", "help explain", "help sql", "help expect", "help clock set", "help backfill"])
    func matchesGolden(_ line: String) throws {
        let harness = try SessionHarness()
        #expect(harness.run(line).exitCode == 0)
        try Golden.check(harness.output.output, line.replacingOccurrences(of: " ", with: "-") + ".txt")
    }

    @Test func helpListsEveryCommandOfTheTable() throws {
        let harness = try SessionHarness()
        harness.run("help")
        for spec in CommandTable().specs {
            #expect(harness.output.output.contains("  \(spec.name) "), "\(spec.name)")
        }
        for name in ["help", "status", "gaps", "completeness", "backfill", "scrape", "run", "publish", "events", "dlq",
                     "logs", "trace", "errors", "validate", "heal", "explain", "alerts", "audit", "patterns", "latency",
                     "chaos", "scheduler", "sql", "tables", "schema", "expect", "note", "report", "source", "set",
                     "clock", "history", "quit"] {
            #expect(CommandTable().spec(named: name) != nil, "DESIGN §7 lists \(name)")
        }
    }

    @Test func helpForAnUnknownCommandSuggests() throws {
        let harness = try SessionHarness()
        #expect(harness.run("help gasp").exitCode == 2)
        #expect(harness.output.errors.contains("did you mean 'gaps'?"))
    }
}

@Suite struct Completion {
    let completer = Completer(table: CommandTable())

    @Test func commandNames() {
        #expect(completer.complete("sch").candidates == ["scheduler", "schema"])
        #expect(completer.complete("tab") == .init(replacing: 3, candidates: ["tables"]))
    }

    @Test func optionsOfTheCommand() {
        #expect(completer.complete("gaps 2026-01-16 --p").candidates == ["--phase"])
        #expect(completer.complete("backfill phase3 2026-01-16 --").candidates.contains("--dry-run"))
    }

    @Test func phasesDatesTablesAndSubcommands() {
        #expect(completer.complete("backfill ph").candidates == ["phase2", "phase3", "phase4", "phase5"])
        #expect(completer.complete("backfill phase3 to").candidates == ["today", "tomorrow"])
        #expect(completer.complete("backfill phase3 2026-01-16 --through g").candidates == ["grading"])
        #expect(completer.complete("schema nba_raw.bdl").candidates == ["nba_raw.bdl_injuries", "nba_raw.bdl_player_boxscores"])
        #expect(completer.complete("explain p").candidates == ["predictions"])
        #expect(completer.complete("set f").candidates == ["format"])
        #expect(completer.complete("tables nba_p").candidates == ["nba_precompute", "nba_predictions"])
    }

    @Test func sqlCompletesTableNames() {
        #expect(completer.complete("SELECT * FROM nba_analytics.player_g").candidates == ["nba_analytics.player_game_summary"])
    }

    @Test func afterASemicolonANewStatementStarts() {
        #expect(completer.complete("tables; hel").candidates == ["help"])
    }

    @Test func commonPrefix() {
        #expect(Completer.commonPrefix(["nba_raw.bdl_injuries", "nba_raw.bdl_player_boxscores"]) == "nba_raw.bdl_")
    }
}
