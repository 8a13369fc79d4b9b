import Testing
import Warehouse
@testable import Shell

@Suite struct Expectations {
    let query = "SELECT 'COMPLETE' AS status, 7 AS raw_games UNION ALL SELECT 'PARTIAL', 4 UNION ALL SELECT 'COMPLETE', NULL;"

    @Test func passingAssertionsPrintVerdictsAndExitZero() throws {
        let harness = try SessionHarness()
        let outcome = harness.run("""
            \(query)
            expect rows == 3
            expect status == 'COMPLETE'
            expect any status == 'PARTIAL'
            expect no status == 'NO_GAMES'
            expect sum(raw_games) >= 11
            expect max(raw_games) == 7
            expect count(raw_games) == 2
            expect avg(raw_games) > 5.4
            expect min(status) == 'COMPLETE'
            """)
        #expect(outcome.exitCode == 0)
        #expect(harness.output.output.components(separatedBy: "✔").count - 1 == 9)
        #expect(harness.output.output.contains("✔ expect sum(raw_games) >= 11 (found 11)"))
    }

    @Test func aFailedExpectationSaysWhatWasExpectedAndFoundAndStopsTheScript() throws {
        let harness = try SessionHarness()
        let outcome = harness.run("""
            \(query)
            expect all status == 'COMPLETE'
            expect rows == 3
            """)
        #expect(outcome.exitCode == 1)
        #expect(outcome.failedAt == "test.ops:2")
        #expect(harness.output.output.contains(
            "✘ expect all status == 'COMPLETE': expected == 'COMPLETE', found 'PARTIAL' in row 2 (1 of 3 rows fail)"))
        #expect(!harness.output.output.contains("expect rows == 3"))
    }

    @Test func keepGoingRunsEveryStepAndStillFails() throws {
        let harness = try SessionHarness()
        let outcome = harness.run("\(query)\nexpect rows == 2\nexpect rows == 3\n", keepGoing: true)
        #expect(outcome.exitCode == 1)
        #expect(harness.output.output.contains("✔ expect rows == 3"))
    }

    @Test func expectationsTestTheLastTableNotTheLastCommand() throws {
        let harness = try SessionHarness()
        #expect(harness.run("\(query)\nnote looked at it\nexpect rows == 3\nexpect rows == 3").exitCode == 0)
    }

    @Test func nullsAndNumbersCompareSensibly() {
        #expect(ExpectCommand.compare(.null, .equal, .null))
        #expect(!ExpectCommand.compare(.integer(0), .equal, .null))
        #expect(ExpectCommand.compare(.integer(3), .notEqual, .null))
        #expect(!ExpectCommand.compare(.null, .greater, .integer(1)))
        #expect(ExpectCommand.compare(.text("10"), .greater, .integer(9)))
        #expect(ExpectCommand.compare(.real(2.0), .equal, .integer(2)))
        #expect(ExpectCommand.compare(.text("b"), .greater, .text("a")))
    }

    @Test func badAssertionsAreBadInput() throws {
        for (line, message) in [("expect rows = = 3", "unexpected '3' after the value"),
                                ("expect rows ~ 3", "'~' is not a comparison"),
                                ("expect statuz == 'x'", "the previous result has no column 'statuz'"),
                                ("expect median(raw_games) > 1", "unknown aggregate 'median'")] {
            let harness = try SessionHarness()
            let outcome = harness.run("\(query)\n\(line)")
            #expect(outcome.exitCode == 2, "\(line)")
            #expect(harness.output.errors.contains(message), "\(line): \(harness.output.errors)")
        }
    }

    @Test func expectWithoutAResultFails() throws {
        let harness = try SessionHarness()
        #expect(harness.run("expect rows == 0").exitCode == 1)
        #expect(harness.output.errors.contains("expect has no previous result to test"))
    }

    @Test func namedChecksNeedNoPreviousResult() throws {
        let harness = try SessionHarness()
        #expect(harness.run("expect no alerts").exitCode == 0)
        #expect(harness.run("sql --write INSERT INTO nba_orchestration.alerts (alert_id, severity, title, raised_at) VALUES ('a1', 'high', 'Phase 3 stuck', 't')").exitCode == 0)
        #expect(harness.run("expect no alerts --severity low").exitCode == 0)
        #expect(harness.run("expect no alerts --severity high").exitCode == 1)
        #expect(harness.output.output.contains("found 1: Phase 3 stuck"))
        #expect(harness.run("sql --write INSERT INTO nba_raw.nbac_schedule (game_id, game_date) VALUES ('g', '2020-01-01')").exitCode == 0)
        #expect(harness.run("expect gaps 2020-01-01..02 complete").exitCode == 1)
        #expect(harness.output.output.contains("found 2020-01-01 NO_RAW_DATA"))
        #expect(harness.run("expect gaps 2020-01-02 complete").exitCode == 0, "a date without games is fine")
    }
}
