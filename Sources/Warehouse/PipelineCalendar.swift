import Foundation

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

    public static func easternDayValue(_ date: Date) -> Day {
        let parts = gregorianEastern.dateComponents([.year, .month, .day], from: date)
        return Day(year: parts.year!, month: parts.month!, day: parts.day!)!
    }

    /// `HHMM` on the Eastern clock, as snapshot tags spell it.
    public static func easternClock(_ date: Date) -> String {
        let parts = gregorianEastern.dateComponents([.hour, .minute], from: date)
        return String(format: "%02d%02d", parts.hour!, parts.minute!)
    }

    /// ISO-8601 without fractions, as the source APIs write instants.
    public static func instant(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    public static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    public static func parseTimestamp(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }
}
