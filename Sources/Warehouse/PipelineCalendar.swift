import Foundation
import SourceFormats

/// Dates as the pipeline writes them: ISO days in US-Eastern for game dates, ISO-8601 UTC instants for timestamps.
public enum PipelineCalendar {
    public static let eastern = TimeZone(identifier: "America/New_York")!

    public static var gregorianEastern: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = eastern
        return calendar
    }

    /// The Eastern calendar day of an instant, `YYYY-MM-DD`.
    public static func easternDay(_ date: Date) -> String { easternDayValue(date).description }

    public static func easternDayValue(_ date: Date) -> Day { CivilTime.easternDay(date) }

    /// The hour (0–23) on the Eastern clock.
    public static func easternHour(_ date: Date) -> Int { CivilTime.eastern(date).hour }

    /// `HHMM` on the Eastern clock, as snapshot tags spell it.
    public static func easternClock(_ date: Date) -> String {
        let f = CivilTime.eastern(date)
        return CivilTime.pad(f.hour) + CivilTime.pad(f.minute)
    }

    /// The instant of an Eastern wall-clock time on a day.
    public static func easternInstant(_ day: Day, hour: Int, minute: Int, second: Int = 0) -> Date {
        CivilTime.easternInstant(year: day.year, month: day.month, day: day.day, hour: hour, minute: minute, second: second)
    }

    /// ISO-8601 without fractions, as the source APIs write instants.
    public static func instant(_ date: Date) -> String { CivilTime.iso(date) }

    public static func timestamp(_ date: Date) -> String { CivilTime.iso(date, fractional: true) }

    public static func parseTimestamp(_ text: String) -> Date? { CivilTime.parseISO(text) }
}
