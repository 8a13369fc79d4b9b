import Foundation
import HTTP
import Warehouse

/// Writes what a scraper run did to `nba_orchestration`: each failed HTTP attempt to `api_errors` as it happens (so a
/// crash keeps them), breaker changes to `circuit_breaker_state`, the run to `scraper_execution_log`, and a
/// low-game-count alert. All of it is advisory state: the lake and `_loads` are the truth.
final class ScrapeRecorder: HTTPObserver, @unchecked Sendable {
    let warehouse: Warehouse
    let clock: any HTTPClock
    private let lock = NSLock()
    private(set) var failures: [FailedAttempt] = []
    private var sequence = 0

    init(warehouse: Warehouse, clock: any HTTPClock) {
        self.warehouse = warehouse
        self.clock = clock
    }

    var retryCount: Int { lock.withLock { failures.filter { !$0.isFinalAttempt }.count } }

    func failed(_ attempt: FailedAttempt) {
        let id: String = lock.withLock {
            failures.append(attempt)
            sequence += 1
            return "\(attempt.context.executionID)-\(String(format: "%03d", sequence))"
        }
        let info = attempt.rateLimitInfo.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
        let c = attempt.classification
        try? warehouse.write { tx in
            try tx.execute("""
                INSERT OR REPLACE INTO nba_orchestration.api_errors (error_id, execution_id, correlation_id, api_provider,
                  api_endpoint, scraper_name, game_date, request_url, response_status_code, response_time_ms,
                  response_body, error_type, error_category, error_message, retry_attempt, max_retries, backoff_seconds,
                  is_final_attempt, is_retriable, severity, suspected_cause, suggested_fix, api_rate_limit_info, occurred_at)
                VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
                """, [
                    .text(id), .text(attempt.context.executionID), .text(attempt.context.correlationID),
                    .text(attempt.context.provider), .text(attempt.context.endpoint), .text(attempt.context.scraperName),
                    SQLValue(attempt.context.gameDate), .text(attempt.url), SQLValue(attempt.statusCode),
                    SQLValue(attempt.responseTimeMilliseconds), SQLValue(attempt.responseBodyExcerpt), .text(c.type),
                    .text(c.category.rawValue), .text(attempt.message), SQLValue(attempt.attempt),
                    SQLValue(attempt.maxAttempts), SQLValue(attempt.backoffSeconds), SQLValue(attempt.isFinalAttempt),
                    SQLValue(c.isRetriable), .text(c.severity), .text(c.suspectedCause), .text(c.suggestedFix),
                    info.isEmpty ? .null : .text(info), .text(PipelineCalendar.timestamp(attempt.occurredAt)),
                ])
        }
    }

    func breakerChanged(_ snapshot: BreakerSnapshot) {
        try? warehouse.write { tx in
            try tx.execute("""
                INSERT OR REPLACE INTO nba_orchestration.circuit_breaker_state (breaker_kind, breaker_key, state,
                  failure_count, opened_at, half_open_at, last_failure_at, last_error, updated_at)
                VALUES ('http_host', ?, ?, ?, ?, ?, ?, ?, ?)
                """, [.text(snapshot.host), .text(snapshot.state.rawValue), SQLValue(snapshot.consecutiveRateLimits),
                      SQLValue(snapshot.openedAt.map(PipelineCalendar.timestamp)),
                      SQLValue(snapshot.reopensAt.map(PipelineCalendar.timestamp)),
                      SQLValue(snapshot.openedAt.map(PipelineCalendar.timestamp)),
                      snapshot.state == .closed ? .null : "consecutive HTTP 429", .text(PipelineCalendar.timestamp(clock.now))])
        }
    }
}
