import Foundation
import Warehouse

/// A picture that reads better than the table it comes from. Charts are found by the shape of a step's recorded
/// result, so a transcript recorded anywhere (or by an older build) gets them too.
public enum ReportChart: Sendable, Equatable {
    public struct DateBar: Sendable, Equatable {
        public var date: String
        /// How much of the date's work is there, 0…1.
        public var fraction: Double
        public var label: String
        public var status: String
    }

    public struct TimelineEvent: Sendable, Equatable {
        /// Minutes after the night's first event.
        public var minute: Double
        public var time: String
        public var service: String
        public var severity: String
        public var event: String
    }

    /// Completeness per date (from `gaps` or `completeness`).
    case completeness(title: String, bars: [DateBar])
    /// When each service did something during a `run` night.
    case timeline(title: String, events: [TimelineEvent])
    /// Counts per category (the tier distribution of `explain predictions`).
    case distribution(title: String, bars: [(label: String, count: Int)])

    public static func == (lhs: ReportChart, rhs: ReportChart) -> Bool {
        switch (lhs, rhs) {
        case let (.completeness(a, x), .completeness(b, y)): return a == b && x == y
        case let (.timeline(a, x), .timeline(b, y)): return a == b && x == y
        case let (.distribution(a, x), .distribution(b, y)):
            return a == b && x.map(\.label) == y.map(\.label) && x.map(\.count) == y.map(\.count)
        default: return false
        }
    }

    public var title: String {
        switch self {
        case .completeness(let title, _), .timeline(let title, _), .distribution(let title, _): return title
        }
    }

    static func charts(for step: Transcript.Step) -> [ReportChart] {
        guard let table = step.table, !table.rows.isEmpty else { return [] }
        let columns = Set(table.columns)
        var made: [ReportChart] = []
        if columns.isSuperset(of: ["game_date", "scheduled", "status"]) {
            made.append(.completeness(title: "Completeness per date", bars: gapBars(table)))
        } else if columns.isSuperset(of: ["game_date", "scheduled"]),
                  let column = ["complete_pct", "complete"].first(where: columns.contains) {
            made.append(.completeness(title: "Completeness per date (30-day check)", bars: completenessBars(table, column)))
        }
        if columns.isSuperset(of: ["time_et", "service", "event"]) {
            let events = timeline(table)
            if events.count >= 2 { made.append(.timeline(title: "Phase timeline", events: events)) }
        }
        if table.columns == ["section", "item", "value"] {
            let tiers = table.rows.filter { $0[0].stringValue == "tier" }.compactMap { row -> (String, Int)? in
                guard let label = row[1].stringValue, let count = row[2].stringValue.flatMap({ Int($0) }) else { return nil }
                return (label, count)
            }
            if !tiers.isEmpty { made.append(.distribution(title: "Predictions per quality tier", bars: tiers.map { (label: $0.0, count: $0.1) })) }
        }
        return made
    }

    private static func gapBars(_ table: ResultTable) -> [DateBar] {
        func int(_ row: [SQLValue], _ name: String) -> Int? {
            table.columns.firstIndex(of: name).flatMap { row[$0].intValue }
        }
        return table.rows.compactMap { row in
            guard let date = table.value(row, "game_date")?.stringValue, let status = table.value(row, "status")?.stringValue else { return nil }
            let scheduled = int(row, "scheduled") ?? 0
            // The deepest phase the table shows decides how much of the date is there.
            let candidates: [(String, Int?)] = [("analytics", int(row, "analytics_games")),
                                                ("raw", [int(row, "bdl_games"), int(row, "gamebook_games")].compactMap { $0 }.max())]
            if scheduled > 0, let (phase, have) = candidates.first(where: { $0.1 != nil }), let have {
                return DateBar(date: date, fraction: min(1, Double(have) / Double(scheduled)),
                               label: "\(phase) \(have)/\(scheduled)", status: status)
            }
            let done = status == "COMPLETE" ? 1.0 : (status == "PARTIAL" ? 0.5 : 0)
            return DateBar(date: date, fraction: scheduled == 0 ? 0 : done, label: scheduled == 0 ? "no games" : status, status: status)
        }
    }

    private static func completenessBars(_ table: ResultTable, _ column: String) -> [DateBar] {
        table.rows.compactMap { row in
            guard let date = table.value(row, "game_date")?.stringValue, let cell = table.value(row, column) else { return nil }
            // On a terminal the column holds a bar drawn in text ending in the percentage; elsewhere a number.
            let percent = cell.doubleValue ?? cell.stringValue.flatMap { text in
                Double(text.split(separator: " ").last.map { $0.replacingOccurrences(of: "%", with: "") } ?? "")
            } ?? 0
            let status = percent >= 99.95 ? "COMPLETE" : (percent > 0 ? "PARTIAL" : "NEEDS_BACKFILL")
            return DateBar(date: date, fraction: percent / 100, label: String(format: "%.0f%%", percent), status: status)
        }
    }

    private static func timeline(_ table: ResultTable) -> [TimelineEvent] {
        var events: [TimelineEvent] = []
        var first: Double?
        var previous: Double = 0
        var dayOffset: Double = 0
        for row in table.rows {
            guard let time = table.value(row, "time_et")?.stringValue, let service = table.value(row, "service")?.stringValue else { continue }
            let parts = time.split(separator: ":").compactMap { Double($0) }
            guard parts.count >= 2 else { continue }
            var minute = parts[0] * 60 + parts[1] + (parts.count > 2 ? parts[2] / 60 : 0) + dayOffset
            // A night runs past midnight: a time earlier than the previous one is the next day.
            if minute + 1 < previous { dayOffset += 24 * 60; minute += 24 * 60 }
            previous = minute
            if first == nil { first = minute }
            events.append(TimelineEvent(minute: minute - first!, time: time, service: service,
                                        severity: table.value(row, "severity")?.stringValue ?? "info",
                                        event: table.value(row, "event")?.stringValue ?? ""))
        }
        return events
    }
}

extension ResultTable {
    /// The cell of `column` in `row`, if the table has that column.
    func value(_ row: [SQLValue], _ column: String) -> SQLValue? {
        columns.firstIndex(of: column).map { row[$0] }
    }
}
