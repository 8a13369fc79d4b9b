import Foundation
import Testing
import Warehouse
@testable import Shell

@Suite struct SessionCommands {
    @Test func setFormatChangesLaterOutputAndFormatOptionOnlyItsCommand() throws {
        let harness = try SessionHarness()
        harness.run("SELECT 1 AS a --format json\n;\nSELECT 2 AS a;\nset format csv\nSELECT 3 AS a;\ntables nba_raw --format markdown")
        let out = harness.output.output
        #expect(out.contains("a\n2\n"))
        #expect(out.contains("a\n3\n"))
        #expect(out.contains("| dataset | table |"))
    }

    @Test func tablesListsEveryTableOfTheCatalogue() throws {
        let harness = try SessionHarness(format: .csv)
        harness.run("tables")
        for table in SchemaCatalog.tables {
            #expect(harness.output.output.contains("\(table.name.dataset.rawValue),\(table.name.table),"))
        }
    }

    @Test func schemaShowsKeysAndPartition() throws {
        let harness = try SessionHarness(format: .csv)
        #expect(harness.run("schema player_game_summary").exitCode == 0)
        #expect(harness.output.output.contains("game_date,TEXT,1,1,1"))
        #expect(harness.output.output.contains("win_flag,INTEGER,0,0,0"))
    }

    @Test func sqlIsReadOnlyUnlessWriteIsGiven() throws {
        let harness = try SessionHarness()
        let refused = harness.run("sql INSERT INTO nba_orchestration.alerts (alert_id) VALUES ('a1')")
        #expect(refused.exitCode == 1)
        #expect(harness.output.errors.contains("read-only"))
        #expect(harness.run("sql --write INSERT INTO nba_orchestration.alerts (alert_id) VALUES ('a1')").exitCode == 0)
        harness.run("SELECT COUNT(*) AS n FROM nba_orchestration.alerts;\nexpect n == 1")
        #expect(harness.output.output.contains("✔ expect n == 1"))
    }

    @Test func sourceRunsAFileInTheSameSessionAndStopsAtItsFailure() throws {
        let harness = try SessionHarness()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("src-\(UUID().uuidString).ops").path
        try "SELECT 5 AS n;\nexpect n == 6\nSELECT 7 AS n;\n".write(toFile: path, atomically: true, encoding: .utf8)
        let outcome = harness.run("source \(path)\nexpect n == 5")
        #expect(outcome.exitCode == 1)
        #expect(harness.output.errors.contains("\(path) stopped at \(path):2"))
        #expect(!harness.output.output.contains("\n7\n"))
    }

    @Test func sourceOfAMissingFileIsBadInput() throws {
        let harness = try SessionHarness()
        #expect(harness.run("source /nonexistent/x.ops").exitCode == 2)
        #expect(harness.output.errors.contains("no such file: /nonexistent/x.ops"))
    }

    @Test func aReportWithoutATranscriptSaysWhy() throws {
        // The harness records no transcript (as when the warehouse's transcripts folder cannot be written).
        let harness = try SessionHarness()
        #expect(harness.run("report --title x").exitCode == 1)
        #expect(harness.output.errors.contains("this session has no transcript to report on"))
    }

    @Test func clockSetMakesRelativeDatesAndThePromptFollowIt() throws {
        let harness = try SessionHarness(format: .csv)
        #expect(harness.run("clock set 2026-01-21 08:00").exitCode == 0)
        #expect(harness.session.prompt.hasSuffix(" 2026-01-21> "))
        #expect(harness.output.output.contains("simulated,2026-01-21 08:00 EST,2026-01-21T13:00:00.000Z,2026-01-21"))
        // The setting is stored in the warehouse: a new session sees the same clock.
        let again = try ShellSession(warehouse: harness.warehouse, style: OutputStyle(), output: BufferedOutput())
        #expect(again.today.description == "2026-01-21")
        #expect(harness.run("clock set 2026-01-21 25:00").exitCode == 2)
        #expect(harness.run("clock wall").exitCode == 0)
        #expect(!harness.session.clock.isSimulated)
    }

    @Test func quitStopsTheLoop() throws {
        let harness = try SessionHarness()
        let outcome = harness.run("SELECT 1 AS a;\nquit\nSELECT 2 AS b;")
        #expect(outcome.quit)
        #expect(!harness.output.output.contains("b\n"))
    }
}

@Suite struct Transcripts {
    func lines(_ harness: SessionHarness) throws -> [[String: Any]] {
        let path = try #require(harness.session.transcript?.path)
        harness.session.transcript?.finish(exitCode: 1, wallTime: Date(timeIntervalSince1970: 1_769_000_100))
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return try text.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    @Test func everyStepIsRecordedWithResultVerdictAndNote() throws {
        let harness = try SessionHarness()
        harness.session.startTranscript(mode: "script", script: "test.ops")
        harness.run("SELECT 'COMPLETE' AS status;\nnote all good\nexpect status == 'PARTIAL'")
        let records = try lines(harness)
        #expect(records.map { $0["type"] as? String } == ["session", "step", "step", "step", "end"])
        #expect(records[0]["script"] as? String == "test.ops")
        let query = records[1]
        #expect(query["status"] as? String == "ok")
        let result = try #require(query["result"] as? [String: Any])
        #expect(result["columns"] as? [String] == ["status"])
        #expect((result["rows"] as? [[Any]])?.first?.first as? String == "COMPLETE")
        #expect(query["wall_time"] as? String == "2026-01-21T12:53:20.000Z")
        #expect(query["location"] as? String == "test.ops:1")
        #expect(records[2]["note"] as? String == "all good")
        let verdict = try #require(records[3]["expectation"] as? [String: Any])
        #expect(verdict["passed"] as? Bool == false)
        #expect(verdict["found"] as? String == "'COMPLETE'")
        #expect(records[3]["status"] as? String == "failed")
        #expect(records[4]["exit_code"] as? Int == 1)
    }

    @Test func errorsAreRecordedWithTheirPosition() throws {
        let harness = try SessionHarness()
        harness.session.startTranscript(mode: "script", script: nil)
        harness.run("gaps 2026-02-30")
        let records = try lines(harness)
        let error = try #require(records[1]["error"] as? [String: Any])
        #expect(error["kind"] as? String == "bad_input")
        #expect(error["position"] as? String == "1:6")
        #expect(records[1]["status"] as? String == "bad_input")
    }

    @Test func secretsAreRedactedFromTranscripts() throws {
        let harness = try SessionHarness()
        harness.session.startTranscript(mode: "script", script: nil)
        harness.run("note fetched https://api.the-odds-api.com/v4/sports?apiKey=abc123secret&regions=us")
        let path = try #require(harness.session.transcript?.path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!text.contains("abc123secret"))
        #expect(text.contains("apiKey=[REDACTED]"))
    }
}
