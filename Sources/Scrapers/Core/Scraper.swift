import Foundation
import HTTP
import SourceFormats
import Warehouse

/// A scraper: which source and endpoint it calls, where its files go in the lake, and its body.
public struct ScraperDescriptor: Sendable {
    public let name: String
    public let source: SourceSettings.Name
    /// The shell's name for what it fetches (`box-scores`, `props`, …).
    public let kind: String
    public let lake: LakeDirectory
    public var lakeSource: String { lake.source }
    public var lakeKind: String { lake.kind }
    public let summary: String
    let body: @Sendable (ScraperRun) throws -> ScrapeReport
}

public enum ScrapeError: Error, CustomStringConvertible {
    case lake(String)
    public var description: String {
        switch self { case .lake(let why): why }
    }
}

/// Runs scrapers: each run logs to `scraper_execution_log`, raises a game-count alert below 80 % of the schedule, and
/// publishes `nba-phase1-scrapers-complete` carrying its correlation id.
public struct ScrapeRunner: Sendable {
    public let environment: ScrapeEnvironment
    public static let completionTopic = "nba-phase1-scrapers-complete"

    public init(environment: ScrapeEnvironment) { self.environment = environment }

    public func run(_ descriptor: ScraperDescriptor, date: Day, correlationID: String? = nil,
                    workflow: String = "manual", backfillMode: Bool = false) -> ScrapeOutcome {
        let run = ScraperRun(environment: environment, descriptor: descriptor, gameDate: date, correlationID: correlationID)
        let started = PipelineCalendar.timestamp(run.now)
        var report = ScrapeReport()
        var status: ScrapeOutcome.Status
        var errorMessage: String? = nil
        do {
            report = try descriptor.body(run)
            if let reason = report.partialReason {
                status = report.files.isEmpty ? .failed : .partial
                errorMessage = reason
            } else if report.files.isEmpty || report.records == 0 {
                status = .noData
            } else if let expected = report.gamesExpected, let found = report.gamesFound, found < expected {
                status = .partial
            } else {
                status = .success
            }
        } catch let failure as HTTPFailure {
            status = .failed
            errorMessage = failure.summary
        } catch {
            status = .failed
            errorMessage = String(describing: error)
        }
        if status == .partial, errorMessage == nil, !report.missing.isEmpty {
            errorMessage = "missing: " + report.missing.joined(separator: ", ")
        }
        let outcome = ScrapeOutcome(
            scraper: descriptor.name, source: descriptor.source, gameDate: date.description, executionID: run.executionID,
            correlationID: run.correlationID, status: status, pages: report.pages, files: report.files,
            records: report.records, gamesExpected: report.gamesExpected, gamesFound: report.gamesFound,
            missing: report.missing, errorMessage: errorMessage, retries: run.recorder.retryCount,
            quotaRemaining: run.quotaRemaining, quotaUsed: run.quotaUsed, startedAt: started,
            finishedAt: PipelineCalendar.timestamp(run.now))
        record(outcome, workflow: workflow)
        if outcome.gameCountLow && !backfillMode { raiseGameCountAlert(outcome) }
        try? environment.publisher?.publish(topic: ScrapeRunner.completionTopic, envelope: CompletionEnvelope(
            processorName: descriptor.name, phase: "phase1", executionID: outcome.executionID,
            correlationID: outcome.correlationID, gameDate: outcome.gameDate, status: outcome.status.rawValue,
            timestamp: outcome.finishedAt, outputTable: nil, recordCount: outcome.records, backfillMode: backfillMode,
            triggerSource: workflow, gcsPath: outcome.files.first.map { "lake/" + (($0 as NSString).deletingLastPathComponent) },
            errorMessage: outcome.errorMessage))
        return outcome
    }

    private func record(_ outcome: ScrapeOutcome, workflow: String) {
        try? environment.warehouse.write { tx in
            try tx.execute("""
                INSERT OR REPLACE INTO nba_orchestration.scraper_execution_log (execution_id, scraper_name, workflow,
                  game_date, status, gcs_path, pages, games_expected, games_found, missing, error_message, retry_count,
                  correlation_id, started_at, finished_at, quota_remaining, quota_used)
                VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
                """, [.text(outcome.executionID), .text(outcome.scraper), .text(workflow), .text(outcome.gameDate),
                      .text(outcome.status.rawValue),
                      SQLValue(outcome.files.first.map { "lake/" + (($0 as NSString).deletingLastPathComponent) }),
                      SQLValue(outcome.pages), SQLValue(outcome.gamesExpected), SQLValue(outcome.gamesFound),
                      outcome.missing.isEmpty ? .null : .text(outcome.missing.joined(separator: ", ")),
                      SQLValue(outcome.errorMessage), SQLValue(outcome.retries), .text(outcome.correlationID),
                      .text(outcome.startedAt), .text(outcome.finishedAt), SQLValue(outcome.quotaRemaining),
                      SQLValue(outcome.quotaUsed)])
        }
    }

    /// One open alert per scraper and date: a repeat of the same shortfall updates nothing.
    private func raiseGameCountAlert(_ outcome: ScrapeOutcome) {
        let id = "game_count_low:\(outcome.scraper):\(outcome.gameDate)"
        let message = "\(outcome.scraper) delivered \(outcome.gamesFound ?? 0) of \(outcome.gamesExpected ?? 0) final games for \(outcome.gameDate)"
            + (outcome.missing.isEmpty ? "" : "; missing " + outcome.missing.joined(separator: ", "))
        try? environment.warehouse.write { tx in
            try tx.execute("""
                INSERT OR IGNORE INTO nba_orchestration.alerts (alert_id, alert_type, severity, game_date, title, message,
                  source, correlation_id, raised_at)
                VALUES (?, 'game_count_low', 'high', ?, ?, ?, ?, ?, ?)
                """, [.text(id), .text(outcome.gameDate), .text("Game count below 80% of schedule"), .text(message),
                      .text(outcome.scraper), .text(outcome.correlationID), .text(outcome.finishedAt)])
        }
    }
}
