import Foundation
import Warehouse

/// Structured log records of every runtime service, written to `nba_orchestration.logs` (the libraries below return
/// values; the runtime says what happened here) and kept in memory as the timeline a `run` prints.
public final class RuntimeLog: @unchecked Sendable {
    public enum Severity: String, Sendable, CaseIterable, Comparable {
        case debug, info, warning, error, critical
        public static func < (a: Self, b: Self) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! }
    }

    public struct Entry: Sendable {
        public let at: Date
        public let severity: Severity
        public let service: String
        public let message: String
        public let correlationID: String?
        public let gameDate: String?
    }

    private let warehouse: Warehouse
    private let clock: any RuntimeClock
    private let lock = NSLock()
    public private(set) var entries: [Entry] = []
    /// Called with each record as it is made (the daemon prints them).
    public var sink: (@Sendable (Entry) -> Void)?

    public init(warehouse: Warehouse, clock: any RuntimeClock) {
        self.warehouse = warehouse
        self.clock = clock
    }

    public func record(_ severity: Severity, _ service: String, _ message: String, correlationID: String? = nil,
                       runID: String? = nil, gameDate: String? = nil, metadata: String? = nil) {
        let entry = Entry(at: clock.now, severity: severity, service: service, message: message,
                          correlationID: correlationID, gameDate: gameDate)
        lock.withLock { entries.append(entry) }
        sink?(entry)
        try? warehouse.write { tx in
            try tx.execute("""
                INSERT INTO nba_orchestration.logs (logged_at, severity, service, message, correlation_id, run_id, game_date, metadata)
                VALUES (?,?,?,?,?,?,?,?)
                """, [.text(PipelineCalendar.timestamp(entry.at)), .text(severity.rawValue), .text(service), .text(message),
                      SQLValue(correlationID), SQLValue(runID), SQLValue(gameDate), SQLValue(metadata)])
        }
    }

    public func info(_ service: String, _ message: String, correlationID: String? = nil, gameDate: String? = nil) {
        record(.info, service, message, correlationID: correlationID, gameDate: gameDate)
    }
    public func warning(_ service: String, _ message: String, correlationID: String? = nil, gameDate: String? = nil) {
        record(.warning, service, message, correlationID: correlationID, gameDate: gameDate)
    }
    public func error(_ service: String, _ message: String, correlationID: String? = nil, gameDate: String? = nil) {
        record(.error, service, message, correlationID: correlationID, gameDate: gameDate)
    }
}
