import Warehouse

/// A date as written: absolute, or relative to the runtime clock's today (`today`, `yesterday`, `tomorrow`).
public enum DayExpression: Sendable, Equatable {
    case absolute(Day)
    case relative(Int)

    public func resolve(today: Day) -> Day {
        switch self {
        case .absolute(let day): return day
        case .relative(let offset): return today.adding(days: offset)
        }
    }
}

/// A range as written; relative ends are resolved when the command runs.
public struct RangeExpression: Sendable, Equatable {
    public let first: DayExpression
    public let last: DayExpression

    public func resolve(today: Day) -> DayRange? {
        DayRange(first.resolve(today: today), last.resolve(today: today))
    }
}

/// Parses the date and range spellings of the command language, with errors that say what to write instead.
struct LiteralError: Error, Equatable {
    let message: String
    init(_ message: String) { self.message = message }
}

enum DateLiteral {
    static let relativeWords: [String: Int] = ["today": 0, "yesterday": -1, "tomorrow": 1]

    /// True for tokens that are meant as dates, so they are validated wherever they appear.
    static func looksLikeDate(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count >= 8, scalars[0..<4].allSatisfy({ $0.properties.numericType != nil && $0.isASCII }),
            scalars[4] == "-"
        else { return false }
        return true
    }

    static func parseDay(_ text: String) -> Result<DayExpression, LiteralError> {
        if let offset = relativeWords[text.lowercased()] { return .success(.relative(offset)) }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            parts[0].count == 4, let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else {
            return .failure(LiteralError("'\(text)' is not a date; write YYYY-MM-DD (2026-01-16), today, yesterday or tomorrow"))
        }
        guard parts[1].count == 2, parts[2].count == 2 else {
            return .failure(LiteralError("'\(text)' is not a date; write two-digit months and days (\(String(format: "%04d-%02d-%02d", year, month, day)))"))
        }
        guard (1...12).contains(month) else { return .failure(LiteralError("no such date: \(text) (there is no month \(month))")) }
        guard let parsed = Day(year: year, month: month, day: day) else {
            let last = Day.daysInMonth(year: year, month: month)
            return .failure(LiteralError("no such date: \(text) (\(monthNames[month - 1]) \(year) has \(last) days)"))
        }
        return .success(.absolute(parsed))
    }

    /// `2026-01-16..21`, `2026-01-30..02-02`, `2026-01-16..2026-02-03`, `yesterday..today`, or a single date.
    static func parseRange(_ text: String) -> Result<RangeExpression, LiteralError> {
        guard let dots = text.range(of: "..") else {
            return parseDay(text).map { RangeExpression(first: $0, last: $0) }
        }
        let left = String(text[..<dots.lowerBound]), right = String(text[dots.upperBound...])
        let first: DayExpression
        switch parseDay(left) {
        case .success(let day): first = day
        case .failure(let message): return .failure(message)
        }
        if right.isEmpty {
            return .failure(LiteralError("'\(text)' has no end; write a range like 2026-01-16..21 or 2026-01-16..2026-02-03"))
        }
        let last: DayExpression
        if relativeWords[right.lowercased()] != nil || right.count == 10 {
            switch parseDay(right) {
            case .success(let day): last = day
            case .failure(let message): return .failure(message)
            }
        } else if case .absolute(let start) = first {
            let parts = right.split(separator: "-", omittingEmptySubsequences: false)
            let numeric = parts.allSatisfy { $0.count == 2 && $0.allSatisfy { $0.isASCII && $0.isNumber } }
            guard numeric, parts.count == 1 || parts.count == 2 else {
                return .failure(LiteralError("'\(right)' is not a range end; write DD, MM-DD or YYYY-MM-DD after '..'"))
            }
            let month = parts.count == 2 ? Int(parts[0])! : start.month
            let day = Int(parts.last!)!
            let spelled = String(format: "%04d-%02d-%02d", start.year, month, day)
            switch parseDay(spelled) {
            case .success(let end): last = end
            case .failure(let message): return .failure(message)
            }
        } else {
            return .failure(LiteralError("'\(right)' is not a range end; after a relative start write a full date or a relative word"))
        }
        if case .absolute(let a) = first, case .absolute(let b) = last, b < a {
            return .failure(LiteralError("reversed range: \(b) comes before \(a); write \(b)..\(a)"))
        }
        return .success(RangeExpression(first: first, last: last))
    }

    static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                             "October", "November", "December"]
}
