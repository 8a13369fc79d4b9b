import Foundation
import Pipeline
import Runtime
import Warehouse

/// `load` (real history into the raw tables) and `backfill` (rebuild phases over a range).
enum PipelineCommands {
    static var entries: [CommandEntry] { [
        CommandEntry(
            CommandSpec("load", "import real history into the raw tables",
                        subcommands: [
                            CommandSpec("nba-stats-csv", "NBA stats player-game-log CSV (.csv or .csv.gz) → schedule and gamebook",
                                        parameters: [.init("FILE", .file)]),
                            CommandSpec("odds-api", "historical Odds API event-odds JSON files in DIR → prop snapshots",
                                        parameters: [.init("DIR", .file)]),
                        ]),
            subcommands: ["nba-stats-csv": loadNBAStatsCSV, "odds-api": loadOddsAPI]),
        CommandEntry(
            CommandSpec("backfill", "rebuild a phase's partitions over a range, in backfill mode",
                        parameters: [.init("PHASE", .choice(PipelineVocabulary.phases)), .init("RANGE", .range)],
                        options: [.init("dry-run", "show the plan only"),
                                  .init("through", value: .choice(PipelineVocabulary.phases), valueName: "PHASE",
                                        "continue downstream through PHASE"),
                                  .init("only-missing", "skip partitions that are loaded and not stale")],
                        details: """
                        Phases: phase2 (the raw tables, from the files Phase 1 scraped into the lake; a partition
                        whose content did not change is not rewritten), phase3 (game summaries, team and player
                        context), phase4 (cache, composite, features), phase5 (moving_average, similarity, ridge_v1,
                        ensemble_v1), grading (accuracy). Each partition is one transaction; Ctrl-C stops between
                        partitions. The plan says why each partition is built: missing (never loaded), stale (upstream
                        loaded later, newer files in the lake, or rebuilt by this run) or forced.
                        """),
            backfill),
    ] }

    static func loadNBAStatsCSV(_ invocation: Invocation, _ session: ShellSession) throws(ShellError) -> CommandResult {
        guard let entry = invocation.positionals.first, let path = entry.value.text else { throw ShellError.bad("load needs a file") }
        let runID = "load-" + String(SHA256.hex(path + PipelineCalendar.timestamp(session.clock.now)).prefix(8))
        let summary: NBAStatsCSVLoader.Summary
        do {
            summary = try NBAStatsCSVLoader(warehouse: session.warehouse)
                .load(path, runID: runID, loadedAt: PipelineCalendar.timestamp(session.clock.now))
        } catch let error as LoadError {
            if error.line == nil && error.message == "no such file" {
                throw ShellError.bad("no such file: \(path)", at: entry.range, suggestion: "give the path of an NBA stats CSV (.csv or .csv.gz)")
            }
            throw ShellError.bad(error.description, at: entry.range)
        } catch {
            throw ShellError.failed("\(error)")
        }
        return .table(ResultTable(columns: ["file", "dates", "games", "player_games", "first", "last", "run_id"], rows: [[
            .text(path), .integer(Int64(summary.dates)), .integer(Int64(summary.games)), .integer(Int64(summary.playerGames)),
            .text(summary.firstDate.description), .text(summary.lastDate.description), .text(runID),
        ]]))
    }

    static func loadOddsAPI(_ invocation: Invocation, _ session: ShellSession) throws(ShellError) -> CommandResult {
        guard let entry = invocation.positionals.first, let directory = entry.value.text else { throw ShellError.bad("load needs a directory") }
        let now = PipelineCalendar.timestamp(session.clock.now)
        let runID = "load-" + String(SHA256.hex(directory + now).prefix(8))
        let summary: OddsAPIHistoryLoader.Summary
        do {
            summary = try OddsAPIHistoryLoader(warehouse: session.warehouse).load(directory, loadedAt: now, runID: runID)
        } catch let error as LoadError {
            throw ShellError.bad(error.description, at: entry.range,
                                 suggestion: error.message == "no such directory" ? "give a directory of historical event-odds .json files" : nil)
        } catch {
            throw ShellError.failed("\(error)")
        }
        if !summary.unmatchedEvents.isEmpty {
            session.output.write("not matched to a scheduled game (skipped): \(summary.unmatchedEvents.joined(separator: "; "))\n")
        }
        return .table(ResultTable(columns: ["files", "snapshots", "dates", "dropped_in_game", "unmatched_events", "run_id"], rows: [[
            .integer(Int64(summary.files)), .integer(Int64(summary.snapshots)), .integer(Int64(summary.dates)),
            .integer(Int64(summary.droppedInGame)), .integer(Int64(summary.unmatchedEvents.count)), .text(runID),
        ]]))
    }

    static func backfill(_ invocation: Invocation, _ session: ShellSession) throws(ShellError) -> CommandResult {
        guard let phaseName = invocation.positional("PHASE")?.text, let phase = PipelinePhase(rawValue: phaseName) else {
            throw ShellError.bad("backfill needs a phase")
        }
        guard let range = session.resolve(invocation.positional("RANGE")) else {
            throw ShellError.bad("the range is reversed once today is applied", at: invocation.positionals.last?.range)
        }
        let through = invocation.option("through")?.text.flatMap(PipelinePhase.init(rawValue:))
        let request = BackfillRequest(phase: phase, range: range, through: through, onlyMissing: invocation.flag("only-missing"))
        let backfiller = Backfiller(warehouse: session.warehouse)
        let plan: [PlannedPartition]
        do { plan = try backfiller.plan(request) } catch let error as BackfillError {
            throw ShellError.bad(error.description, at: invocation.range)
        } catch { throw ShellError.failed("\(error)") }

        if invocation.flag("dry-run") || plan.isEmpty {
            var table = ResultTable(columns: ["phase", "table", "partitions", "missing", "stale", "forced", "first", "last"])
            var order: [String] = []
            var groups: [String: [PlannedPartition]] = [:]
            for partition in plan {
                let key = partition.processor.output.description
                if groups[key] == nil { order.append(key) }
                groups[key, default: []].append(partition)
            }
            for key in order {
                let group = groups[key]!
                func count(_ reason: PlannedPartition.Reason) -> SQLValue { .integer(Int64(group.filter { $0.reason == reason }.count)) }
                table.rows.append([.text(group[0].processor.phase.rawValue), .text(key), .integer(Int64(group.count)),
                                   count(.missing), count(.stale), count(.forced), .text(group.first!.date.description),
                                   .text(group.last!.date.description)])
            }
            if plan.isEmpty && phase == .phase2 {
                session.output.write("nothing to do: \(request.onlyMissing ? "every raw partition is loaded and no newer file was scraped, or " : "")the lake has no Phase 1 files for \(range) (scrape them first: scrape all \(range))\n")
                return CommandResult()
            } else if plan.isEmpty {
                session.output.write("nothing to do: \(request.onlyMissing ? "every partition is loaded and fresh, or " : "")no scheduled games in \(range)\n")
                return CommandResult()
            } else {
                session.output.write("dry run: \(plan.count) partitions would be built in backfill mode (nothing written)\n")
            }
            return .table(table)
        }

        let now = PipelineCalendar.timestamp(session.clock.now)
        let runID = "bf-" + String(SHA256.hex("\(phase.rawValue)|\(through?.rawValue ?? "")|\(range)|\(now)").prefix(8))
        let context = ProcessingContext(runID: runID, processedAt: now, mode: .backfill)
        let terminal = session.statementStyle.terminal
        let started = DispatchTime.now().uptimeNanoseconds
        let summary: BackfillSummary
        do {
            summary = try backfiller.run(plan, context: context, progress: { done, total, partition in
                guard terminal else { return }
                let width = 30
                let filled = width * done / max(1, total)
                let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
                session.output.write("\r\(bar) \(done)/\(total) \(partition.processor.output.table) \(partition.date)\u{1B}[K")
            }, isCancelled: { Interrupts.pending })
        } catch {
            if terminal { session.output.write("\n") }
            throw ShellError.failed("backfill stopped: \(error); every partition written before it is complete")
        }
        if terminal { session.output.write("\r\u{1B}[K") }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        if summary.interrupted {
            throw ShellError.failed("interrupted after \(summary.built) of \(summary.planned) partitions (run \(runID)); each written partition is complete, the rest are untouched — run the same backfill with --only-missing to finish")
        }
        session.output.write(String(format: "backfilled %d partitions, %d rows in %.2f s (%.0f partitions/s), run %@\n",
                                    summary.built, summary.rows, seconds, Double(summary.built) / max(seconds, 1e-9), runID))
        return .table(ResultTable(columns: ["table", "partitions", "rows"],
                                  rows: summary.perTable.map { [.text($0.table), .integer(Int64($0.partitions)), .integer(Int64($0.rows))] }))
    }
}
