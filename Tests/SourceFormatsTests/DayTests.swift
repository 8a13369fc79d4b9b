import Testing
import SourceFormats

@Suite struct DaySpelling {
    /// `description` is written digit by digit; it must spell every day as `YYYY-MM-DD` and parse back to the same day.
    @Test func everyDaySpellsAndParsesBack() throws {
        var day = try #require(Day("2023-12-25"))
        for _ in 0..<900 {
            #expect(Day(day.description) == day)
            #expect(day.description.count == 10)
            day = day.adding(days: 1)
        }
        #expect(Day(year: 1, month: 1, day: 1)?.description == "0001-01-01")
        #expect(Day(year: 987, month: 6, day: 5)?.description == "0987-06-05")
        #expect(Day(year: 9999, month: 12, day: 31)?.description == "9999-12-31")
        #expect("\(Day(year: 2026, month: 1, day: 20)!)" == "2026-01-20")
    }
}
