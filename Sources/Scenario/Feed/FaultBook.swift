import Foundation
import SourceFormats

/// The feed's fault rules and how often each has matched and fired; decisions are drawn from the seed and the
/// rule's own request counter, so the same sequence of requests meets the same faults.
final class FaultBook: @unchecked Sendable {
    struct Entry { var rule: FaultRule; var matched = 0; var fired = 0 }
    private let lock = NSLock()
    private var entries: [Entry] = []
    private let seed: UInt64

    init(seed: UInt64, rules: [FaultRule]) {
        self.seed = seed
        entries = rules.map { Entry(rule: $0) }
    }

    var rules: [(rule: FaultRule, matched: Int, fired: Int)] { lock.withLock { entries.map { ($0.rule, $0.matched, $0.fired) } } }
    func add(_ rule: FaultRule) { lock.withLock { entries.append(Entry(rule: rule)) } }
    func clear() { lock.withLock { entries.removeAll() } }

    /// The first response fault that fires for this request, if any.
    func responseFault(source: String, path: String, query: [String], scope: RequestScope) -> FaultRule.Action? {
        lock.withLock {
            for i in entries.indices where entries[i].rule.isResponseFault && matches(entries[i].rule, source, path, scope)
                && (entries[i].rule.query.map { q in query.contains { $0.contains(q) } } ?? true) {
                entries[i].matched += 1
                if let count = entries[i].rule.count, entries[i].fired >= count { continue }
                if draw(rule: i, counter: entries[i].matched) < entries[i].rule.probability {
                    entries[i].fired += 1
                    return entries[i].rule.action
                }
            }
            return nil
        }
    }

    /// Whether a game is left out of a source's data, and how many hours late its data appears.
    func dataFaults(source: String, path: String, game: ScenarioGame) -> (omitted: Bool, delayHours: Double) {
        lock.withLock {
            var omitted = false, delay = 0.0
            let scope = RequestScope(dates: [game.date], games: [game.nbaGameID, String(game.bdlGameID)],
                                     teams: [game.home, game.away])
            for i in entries.indices where !entries[i].rule.isResponseFault && matches(entries[i].rule, source, path, scope) {
                // Per game, not per request: the same game is omitted on every call, as a source that lacks it would.
                guard draw(rule: i, counter: game.sequence) < entries[i].rule.probability else { continue }
                switch entries[i].rule.action {
                case .omitGames: omitted = true
                case .delay(let hours): delay = max(delay, hours)
                default: break
                }
            }
            return (omitted, delay)
        }
    }

    private func matches(_ rule: FaultRule, _ source: String, _ path: String, _ scope: RequestScope) -> Bool {
        if rule.source != "any" && rule.source != source { return false }
        if let endpoint = rule.endpoint, !path.contains(endpoint) { return false }
        if let dates = rule.dates, !scope.dates.isEmpty, !scope.dates.contains(where: dates.contains) { return false }
        if !rule.teams.isEmpty, !scope.teams.isEmpty, rule.teams.isDisjoint(with: scope.teams) { return false }
        if !rule.games.isEmpty, rule.games.isDisjoint(with: scope.games) { return false }
        return true
    }

    private func draw(rule: Int, counter: Int) -> Double {
        var generator = SeededGenerator(seed: seed ^ (UInt64(rule + 1) &* 0x9E37_79B9_7F4A_7C15) ^ UInt64(counter))
        return generator.uniform()
    }
}

/// What a request is about, for matching fault rules: the game dates, games and teams it concerns.
struct RequestScope {
    var dates: [Day] = []
    var games: Set<String> = []
    var teams: Set<String> = []
}
