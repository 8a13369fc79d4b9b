import Foundation

/// An instant as the runtime sees it. Everything that needs "now" asks a `RuntimeClock`, never the system.
public protocol RuntimeClock: Sendable {
    var now: Date { get }
    var isSimulated: Bool { get }
}

/// Real time, for the daemon and for wall-time stamps in transcripts. The one place that reads the system clock.
public struct WallClock: RuntimeClock {
    public init() {}
    public var now: Date { Date() }
    public var isSimulated: Bool { false }
}

/// Simulated time: it moves only when told to, so runs are reproducible. (The discrete-event queue that drives it
/// arrives with the runtime; here it holds and advances the instant.)
public final class VirtualClock: RuntimeClock, @unchecked Sendable {
    private let lock = NSLock()
    private var instant: Date

    public init(start: Date) { instant = start }

    public var now: Date { lock.withLock { instant } }
    public var isSimulated: Bool { true }

    public func advance(to date: Date) { lock.withLock { if date > instant { instant = date } } }
    public func advance(by seconds: TimeInterval) { lock.withLock { instant += max(0, seconds) } }
}

/// Dates as the pipeline writes them: ISO days in US-Eastern for game dates, ISO-8601 UTC instants for timestamps.
public enum PipelineCalendar {
    public static let eastern = TimeZone(identifier: "America/New_York")!

    public static var gregorianEastern: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = eastern
        return calendar
    }

    /// The Eastern calendar day of an instant, `YYYY-MM-DD`.
    public static func easternDay(_ date: Date) -> String {
        let parts = gregorianEastern.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
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
