import Foundation
import Testing
import Warehouse

extension LongRunning {
    /// The demo through the built binary, with a short history (from 2026-01-04) for speed: the incident shows in `gaps`,
    /// the runbook's repairs work, and `audit config` finds `br_roster`.
    @Suite(.serialized) struct DemoRunbook {
        @Test func theIncidentShowsAndTheRunbookRepairsIt() throws {
            let warehouse = try DemoFixture.copy()
            // On a built demo, `nbaops demo` opens it again without building.
            let build = try Nbaops.run(["demo", "--warehouse", warehouse, "--format", "csv", "-c", "gaps 2026-01-15..21"])
            #expect(build.exitCode == 0, "\(build.stderr)")
            #expect(!build.stdout.contains("demo warehouse built in"))
            let lines = build.stdout.split(separator: "\n").map(String.init)
            func row(_ date: String) -> String { lines.first { $0.hasPrefix(date + ",") } ?? "" }
            #expect(row("2026-01-15").contains(",9,1,"), "BallDontLie returned 1 of 9 games on Jan 15: \(row("2026-01-15"))")
            for date in ["2026-01-16", "2026-01-17", "2026-01-18", "2026-01-19"] { #expect(row(date).contains("NEEDS_BACKFILL"), "\(row(date))") }
            #expect(row("2026-01-20").contains("LAL@DEN") && row("2026-01-20").contains("TOR@GSW") && row("2026-01-20").contains("MIA@SAC"))

            let repair = try Nbaops.run(["--warehouse", warehouse, "--format", "csv", "-c",
                                         "backfill phase3 2026-01-16..19 --through phase5; gaps 2026-01-16..19 --phase 3; audit config"])
            #expect(repair.exitCode == 0, "\(repair.stderr)")
            let after = repair.stdout.split(separator: "\n").filter { $0.hasPrefix("2026-01-1") && $0.contains(",") }
            #expect(after.count == 4 && after.allSatisfy { $0.contains("COMPLETE") }, "\(repair.stdout)")
            #expect(repair.stdout.contains("br_roster,br_rosters_current"))

            let why = try Nbaops.run(["--warehouse", warehouse, "--format", "csv", "-c", "explain gap 2026-01-20; patterns 2026-01-04..21 --by venue"])
            #expect(why.stdout.contains("dead_letter,") && why.stdout.contains("TypeError: HealthChecker"), "\(why.stdout)")
            #expect(why.stdout.contains("bdl_player_boxscores,\"missing 3 of 7: LAL@DEN, MIA@SAC, TOR@GSW\""))

            let runID = try Nbaops.run(["--warehouse", warehouse, "--format", "csv", "-c",
                                        "SELECT run_id FROM nba_orchestration.runs WHERE processor_name = 'PlayerGameSummaryProcessor' AND status = 'success' ORDER BY started_at DESC LIMIT 1"])
                .stdout.split(separator: "\n").last.map(String.init) ?? ""
            let run = try Nbaops.run(["--warehouse", warehouse, "--format", "csv", "-c", "explain run \(runID)"])
            #expect(run.stdout.contains("output,nba_analytics.player_game_summary") && run.stdout.contains("input,nba_raw.nbac_gamebook_player_stats"),
                    "\(run.stdout)")

            // Jan 20's predictions were made the day before without current upstream: regenerate, then keep.
            let explain = try Nbaops.run(["--warehouse", warehouse, "-c", "explain predictions 2026-01-20"])
            #expect(explain.stdout.contains("2026-01-20: REGENERATE") && explain.stdout.contains("player_game_summary"), "\(explain.stdout)")
            let regenerated = try Nbaops.run(["--warehouse", warehouse, "-c",
                                              "backfill phase4 2026-01-20 --through phase5; explain predictions 2026-01-20"])
            #expect(regenerated.stdout.contains("2026-01-20: KEEP"), "\(regenerated.stdout)")

            let heal = try Nbaops.run(["--warehouse", warehouse, "-c", "heal 2026-01-15..21; heal 2026-01-15..21 --dry-run"])
            #expect(heal.exitCode == 0, "\(heal.stderr)")
            #expect(heal.stdout.contains("heal 2026-01-15..2026-01-21: nothing to repair"))
        }
    }

    @Suite struct DemoDeterminism {
        /// The same seed builds the same warehouse: a second demo build holds, row for row, what the shared one holds in
        /// every table — the data and the orchestration records (runs, messages, deliveries, logs, the scraper log,
        /// alerts, heal actions) — save the two things a real network measures: the feed's URL (its loopback port is
        /// new each run) and the response times.
        @Test func theSameSeedBuildsTheSameWarehouse() throws {
            let first = try DemoFixture.copy()
            let second = Nbaops.temporaryDirectory("demo-again")
            let build = try Nbaops.run(["demo", "--warehouse", second, "--from", "2026-01-04", "-c", "status"])
            #expect(build.exitCode == 0, "\(build.stderr)")
            let a = try Self.everyRow(first), b = try Self.everyRow(second)
            let differing = zip(a, b).filter { $0 != $1 }.map { $0.0.components(separatedBy: " ").first ?? "" }
            #expect(a.count == b.count && differing.isEmpty, "tables that differ: \(differing)")
        }

        static func everyRow(_ directory: String) throws -> [String] {
            try Warehouse(directory: directory).read { tx in
                try WarehouseFingerprint.of(tx, leaving: ["request_url", "response_time_ms"]).tables
            }
        }
    }
}
