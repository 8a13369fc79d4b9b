import Foundation
import Testing
import Warehouse

@Suite struct ProcessInterface {
    @Test func pipedSQLPrintsItsResult() throws {
        let warehouse = Nbaops.temporaryDirectory("pipe")
        let result = try Nbaops.run(["--warehouse", warehouse], stdin: "SELECT 1+1;\n")
        #expect(result.exitCode == 0)
        #expect(result.stdout == "1+1\n  2\n")
        #expect(result.stderr.isEmpty)
    }

    @Test func dropTableIsRefusedWithoutWriteAndTheTableStays() throws {
        let warehouse = Nbaops.temporaryDirectory("drop")
        let result = try Nbaops.run(["--warehouse", warehouse, "-c", "sql DROP TABLE nba_raw.bdl_player_boxscores"])
        #expect(result.exitCode == 1)
        #expect(result.stderr.contains("read-only"))
        let check = try Nbaops.run(["--warehouse", warehouse, "-c",
                                    "SELECT COUNT(*) AS n FROM nba_raw.sqlite_master WHERE name = 'bdl_player_boxscores'; expect n == 1"])
        #expect(check.exitCode == 0, "\(check.stdout)\(check.stderr)")
    }

    @Test func helpListsEveryCommandWithASummary() throws {
        let result = try Nbaops.run(["--warehouse", Nbaops.temporaryDirectory("help"), "-c", "help"])
        #expect(result.exitCode == 0)
        let commandLines = result.stdout.split(separator: "\n").filter { $0.hasPrefix("  ") }
        #expect(commandLines.count == 36, "the 34 commands of DESIGN §7, plus feed and sources")
        for line in commandLines {
            let parts = line.split(separator: " ", maxSplits: 1)
            #expect(parts.count == 2 && parts[1].trimmingCharacters(in: .whitespaces).count > 10, "\(line)")
        }
    }

    @Test func tablesListsEveryTableOfTheDesign() throws {
        let result = try Nbaops.run(["--warehouse", Nbaops.temporaryDirectory("tables"), "--format", "csv", "-c", "tables"])
        #expect(result.exitCode == 0)
        let design = [
            "nba_raw": ["nbac_schedule", "bdl_player_boxscores", "nbac_gamebook_player_stats", "odds_api_player_points_props",
                        "odds_api_game_lines", "br_rosters_current", "bigdataball_play_by_play", "bdl_injuries"],
            "nba_analytics": ["player_game_summary", "team_offense_game_summary", "team_defense_game_summary",
                              "upcoming_player_game_context", "upcoming_team_game_context"],
            "nba_precompute": ["player_daily_cache", "player_composite_factors", "player_shot_zone_analysis",
                               "team_defense_zone_analysis", "ml_feature_store"],
            "nba_predictions": ["player_prop_predictions", "prediction_accuracy"],
            "nba_orchestration": ["runs", "messages", "deliveries", "dead_letters", "phase_completion", "phase_transitions",
                                  "scraper_execution_log", "api_errors", "circuit_breaker_state", "scheduler_jobs", "alerts",
                                  "phase_boundary_validations", "heal_actions", "logs"],
        ]
        for (dataset, tables) in design {
            for table in tables { #expect(result.stdout.contains("\n\(dataset),\(table),"), "\(dataset).\(table)") }
        }
    }

    @Test func aFailingExpectationExitsOneAndItsTranscriptRecordsTheVerdict() throws {
        let warehouse = Nbaops.temporaryDirectory("expect")
        let result = try Nbaops.run(["--warehouse", warehouse, "run", Nbaops.fixture("failing-expect.ops")])
        #expect(result.exitCode == 1)
        #expect(result.stdout.contains("✔ expect status == 'COMPLETE'"))
        #expect(result.stdout.contains("✘ expect games == 9: expected == 9, found 7"))
        let transcript = try String(contentsOfFile: try #require(Nbaops.transcripts(warehouse).last), encoding: .utf8)
        #expect(transcript.contains("\"expectation\":{\"text\":\"games == 9\",\"passed\":false,\"expected\":\"== 9\",\"found\":\"7\"}"))
        #expect(transcript.contains("\"type\":\"end\",\"exit_code\":1"))
        #expect(!transcript.contains("never reached"))
    }

    @Test func keepGoingRunsTheRestAndStillFails() throws {
        let warehouse = Nbaops.temporaryDirectory("keep")
        let result = try Nbaops.run(["--warehouse", warehouse, "run", Nbaops.fixture("failing-expect.ops"), "--keep-going"])
        #expect(result.exitCode == 1)
        let transcript = try String(contentsOfFile: try #require(Nbaops.transcripts(warehouse).last), encoding: .utf8)
        #expect(transcript.contains("never reached"))
    }

    @Test func sqlSpanningLinesRunsFromAScript() throws {
        let result = try Nbaops.run(["--warehouse", Nbaops.temporaryDirectory("span"), "run", Nbaops.fixture("sql-spanning-lines.ops")])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout.contains("✔ expect undefined == NULL"))
    }

    @Test func commandsSeparatedBySemicolons() throws {
        let result = try Nbaops.run(["--warehouse", Nbaops.temporaryDirectory("c"), "--format", "csv", "-c",
                                     "SELECT 1 AS a; SELECT 2 AS b; set format json; SELECT 3 AS c"])
        #expect(result.exitCode == 0)
        #expect(result.stdout == "a\n1\nb\n2\n[{\"c\":3}]\n")
    }

    @Test func globalOptionsWorkBeforeAndAfterTheMode() throws {
        let warehouse = Nbaops.temporaryDirectory("order")
        let before = try Nbaops.run(["--warehouse", warehouse, "--format", "csv", "run", Nbaops.fixture("sql-spanning-lines.ops")])
        let after = try Nbaops.run(["run", Nbaops.fixture("sql-spanning-lines.ops"), "--warehouse", warehouse, "--format", "csv"])
        #expect(before.exitCode == 0 && after.exitCode == 0)
        #expect(before.stdout == after.stdout)
        #expect(before.stdout.hasPrefix("n,later,undefined\n2,1,\n"))
    }

    @Test func theWarehouseComesFromTheEnvironmentWhenNotGiven() throws {
        let warehouse = Nbaops.temporaryDirectory("env")
        let result = try Nbaops.run(["-c", "clock set 2026-01-21"], environment: ["NBAOPS_WAREHOUSE": warehouse])
        #expect(result.exitCode == 0)
        #expect(FileManager.default.fileExists(atPath: warehouse + "/warehouse.sqlite"))
    }
}

@Suite struct BadInput {
    struct Case: CustomTestStringConvertible, Sendable {
        let arguments: [String]
        let exitCode: Int32
        let message: String
        var testDescription: String { arguments.joined(separator: " ") }
    }

    static let cases: [Case] = [
        Case(arguments: ["-c", "gaps 2026-02-30"], exitCode: 2, message: "no such date: 2026-02-30"),
        Case(arguments: ["-c", "backfill phase3 2026-01-21..16"], exitCode: 2, message: "reversed range"),
        Case(arguments: ["-c", "frobnicate now"], exitCode: 2, message: "unknown command 'frobnicate'"),
        Case(arguments: ["-c", "source /nonexistent/runbook.ops"], exitCode: 2, message: "no such file: /nonexistent/runbook.ops"),
        Case(arguments: ["run", "/nonexistent/runbook.ops"], exitCode: 2, message: "cannot read the script /nonexistent/runbook.ops"),
        Case(arguments: ["-c", "sql DELETE FROM nba_orchestration.alerts"], exitCode: 1, message: "read-only"),
        Case(arguments: ["-c", "sql INSERT INTO nba_orchestration.alerts (alert_id) VALUES ('x')"], exitCode: 1, message: "read-only"),
        Case(arguments: ["-c", "schema x'; DROP TABLE nba_raw.nbac_schedule; --"], exitCode: 2, message: "no table named 'x''"),
        Case(arguments: ["-c", "schema \"nba_raw.nbac_schedule; DROP TABLE nba_raw.nbac_schedule\""], exitCode: 2, message: "no table named"),
        Case(arguments: ["-c", "clock set 2026-13-01"], exitCode: 2, message: "there is no month 13"),
        Case(arguments: ["-c", "set format xml"], exitCode: 2, message: "'xml' is not an output format"),
        Case(arguments: ["-c", "gaps 2026-01-16 --phase=three"], exitCode: 2, message: "--phase must be a number"),
        Case(arguments: ["--format", "xml", "-c", "tables"], exitCode: 2, message: "'xml' is not an output format"),
        Case(arguments: ["--frobnicate"], exitCode: 2, message: "Unknown option '--frobnicate'"),
        Case(arguments: ["-c", "sql --write DELETE FROM nba_orchestration.alerts; gaps 2026-02-30"], exitCode: 2, message: "no such date"),
        Case(arguments: ["-c", "load nba-stats-csv /nonexistent/logs.csv"], exitCode: 2, message: "no such file: /nonexistent/logs.csv"),
        Case(arguments: ["-c", "load nba-stats-csv sessions/foundation-tour.ops"], exitCode: 2, message: "sessions/foundation-tour.ops:1: missing columns"),
        Case(arguments: ["-c", "backfill phase2 2026-01-16..18 --through phase1"], exitCode: 2, message: "'phase1' is not a valid --through"),
        Case(arguments: ["-c", "backfill phase4 2026-01-16..18 --through phase3"], exitCode: 2, message: "--through phase3 comes before phase4"),
        Case(arguments: ["-c", "backfill phase9 2026-01-16..18"], exitCode: 2, message: "'phase9' is not a valid PHASE"),
        Case(arguments: ["-c", "load odds-api /nonexistent/odds"], exitCode: 2, message: "/nonexistent/odds: no such directory"),
    ]

    @Test(arguments: cases)
    func isRejectedClearlyAndWritesNothing(_ c: Case) throws {
        let warehouse = Nbaops.temporaryDirectory("bad")
        let seed = try Nbaops.run(["--warehouse", warehouse, "-c",
                                   "sql --write INSERT INTO nba_orchestration.alerts (alert_id, severity) VALUES ('seed', 'high')"])
        #expect(seed.exitCode == 0)
        let before = try Nbaops.fingerprint(warehouse)
        var arguments = c.arguments
        if c.arguments.first != "--frobnicate" { arguments = ["--warehouse", warehouse] + arguments }
        // The last case runs a write first and then a bad date: a script is parsed statement by statement, so the
        // write happens; it is there to show that the failure still exits 2 and names the bad statement.
        let result = try Nbaops.run(arguments)
        #expect(result.exitCode == c.exitCode, "\(result.stderr)")
        #expect(result.stderr.contains(c.message), "\(result.stderr)")
        let errorLines = result.stderr.split(separator: "\n").filter { $0.hasPrefix("error") || $0.hasPrefix("failed") || $0.hasPrefix("Error") }
        #expect(errorLines.count == 1, "\(result.stderr)")
        if !c.arguments.contains(where: { $0.contains("--write") }) {
            #expect(try Nbaops.fingerprint(warehouse) == before)
        }
    }
}

extension LongRunning {
    @Suite struct SavedSessions {
        static var scripts: [String] {
            let folder = Nbaops.packageRoot.appendingPathComponent("sessions").path
            return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".ops") }.sorted()
        }

        @Test func thereAreSessionScripts() { #expect(!SavedSessions.scripts.isEmpty) }

        /// A runbook that begins with `expect demo warehouse` runs on a copy of the demo; the others on a new warehouse.
        static func needsDemo(_ name: String) -> Bool {
            let text = (try? String(contentsOf: Nbaops.packageRoot.appendingPathComponent("sessions/" + name), encoding: .utf8)) ?? ""
            return text.split(separator: "\n").contains { $0.trimmingCharacters(in: .whitespaces) == "expect demo warehouse" }
        }

        @Test(arguments: scripts)
        func runsCleanly(_ name: String) throws {
            let warehouse = SavedSessions.needsDemo(name) ? try DemoFixture.copy() : Nbaops.temporaryDirectory("session")
            let report = Nbaops.temporaryDirectory("report") + ".md"
            let result = try Nbaops.run(["--warehouse", warehouse, "run", "sessions/" + name, "--report", report])
            #expect(result.exitCode == 0, "\(name): \(result.stdout)\n\(result.stderr)")
            #expect(!result.stdout.contains("✘"))
            // The run's report says it passed, and so does the report the script itself wrote, if it ends with one.
            let markdown = try String(contentsOfFile: report, encoding: .utf8)
            #expect(markdown.contains("**PASSED** — "), "\(name)")
            #expect(!markdown.contains("✘"), "\(name)")
        }

        @Test func aRunbookRefusesAWarehouseThatIsNotTheDemo() throws {
            let warehouse = Nbaops.temporaryDirectory("not-demo")
            let result = try Nbaops.run(["--warehouse", warehouse, "run", "sessions/backfill-jan16-19.ops"])
            #expect(result.exitCode == 1)
            #expect(result.stdout.contains("not a demo warehouse: build one with `nbaops demo --warehouse DIR`"), "\(result.stdout)")
            #expect(!result.stdout.contains("backfill phase3"))
        }
    }
}
