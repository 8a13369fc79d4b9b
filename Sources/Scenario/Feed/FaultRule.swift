import Foundation
import SourceFormats

/// A fault the feed injects, written one per line in a rules file or typed in the shell:
///
///     bdl endpoint=/stats status=429 p=0.3            30 % of BallDontLie /stats calls answer 429 (no Retry-After)
///     odds status=429 retry-after=2 count=3           the next three Odds API calls answer 429 with Retry-After: 2
///     bdl endpoint=/stats query=cursor=200 status=500 the third 100-row page of /stats fails
///     bdl omit dates=2026-01-20 teams=GSW,SAC,DEN     BallDontLie leaves those teams' games out on Jan 20
///     nbacom endpoint=/boxscore delay=6               NBA.com box scores appear six hours late
///     bigdataball status=500                          every BigDataBall call fails
///     any timeout p=0.02 | any truncate p=0.01 | any html p=0.01 | any latency=800
///
/// Sources: `bdl`, `odds`, `nbacom`, `br`, `bigdataball`, or `any`.
public struct FaultRule: Sendable, Equatable, CustomStringConvertible {
    public enum Action: Sendable, Equatable {
        case status(Int, retryAfter: String?)
        case latency(milliseconds: Int)
        case timeout
        case truncate
        case htmlChallenge
        case omitGames
        case delay(hours: Double)
    }

    public var source: String
    public var endpoint: String?
    /// Matches when one `name=value` of the request's query contains this text (e.g. `cursor=200` for page 3).
    public var query: String?
    public var action: Action
    public var dates: ClosedRange<Day>?
    public var teams: Set<String>
    public var games: Set<String>
    public var probability: Double
    public var count: Int?
    public let text: String

    public var description: String { text }

    /// Rewrites a request's outcome (status, latency, timeout, body) rather than the data behind it.
    var isResponseFault: Bool {
        switch action { case .omitGames, .delay: false; default: true }
    }

    public enum ParseError: Error, Equatable, CustomStringConvertible {
        case empty, unknownSource(String), unknownOption(String), badValue(String, String), noAction
        public var description: String {
            switch self {
            case .empty: "empty fault rule"
            case .unknownSource(let s): "unknown source '\(s)' (use bdl, odds, nbacom, br, bigdataball or any)"
            case .unknownOption(let o): "unknown fault option '\(o)' (use endpoint=, query=, status=, retry-after=, latency=, delay=, dates=, teams=, games=, p=, count=, or timeout, truncate, html, omit)"
            case .badValue(let k, let v): "bad value '\(v)' for \(k)"
            case .noAction: "a fault rule needs an action: status=CODE, latency=MS, delay=HOURS, timeout, truncate, html or omit"
            }
        }
    }

    public static let sources = ["bdl", "odds", "nbacom", "br", "bigdataball", "any"]

    public init(parsing line: String) throws(ParseError) {
        let tokens = line.split(whereSeparator: \.isWhitespace).map(String.init)
        guard let first = tokens.first else { throw .empty }
        guard FaultRule.sources.contains(first.lowercased()) else { throw .unknownSource(first) }
        source = first.lowercased()
        text = tokens.joined(separator: " ")
        teams = []
        games = []
        probability = 1
        var action: Action? = nil
        var retryAfter: String? = nil
        for token in tokens.dropFirst() {
            let parts = token.split(separator: "=", maxSplits: 1).map(String.init)
            let key = parts[0].lowercased(), value = parts.count > 1 ? parts[1] : ""
            switch key {
            case "timeout": action = .timeout
            case "truncate": action = .truncate
            case "html": action = .htmlChallenge
            case "omit": action = .omitGames
            case "endpoint": endpoint = value
            case "query": query = value
            case "status":
                guard let code = Int(value), (100...599).contains(code) else { throw .badValue(key, value) }
                action = .status(code, retryAfter: nil)
            case "retry-after": retryAfter = value
            case "latency":
                guard let ms = Int(value), ms >= 0 else { throw .badValue(key, value) }
                action = .latency(milliseconds: ms)
            case "delay":
                guard let hours = Double(value), hours >= 0 else { throw .badValue(key, value) }
                action = .delay(hours: hours)
            case "dates":
                let ends = value.components(separatedBy: "..")
                guard let a = Day(ends[0]), let b = ends.count > 1 ? Day(ends[1]) : Day(ends[0]), a <= b
                else { throw .badValue(key, value) }
                dates = a...b
            case "teams": teams = Set(value.split(separator: ",").compactMap { Teams.tricode(String($0)) })
            case "games": games = Set(value.split(separator: ",").map(String.init))
            case "p":
                guard let p = Double(value), (0...1).contains(p) else { throw .badValue(key, value) }
                probability = p
            case "count":
                guard let n = Int(value), n > 0 else { throw .badValue(key, value) }
                count = n
            default: throw .unknownOption(token)
            }
        }
        guard var chosen = action else { throw .noAction }
        if case .status(let code, _) = chosen { chosen = .status(code, retryAfter: retryAfter) }
        self.action = chosen
    }

    /// Reads a rules file: one rule per line, `#` comments and blank lines ignored. Errors name the line.
    public static func parseFile(_ text: String) throws -> [FaultRule] {
        var rules: [FaultRule] = []
        for (number, raw) in text.components(separatedBy: .newlines).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
            guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
            do { rules.append(try FaultRule(parsing: line)) } catch {
                throw FaultFileError(line: number + 1, problem: error.description)
            }
        }
        return rules
    }

    public static func == (a: Self, b: Self) -> Bool { a.text == b.text }
}

public struct FaultFileError: Error, CustomStringConvertible {
    public let line: Int
    public let problem: String
    public var description: String { "line \(line): \(problem)" }
}
