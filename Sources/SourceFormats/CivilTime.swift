import Foundation

/// Instants as the pipeline and its sources write them — ISO-8601 UTC text, compact file stamps, the US-Eastern wall
/// clock — computed by calendar arithmetic instead of Foundation's formatters. Every partition write, log line, lake file
/// and feed response carries a few of these; creating an ICU formatter for each was a fifth of a demo build.
/// Eastern time follows the US rules in force since 2007 (daylight time from 02:00 on the second Sunday of March to 02:00
/// on the first Sunday of November); a test holds it to Foundation's `America/New_York` hour by hour over 2007–2035.
public enum CivilTime {
    public struct Fields: Equatable, Sendable {
        public var year, month, day, hour, minute, second, millisecond: Int
    }

    // MARK: - Days and civil dates (`Day`'s ordinal: days since 1970-01-01)

    /// Days since 1970-01-01 of a date that exists (callers check month and day first).
    public static func days(year: Int, month: Int, day: Int) -> Int { Day(year: year, month: month, day: day)!.ordinal }

    public static func civil(days: Int) -> (year: Int, month: Int, day: Int) {
        let day = Day(ordinal: days)
        return (day.year, day.month, day.day)
    }

    /// 0 = Sunday.
    static func weekday(days: Int) -> Int { Day(ordinal: days).weekday }

    // MARK: - UTC and Eastern fields

    /// The fields of an instant shifted by `offset` seconds, milliseconds rounded to the nearest.
    static func fields(_ date: Date, offset: Int) -> Fields {
        let milliseconds = Int((date.timeIntervalSince1970 * 1000).rounded()) + offset * 1000
        let (seconds, millisecond) = floorDivision(milliseconds, 1000)
        let (days, secondOfDay) = floorDivision(seconds, 86_400)
        let date = civil(days: days)
        return Fields(year: date.year, month: date.month, day: date.day, hour: secondOfDay / 3600,
                      minute: secondOfDay % 3600 / 60, second: secondOfDay % 60, millisecond: millisecond)
    }

    public static func utc(_ date: Date) -> Fields { fields(date, offset: 0) }

    public static func eastern(_ date: Date) -> Fields { fields(date, offset: easternOffset(date)) }

    /// The US-Eastern calendar day of an instant: a game's date.
    public static func easternDay(_ date: Date) -> Day {
        let f = eastern(date)
        return Day(year: f.year, month: f.month, day: f.day)!
    }

    /// Seconds Eastern time is ahead of UTC at an instant: -14400 in daylight time, -18000 otherwise.
    public static func easternOffset(_ date: Date) -> Int {
        let utc = fields(date, offset: 0)
        let year = utc.year
        // Second Sunday of March, 02:00 EST = 07:00 UTC; first Sunday of November, 02:00 EDT = 06:00 UTC.
        let march1 = days(year: year, month: 3, day: 1), november1 = days(year: year, month: 11, day: 1)
        let secondSundayOfMarch = march1 + (7 - weekday(days: march1)) % 7 + 7
        let firstSundayOfNovember = november1 + (7 - weekday(days: november1)) % 7
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let start = secondSundayOfMarch * 86_400 + 7 * 3600, end = firstSundayOfNovember * 86_400 + 6 * 3600
        return seconds >= start && seconds < end ? -4 * 3600 : -5 * 3600
    }

    /// The instant of a wall-clock time in US-Eastern (a time skipped by the spring change reads as standard time, a
    /// repeated one in the autumn as the first of the two, as Foundation's calendar does).
    public static func easternInstant(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int = 0) -> Date {
        let local = Double(days(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second)
        let daylight = Date(timeIntervalSince1970: local + 4 * 3600)
        if easternOffset(daylight) == -4 * 3600 { return daylight }
        return Date(timeIntervalSince1970: local + 5 * 3600)
    }

    // MARK: - Text

    /// `2026-01-21T06:00:00Z`, or with milliseconds `2026-01-21T06:00:00.050Z`.
    public static func iso(_ date: Date, fractional: Bool = false) -> String { dateTime(utc(date), fractional: fractional) }

    /// `YYYY-MM-DDTHH:MM:SS[.mmm]Z` of fields as given (UTC ones for ISO-8601; NBA.com writes Eastern ones so).
    public static func dateTime(_ f: Fields, fractional: Bool = false) -> String {
        var text = "\(pad(f.year, 4))-\(pad(f.month))-\(pad(f.day))T\(pad(f.hour)):\(pad(f.minute)):\(pad(f.second))"
        if fractional { text += "." + pad(f.millisecond, 3) }
        return text + "Z"
    }

    /// `20260121T060000Z`: lake file names start with it, so they sort by time.
    public static func compactStamp(_ date: Date) -> String {
        let f = utc(date)
        return "\(pad(f.year, 4))\(pad(f.month))\(pad(f.day))T\(pad(f.hour))\(pad(f.minute))\(pad(f.second))Z"
    }

    /// ISO-8601 internet date-time: `YYYY-MM-DDTHH:MM:SS`, an optional fraction, then `Z` or `±HH:MM`.
    public static func parseISO(_ text: String) -> Date? {
        let b = Array(text.utf8)
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= b.count else { return nil }
            var value = 0
            for i in from..<(from + count) {
                guard b[i] >= 48, b[i] <= 57 else { return nil }
                value = value * 10 + Int(b[i] - 48)
            }
            return value
        }
        guard b.count >= 20, b[4] == 45, b[7] == 45, b[10] == 84 || b[10] == 116, b[13] == 58, b[16] == 58,
              let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
              let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
              (1...12).contains(month), day >= 1, (1...9999).contains(year), day <= Day.daysInMonth(year: year, month: month), hour < 24, minute < 60, second < 61
        else { return nil }
        var index = 19
        var fraction = 0.0
        if b[index] == 46 {
            var scale = 0.1
            index += 1
            let digitsStart = index
            while index < b.count, b[index] >= 48, b[index] <= 57 {
                fraction += Double(b[index] - 48) * scale
                scale /= 10
                index += 1
            }
            guard index > digitsStart else { return nil }
        }
        guard index < b.count else { return nil }
        var offset = 0
        if b[index] == 90 || b[index] == 122 {
            index += 1
        } else if b[index] == 43 || b[index] == 45, b.count == index + 6, b[index + 3] == 58,
                  let h = number(index + 1, 2), let m = number(index + 4, 2), h < 24, m < 60 {
            offset = (b[index] == 43 ? 1 : -1) * (h * 3600 + m * 60)
            index += 6
        } else {
            return nil
        }
        guard index == b.count else { return nil }
        let seconds = days(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    public static func pad(_ value: Int, _ width: Int = 2) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    static func floorDivision(_ a: Int, _ b: Int) -> (Int, Int) {
        let q = a >= 0 ? a / b : -((-a + b - 1) / b)
        return (q, a - q * b)
    }
}
