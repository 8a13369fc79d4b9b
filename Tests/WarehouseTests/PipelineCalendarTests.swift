import Foundation
import Testing
import SourceFormats
@testable import Warehouse

/// The calendar arithmetic that replaced Foundation's formatters, held to Foundation itself.
@Suite struct CalendarArithmetic {
    static let newYork = TimeZone(identifier: "America/New_York")!

    @Test func easternFieldsAndOffsetsMatchFoundationEveryHourFrom2007To2035() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = Self.newYork
        let start = CivilTime.days(year: 2007, month: 1, day: 1) * 86_400, end = CivilTime.days(year: 2036, month: 1, day: 1) * 86_400
        var mismatches: [String] = []
        // Every hour, plus a minute either side of each hour, so the DST changes are seen at their exact instants.
        for hour in stride(from: start, to: end, by: 3600) {
            for second in [hour - 60, hour, hour + 59] {
                let date = Date(timeIntervalSince1970: Double(second))
                let expected = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
                let found = CivilTime.eastern(date)
                if CivilTime.easternOffset(date) != Self.newYork.secondsFromGMT(for: date)
                    || [found.year, found.month, found.day, found.hour, found.minute]
                        != [expected.year!, expected.month!, expected.day!, expected.hour!, expected.minute!] {
                    mismatches.append("\(date)")
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }

    @Test func easternWallClockTimesBecomeFoundationsInstants() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = Self.newYork
        var mismatches: [String] = []
        for day in DayRange(Day("2021-01-01")!, Day("2027-12-31")!)! {
            for (hour, minute) in [(0, 0), (1, 30), (2, 30), (5, 0), (12, 0), (19, 30), (23, 59)] {
                let expected = calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: hour, minute: minute))!
                let found = PipelineCalendar.easternInstant(day, hour: hour, minute: minute)
                if found != expected { mismatches.append("\(day) \(hour):\(minute) \(found) vs \(expected)") }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }

    @Test func isoTextMatchesFoundationAndReadsBack() throws {
        let whole = ISO8601DateFormatter(), fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var state: UInt64 = 7
        for _ in 0..<20_000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let millisecond = Int64(state >> 24) % 4_000_000_000_000 - 500_000_000_000
            let date = Date(timeIntervalSince1970: Double(millisecond) / 1000)
            #expect(PipelineCalendar.instant(date) == whole.string(from: date))
            #expect(PipelineCalendar.timestamp(date) == fractional.string(from: date))
            #expect(PipelineCalendar.parseTimestamp(PipelineCalendar.timestamp(date)) == fractional.date(from: fractional.string(from: date)))
        }
        #expect(CivilTime.compactStamp(Date(timeIntervalSince1970: 1_768_975_200)) == "20260121T060000Z")
        #expect(PipelineCalendar.parseTimestamp("2026-01-21T01:00:00-05:00") == PipelineCalendar.parseTimestamp("2026-01-21T06:00:00Z"))
        #expect(PipelineCalendar.parseTimestamp("2026-01-21T06:00:00.5Z")?.timeIntervalSince1970 == 1_768_975_200.5)
        for bad in ["", "2026-01-21", "2026-02-30T00:00:00Z", "2026-01-21T24:00:00Z", "2026-01-21T06:00:00", "2026-01-21T06:00:00.Z",
                    "2026-01-21T06:00:00Zjunk", "2026-01-21 06:00:00Z", "２０２６-01-21T06:00:00Z"] {
            #expect(PipelineCalendar.parseTimestamp(bad) == nil, "\(bad)")
        }
    }
}
