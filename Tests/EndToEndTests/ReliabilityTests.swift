import Foundation
import Testing
import Scenario
import Warehouse

/// DESIGN §9's promises as properties checked against the built binary. Each prints one `reliability:` summary line.
/// CI runs a bounded version; `scripts/reliability` sets `NBAOPS_RELIABILITY=full` for the full counts.
extension LongRunning {
    @Suite(.serialized) struct Reliability {
        static var full: Bool { ProcessInfo.processInfo.environment["NBAOPS_RELIABILITY"] == "full" }

        /// Columns that name or date a particular write rather than what was written: a retried write gets new ones.
        static let identityColumns: Set<String> = ["prediction_id", "run_id", "superseded_by", "upstream", "created_at", "processed_at",
                                                   "graded_at", "loaded_at", "prediction_version"]

        /// The data a pipeline produces: every row of every raw, analytics, precompute and prediction table — for
        /// predictions the active ones, since a regeneration rightly keeps the superseded rows a retry made — without the
        /// identity columns; not the orchestration records, which rightly remember a crash and a retry. Also every key
        /// that occurs twice.
        static func dataFingerprint(_ directory: String) throws -> WarehouseFingerprint {
            try Warehouse(directory: directory).read { tx in
                try WarehouseFingerprint.of(tx, datasets: [.raw, .analytics, .precompute, .predictions], leaving: identityColumns,
                                            activeOnly: true)
            }
        }

        /// Starts the binary, lets it work for `delay` seconds, then kills it with SIGKILL (if it has not finished).
        static func killed(after delay: Double, _ arguments: [String]) throws -> Bool {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Nbaops.binary)
            process.arguments = arguments
            process.currentDirectoryURL = Nbaops.packageRoot
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            process.standardInput = FileHandle.nullDevice
            try process.run()
            let deadline = Date().addingTimeInterval(delay)
            while process.isRunning, Date() < deadline { usleep(5_000) }
            let wasRunning = process.isRunning
            if wasRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            return wasRunning
        }

        /// Kill moments spread over a run of `duration` seconds, drawn from a fixed seed so a failure can be replayed.
        static func moments(_ count: Int, over duration: Double, seed: UInt64) -> [Double] {
            var state = seed
            return (0..<count).map { _ in
                state = state &* 6364136223846793005 &+ 1442695040888963407
                return 0.05 + Double(state >> 11) / Double(1 << 53) * duration * 0.95
            }
        }

        struct Crashes {
            var tried = 0, killedMidway = 0, differing: [String] = [], duplicates: [String] = [], failedRestarts: [String] = []
            var holds: Bool { differing.isEmpty && duplicates.isEmpty && failedRestarts.isEmpty }
        }

        /// Runs `work` once uninterrupted for the reference, then on fresh copies kills it at each moment, restarts the
        /// same work and heals, and compares the data with the reference.
        static func crashAndResume(_ label: String, work: [String], heal: String, trials: Int, seed: UInt64) throws -> Crashes {
            let reference = try DemoFixture.copy()
            let started = Date()
            let clean = try Nbaops.run(["--warehouse", reference] + work)
            #expect(clean.exitCode == 0, "\(clean.stderr)")
            let duration = Date().timeIntervalSince(started)
            _ = try Nbaops.run(["--warehouse", reference, "-c", heal])
            let expected = try dataFingerprint(reference)
            var result = Crashes()
            for (trial, moment) in moments(trials, over: duration, seed: seed).enumerated() {
                let warehouse = try DemoFixture.copy()
                result.tried += 1
                let midway = try killed(after: moment, ["--warehouse", warehouse] + work)
                if midway { result.killedMidway += 1 }
                // A run that finished before its kill moment is not restarted: `run DATE` rightly refuses a night the
                // clock is already past. Nor is one killed after its night ran to the end (the clock saved at the
                // night's last instant, the process not yet exited): the restart says so, and that is not a failure.
                // Either is still healed and compared.
                let restart = midway ? try Nbaops.run(["--warehouse", warehouse] + work) : nil
                let nightAlreadyRan = restart.map { $0.exitCode != 0 && $0.stderr.contains("is already past the night of") } ?? false
                let healed = try Nbaops.run(["--warehouse", warehouse, "-c", heal])
                if (restart.map { $0.exitCode != 0 } ?? false) && !nightAlreadyRan || healed.exitCode != 0 {
                    result.failedRestarts.append("trial \(trial) (killed at \(String(format: "%.2f", moment)) s): \(restart?.stderr ?? "")\(healed.stderr)")
                }
                let found = try dataFingerprint(warehouse)
                result.duplicates += found.duplicatedKeys.map { "trial \(trial): \($0)" }
                let differing = expected.differing(from: found)
                if !differing.isEmpty { result.differing.append("trial \(trial) (killed at \(String(format: "%.2f", moment)) s): \(differing)") }
                try? FileManager.default.removeItem(atPath: warehouse)
            }
            print("reliability: crash-resume \(label): \(result.tried) kill -9s (\(result.killedMidway) mid-work), "
                  + "\(result.differing.count) differing from the uninterrupted run, \(result.duplicates.count) duplicate keys, "
                  + "\(result.failedRestarts.count) failed restarts — \(result.holds ? "holds" : "FAILS")")
            return result
        }

        @Test func aKilledBackfillRestartedAndHealedEndsAsAnUninterruptedOne() throws {
            let result = try Self.crashAndResume("backfill", work: ["-c", "backfill phase3 2026-01-14..19 --through phase5"],
                                                 heal: "heal 2026-01-14..19", trials: Self.full ? 50 : 2, seed: 11)
            #expect(result.holds, "\(result.differing.prefix(3)) \(result.duplicates.prefix(3)) \(result.failedRestarts.prefix(2))")
        }

        @Test func aKilledNightRestartedAndHealedEndsAsAnUninterruptedOne() throws {
            let result = try Self.crashAndResume("run", work: ["-c", "run 2026-01-21"],
                                                 heal: "heal 2026-01-20..22", trials: Self.full ? 50 : 2, seed: 21)
            #expect(result.holds, "\(result.differing.prefix(3)) \(result.duplicates.prefix(3)) \(result.failedRestarts.prefix(2))")
        }
    }

    @Suite(.serialized) struct ReliabilityUnderLoad {
        /// A night of scrapes against a feed answering with production's failure mix: every game still arrives, every
        /// failed attempt is in `api_errors` (as many as the feed says it injected), and no key is written anywhere.
        @Test func aFaultyFeedNightCompletesWithEveryGameAndEveryFailureRecorded() throws {
            let warehouse = Nbaops.temporaryDirectory("faulty")
            let range = Reliability.full ? "2026-01-05..14" : "2026-01-14"
            let result = try Nbaops.run(["--warehouse", warehouse, "--sources", "scenario", "--format", "csv", "-c",
                                         "clock set 2026-01-15 09:00; feed fault load faulty-night; scrape all \(range); feed fault list"])
            #expect(result.exitCode == 0, "\(result.stderr)")
            let fired = result.stdout.split(separator: "\n").filter { $0.hasPrefix("any ") }
                .compactMap { $0.split(separator: ",").last.flatMap { Int($0) } }.reduce(0, +)
            let (runs, incomplete, errors) = try Warehouse(directory: warehouse).read { tx in
                (try tx.scalar("SELECT COUNT(*) FROM nba_orchestration.scraper_execution_log").intValue ?? 0,
                 try tx.query("""
                    SELECT scraper_name || ' ' || game_date || ' ' || status || ' ' || COALESCE(games_found, '') || '/' || COALESCE(games_expected, '')
                    FROM nba_orchestration.scraper_execution_log
                    WHERE status <> 'success' OR (games_expected IS NOT NULL AND games_found < games_expected)
                    """).rows.compactMap { $0[0].stringValue },
                 try tx.scalar("SELECT COUNT(*) FROM nba_orchestration.api_errors").intValue ?? 0)
            }
            let keys = ScenarioFeed.Credentials(seed: 2026)
            let secrets = Self.filesContaining([keys.ballDontLieKey, keys.oddsAPIKey], under: warehouse)
            let holds = incomplete.isEmpty && errors == fired && fired > 0 && secrets.isEmpty
            print("reliability: faulty feed: \(runs) scraper runs over \(range), \(fired) faults injected, \(errors) in api_errors, "
                  + "\(incomplete.count) runs short of games, \(secrets.count) files holding a key — \(holds ? "holds" : "FAILS")")
            #expect(incomplete.isEmpty, "\(incomplete)")
            #expect(fired > 0 && errors == fired)
            #expect(secrets.isEmpty, "\(secrets)")
        }

        /// Every regular file under `folder` (databases, WAL files, lake, transcripts) that holds one of the strings.
        static func filesContaining(_ needles: [String], under folder: String) -> [String] {
            let enumerator = FileManager.default.enumerator(atPath: folder)
            var found: [String] = []
            while let name = enumerator?.nextObject() as? String {
                let path = folder + "/" + name
                guard let data = FileManager.default.contents(atPath: path) else { continue }
                for needle in needles where data.range(of: Data(needle.utf8)) != nil { found.append(path) }
            }
            return found
        }

        /// A backfill in one process while a night runs in another, on one warehouse: neither sees "database is locked",
        /// and after a heal the data equals that of the same two commands run one after the other (and healed).
        @Test func aBackfillDuringARunLosesNothing() throws {
            let backfill = ["-c", "backfill phase3 2026-01-16..19 --through phase5"]
            let night = ["-c", "run 2026-01-21"]
            let heal = ["-c", "heal 2026-01-16..22"]
            let sequential = try DemoFixture.copy()
            for work in [backfill, night, heal] { #expect(try Nbaops.run(["--warehouse", sequential] + work).exitCode == 0) }
            let expected = try Reliability.dataFingerprint(sequential)

            let rounds = Reliability.full ? 5 : 1
            var locked = 0, failed: [String] = [], differing: [String] = [], duplicates: [String] = []
            for round in 0..<rounds {
                let warehouse = try DemoFixture.copy()
                final class Box: @unchecked Sendable { var result: Nbaops.Result? }
                let other = Box()
                let group = DispatchGroup()
                group.enter()
                DispatchQueue.global().async {
                    other.result = try? Nbaops.run(["--warehouse", warehouse] + night)
                    group.leave()
                }
                // The night starts first; the backfill joins it a moment later, on each round a little later still.
                usleep(useconds_t(300_000 + round * 400_000))
                let first = try Nbaops.run(["--warehouse", warehouse] + backfill)
                group.wait()
                for (name, result) in [("backfill", first), ("run", other.result)] {
                    guard let result else { failed.append("\(name): did not start"); continue }
                    if (result.stdout + result.stderr).contains("database is locked") { locked += 1 }
                    if result.exitCode != 0 { failed.append("round \(round) \(name): exit \(result.exitCode) \(result.stderr.prefix(300))") }
                }
                _ = try Nbaops.run(["--warehouse", warehouse] + heal)
                let found = try Reliability.dataFingerprint(warehouse)
                duplicates += found.duplicatedKeys
                let diff = expected.differing(from: found)
                if !diff.isEmpty { differing.append("round \(round): \(diff)") }
                try? FileManager.default.removeItem(atPath: warehouse)
            }
            let holds = locked == 0 && failed.isEmpty && differing.isEmpty && duplicates.isEmpty
            print("reliability: concurrency: \(rounds) backfill-during-run rounds, \(locked) 'database is locked', \(failed.count) failed commands, "
                  + "\(differing.count) differing from sequential, \(duplicates.count) duplicate keys — \(holds ? "holds" : "FAILS")")
            #expect(locked == 0)
            #expect(failed.isEmpty, "\(failed)")
            #expect(differing.isEmpty, "\(differing)")
            #expect(duplicates.isEmpty, "\(duplicates)")
        }
    }

    @Suite struct HostileInput {
        /// Each hostile input is refused with one error line (clipped, never a megabyte echoed back), a non-zero exit,
        /// and the warehouse unchanged.
        @Test func everyHostileInputIsRejectedAndWritesNothing() throws {
            let folder = Nbaops.temporaryDirectory("hostile")
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            func file(_ name: String, _ bytes: [UInt8]) throws -> String {
                let path = folder + "/" + name
                try Data(bytes).write(to: URL(fileURLWithPath: path))
                return path
            }
            let huge = try file("huge.ops", Array("gaps ".utf8) + Array(repeating: UInt8(ascii: "9"), count: 2_000_000) + [10])
            let invalidUTF8 = try file("invalid-utf8.ops", Array("gaps 2026-01-1".utf8) + [0xFF, 0xFE] + Array("6\n".utf8))
            let nul = try file("nul.ops", Array("gaps 2026-01-16".utf8) + [0] + Array("; SELECT 1\n".utf8))
            let harmless = try file("ok.ops", Array("SELECT 1 AS one;\n".utf8))
            let cases: [[String]] = [
                ["-c", "gaps '2026-01-16; DROP TABLE nba_raw.nbac_schedule'"],
                ["-c", "explain predictions 2026-01-20 --player \"x' OR 1=1 --\""],
                ["-c", "explain run \"x' OR '1'='1\""],
                ["-c", "schema \"nba_raw.nbac_schedule; DROP TABLE nba_raw.nbac_schedule\""],
                ["-c", "sql DROP TABLE nba_raw.nbac_schedule"],
                ["-c", "report -o ../../etc/passwd.md"],
                ["-c", "report -o /tmp/../etc/nbaops.html"],
                ["run", harmless, "--report", "../escape.html"],
                ["run", huge],
                ["run", invalidUTF8],
                ["run", nul],
                ["-c", "gaps 2026-02-30"],
                ["-c", "backfill phase3 2026-01-16..18 --through ../../phase5"],
                ["-c", "clock set 2026-01-15 25:00"],
                ["-c", "publish nba-phase2-raw-complete {\"game_date\":\"2026-02-30\"}"],
                ["report", nul, "-o", folder + "/r.md"],
            ]
            let warehouse = Nbaops.temporaryDirectory("hostile-warehouse")
            #expect(try Nbaops.run(["--warehouse", warehouse, "-c", "SELECT 1"]).exitCode == 0)
            let before = try Nbaops.fingerprint(warehouse)
            var problems: [String] = []
            var clean = 0
            for arguments in cases {
                let known = problems.count
                let result = try Nbaops.run(["--warehouse", warehouse] + arguments)
                let errorLines = result.stderr.split(separator: "\n").filter { $0.hasPrefix("error") || $0.hasPrefix("failed") || $0.hasPrefix("Error") }
                let label = arguments.joined(separator: " ").prefix(80)
                if result.exitCode == 0 { problems.append("\(label): accepted") }
                if errorLines.count != 1 { problems.append("\(label): \(errorLines.count) error lines") }
                if result.stderr.utf8.count > 2_000 { problems.append("\(label): \(result.stderr.utf8.count) bytes of error") }
                if try Nbaops.fingerprint(warehouse) != before { problems.append("\(label): wrote to the warehouse") }
                if problems.count == known { clean += 1 }
            }
            let strays = ["/etc/passwd.md", "/etc/nbaops.html", folder + "/r.md"].filter { FileManager.default.fileExists(atPath: $0) }
            problems += strays.map { "wrote \($0)" }
            print("reliability: hostile inputs: \(cases.count) inputs, \(clean) rejected cleanly, "
                  + "\(problems.count) problems — \(problems.isEmpty ? "holds" : "FAILS")")
            #expect(problems.isEmpty, "\(problems)")
        }
    }
}
