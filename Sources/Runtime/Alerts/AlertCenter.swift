import Foundation
import Warehouse

/// Alerts with a severity, de-duplicated by type, date and subject, with a cooldown: the same alert is not raised again
/// within 60 minutes of the last time. Delivered to the `alerts` table (the shell shows them) and the log.
public final class AlertCenter: @unchecked Sendable {
    public static let cooldownSeconds = 60.0 * 60
    let warehouse: Warehouse
    let clock: any RuntimeClock
    let log: RuntimeLog
    /// Called with each raised alert as JSON (the runtime POSTs it to the configured webhook).
    public var webhook: (@Sendable (String) -> Void)?

    init(warehouse: Warehouse, clock: any RuntimeClock, log: RuntimeLog) {
        self.warehouse = warehouse
        self.clock = clock
        self.log = log
    }

    /// Returns whether the alert was raised (false when an equal one is within its cooldown).
    @discardableResult
    public func raise(type: String, severity: String, date: String?, title: String, message: String, source: String,
                      correlationID: String? = nil, subject: String? = nil) -> Bool {
        let id = [type, date ?? "-", subject ?? source].joined(separator: ":")
        let now = clock.now
        let raised: Bool = (try? warehouse.write { tx in
            if let last = try tx.scalar("SELECT raised_at FROM nba_orchestration.alerts WHERE alert_id = ?", [.text(id)]).stringValue,
               let at = PipelineCalendar.parseTimestamp(last), now.timeIntervalSince(at) < AlertCenter.cooldownSeconds {
                return false
            }
            try tx.execute("""
                INSERT OR REPLACE INTO nba_orchestration.alerts (alert_id, alert_type, severity, game_date, title, message, source,
                  correlation_id, raised_at) VALUES (?,?,?,?,?,?,?,?,?)
                """, [.text(id), .text(type), .text(severity), SQLValue(date), .text(title), .text(message), .text(source),
                      SQLValue(correlationID), .text(PipelineCalendar.timestamp(now))])
            return true
        }) ?? false
        if raised, let webhook {
            let fields: [String: Any] = ["alert_id": id, "alert_type": type, "severity": severity, "game_date": date ?? NSNull(),
                                         "title": title, "message": message, "source": source,
                                         "raised_at": PipelineCalendar.timestamp(now)]
            if let data = try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys]) {
                webhook(String(decoding: data, as: UTF8.self))
            }
        }
        if raised {
            log.record(severity == "critical" || severity == "high" ? .error : .warning, "alerts", "\(severity.uppercased()) \(title): \(message)",
                       correlationID: correlationID, gameDate: date)
        }
        return raised
    }

    public func acknowledge(_ id: String) throws -> Bool {
        try warehouse.write { tx in
            try tx.execute("UPDATE nba_orchestration.alerts SET acknowledged_at = ? WHERE alert_id = ? AND acknowledged_at IS NULL",
                           [.text(PipelineCalendar.timestamp(clock.now)), .text(id)])
            return tx.changes > 0
        }
    }
}
