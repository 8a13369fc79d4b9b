import Foundation
import Warehouse

/// Breakers per processor and per prediction system: 5 consecutive failures open one for 30 minutes; then one run is
/// let through (half-open) and its outcome closes or re-opens it. State is mirrored in `circuit_breaker_state`.
public final class CircuitBreakers: @unchecked Sendable {
    public static let threshold = 5
    public static let openSeconds = 30.0 * 60

    private struct Entry { var failures = 0; var openedAt: Date? }
    private let lock = NSLock()
    private var entries: [String: Entry] = [:]
    let warehouse: Warehouse
    let clock: any RuntimeClock

    public init(warehouse: Warehouse, clock: any RuntimeClock) {
        self.warehouse = warehouse
        self.clock = clock
    }

    public enum State: String { case closed, open, halfOpen = "half_open" }

    public func state(_ kind: String, _ key: String) -> State {
        lock.withLock {
            guard let opened = entries["\(kind)|\(key)"]?.openedAt else { return .closed }
            return clock.now < opened + CircuitBreakers.openSeconds ? .open : .halfOpen
        }
    }

    /// Whether a run may go ahead now.
    public func allows(_ kind: String, _ key: String) -> Bool { state(kind, key) != .open }

    public func record(_ kind: String, _ key: String, success: Bool, error: String? = nil) {
        let (changed, entry): (Bool, Entry) = lock.withLock {
            var entry = entries["\(kind)|\(key)", default: Entry()]
            let wasOpen = entry.openedAt != nil
            if success {
                entry = Entry()
            } else {
                entry.failures += 1
                if wasOpen || entry.failures >= CircuitBreakers.threshold { entry.openedAt = clock.now }
            }
            entries["\(kind)|\(key)"] = entry
            return ((entry.openedAt != nil) != wasOpen || (!success && entry.openedAt != nil), entry)
        }
        guard changed || !success else { return }
        let now = PipelineCalendar.timestamp(clock.now)
        try? warehouse.write { tx in
            try tx.execute("""
                INSERT OR REPLACE INTO nba_orchestration.circuit_breaker_state (breaker_kind, breaker_key, state, failure_count,
                  opened_at, half_open_at, last_failure_at, last_error, updated_at) VALUES (?,?,?,?,?,?,?,?,?)
                """, [.text(kind), .text(key), .text(entry.openedAt == nil ? "closed" : "open"), .integer(Int64(entry.failures)),
                      SQLValue(entry.openedAt.map(PipelineCalendar.timestamp)),
                      SQLValue(entry.openedAt.map { PipelineCalendar.timestamp($0 + CircuitBreakers.openSeconds) }),
                      success ? .null : .text(now), SQLValue(error), .text(now)])
        }
    }
}
