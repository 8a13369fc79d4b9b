import Foundation
import Warehouse

/// `run DATE`: the night of a date on the runtime's clock, from 05:00 ET on the date to 10:00 ET the next morning
/// (or an earlier `until`): scheduled scrapes, event-driven phases, deadlines, validators, self-heal, alerts.
extension PipelineRuntime {
    public struct NightSummary: Sendable {
        public let date: Day
        public let start: Date
        public let end: Date
        public let events: Int
        public let timeline: [RuntimeLog.Entry]
    }

    public static func nightWindow(_ date: Day) -> (start: Date, end: Date) {
        (eastern(date, 5, 0), eastern(date.adding(days: 1), 10, 0))
    }

    /// `HH:MM` within the night: from 05:00 it is on the date, before 05:00 the next morning.
    public static func untilTime(_ date: Day, hour: Int, minute: Int) -> Date {
        hour >= 5 ? eastern(date, hour, minute) : eastern(date.adding(days: 1), hour, minute)
    }

    public func runNight(_ date: Day, until: Date? = nil, isCancelled: () -> Bool = { false }) throws -> NightSummary {
        let window = Self.nightWindow(date)
        let start = max(clock.now, window.start)
        let end = min(until ?? window.end, window.end)
        let firstEntry = log.entries.count
        if clock.now < start { clock.sleep(seconds: start.timeIntervalSince(clock.now)) }
        try bus.resume()
        try scheduleJobs(from: start, to: end)
        log.info("runtime", "night of \(date): \(PipelineCalendar.easternClock(start)) → \(PipelineCalendar.easternClock(end)) ET")
        let events = run(until: end, isCancelled: isCancelled)
        return NightSummary(date: date, start: start, end: end, events: events, timeline: Array(log.entries[firstEntry...]))
    }
}
