import Foundation
import SourceFormats

/// The Odds API: `apiKey` query parameter; `x-requests-*` quota headers on every answer; 429 `EXCEEDED_FREQ_LIMIT`
/// over the per-second limit; 404 `EVENT_NOT_FOUND` for finished games; historical snapshots every five minutes.
extension ScenarioFeed {
    public static let oddsQuota = 100_000

    func oddsAPI(_ request: FeedRequest, rest: [String], now: Date) -> FeedResponse {
        guard let key = request.value("apiKey") else {
            return .json(OddsAPI.ErrorBody(message: "API key is missing", errorCode: "MISSING_KEY"), status: 401)
        }
        guard key == credentials.oddsAPIKey else {
            return .json(OddsAPI.ErrorBody(message: "API key is not valid", errorCode: "INVALID_KEY"), status: 401)
        }
        if meterExceeds("odds", limit: oddsPerSecond, seconds: 1, now: now) {
            return quota(.json(OddsAPI.ErrorBody(message: "Your API key has exceeded its frequency limit.",
                                                 errorCode: "EXCEEDED_FREQ_LIMIT"), status: 429), cost: 0)
        }
        var route = rest
        guard route.first == "v4" else { return notFound(request.path) }
        route.removeFirst()
        let historical = route.first == "historical"
        if historical { route.removeFirst() }
        guard route.count >= 3, route[0] == "sports", route[1] == "basketball_nba", route[2] == "events" else {
            return notFound(request.path)
        }
        var at = now
        if historical {
            guard let asked = request.value("date").flatMap(FeedTime.parse) else {
                return .json(OddsAPI.ErrorBody(message: "date is required", errorCode: "INVALID_HISTORICAL_TIMESTAMP"),
                             status: 422)
            }
            let snapshot = min(asked, now).timeIntervalSince1970
            at = Date(timeIntervalSince1970: (snapshot / 300).rounded(.down) * 300)
        }
        let wrap = { (response: FeedResponse, cost: Int) -> FeedResponse in self.quota(response, cost: historical ? cost * 10 : cost) }
        if route.count == 3 {
            let from = request.value("commenceTimeFrom").flatMap(FeedTime.parse) ?? at
            let to = request.value("commenceTimeTo").flatMap(FeedTime.parse) ?? at + 14 * 86400
            let events = league.games.filter { $0.tipoff >= from && $0.tipoff <= to && at < $0.endsAt }
                .map { event($0, bookmakers: nil) }
            return wrap(historical ? .json(snapshotWrapper(at, events)) : .json(events), historical ? 1 : 0)
        }
        guard route.count == 5, route[4] == "odds", let game = league.game(oddsEventID: route[3]) else {
            return wrap(.json(OddsAPI.ErrorBody(message: "Event not found", errorCode: "EVENT_NOT_FOUND"), status: 404), 0)
        }
        guard at < game.endsAt else {
            return wrap(.json(OddsAPI.ErrorBody(message: "Event not found. The event may have finished.",
                                                errorCode: "EVENT_NOT_FOUND"), status: 404), 0)
        }
        let markets = (request.value("markets") ?? "h2h").split(separator: ",").map(String.init)
        let wantedBooks = request.value("bookmakers").map { Set($0.split(separator: ",").map(String.init)) }
        let bookmakers = league.linesOpen(game, at: at) ? books(game, markets: markets, at: at, only: wantedBooks) : []
        let body = event(game, bookmakers: bookmakers)
        let cost = bookmakers.isEmpty ? 0 : Set(bookmakers.flatMap { $0.markets.map(\.key) }).count
        return wrap(historical ? .json(snapshotWrapper(at, body)) : .json(body), cost)
    }

    private func snapshotWrapper<T: Codable & Sendable>(_ at: Date, _ data: T) -> OddsAPI.Historical<T> {
        OddsAPI.Historical(timestamp: FeedTime.iso(at), previousTimestamp: FeedTime.iso(at - 300),
                           nextTimestamp: FeedTime.iso(at + 300), data: data)
    }

    private func quota(_ response: FeedResponse, cost: Int) -> FeedResponse {
        var response = response
        let used = meterRef.spendOdds(cost)
        response.headers["x-requests-used"] = "\(used)"
        response.headers["x-requests-remaining"] = "\(max(0, ScenarioFeed.oddsQuota - used))"
        response.headers["x-requests-last"] = "\(cost)"
        return response
    }

    private func event(_ game: ScenarioGame, bookmakers: [OddsAPI.Bookmaker]?) -> OddsAPI.Event {
        OddsAPI.Event(id: game.oddsEventID, commenceTime: FeedTime.iso(game.tipoff),
                      homeTeam: Teams.team(game.home)!.oddsAPIName, awayTeam: Teams.team(game.away)!.oddsAPIName,
                      bookmakers: bookmakers)
    }

    private func books(_ game: ScenarioGame, markets: [String], at: Date, only: Set<String>?) -> [OddsAPI.Bookmaker] {
        let stamp = FeedTime.iso(at.addingTimeInterval(-37))
        var byBook: [String: [OddsAPI.Market]] = [:]
        if markets.contains("player_points") {
            for (book, lines) in Dictionary(grouping: league.propLines(game, at: at), by: \.bookmaker) {
                let outcomes = lines.flatMap { line in
                    [OddsAPI.Outcome(name: "Over", description: line.player.fullName, price: line.overPrice, point: line.point),
                     OddsAPI.Outcome(name: "Under", description: line.player.fullName, price: line.underPrice, point: line.point)]
                }
                byBook[book, default: []].append(OddsAPI.Market(key: "player_points", lastUpdate: stamp, outcomes: outcomes))
            }
        }
        let home = Teams.team(game.home)!.oddsAPIName, away = Teams.team(game.away)!.oddsAPIName
        for line in league.gameLines(game, at: at) {
            if markets.contains("spreads") {
                byBook[line.bookmaker, default: []].append(OddsAPI.Market(key: "spreads", lastUpdate: stamp, outcomes: [
                    .init(name: home, description: nil, price: 1.91, point: line.homeSpread),
                    .init(name: away, description: nil, price: 1.91, point: -line.homeSpread)]))
            }
            if markets.contains("totals") {
                byBook[line.bookmaker, default: []].append(OddsAPI.Market(key: "totals", lastUpdate: stamp, outcomes: [
                    .init(name: "Over", description: nil, price: 1.91, point: line.total),
                    .init(name: "Under", description: nil, price: 1.91, point: line.total)]))
            }
        }
        let titles = Dictionary(uniqueKeysWithValues: ScenarioLeague.propBooks)
        return byBook.keys.sorted().filter { only?.contains($0) ?? true }.map {
            OddsAPI.Bookmaker(key: $0, title: titles[$0] ?? $0, lastUpdate: stamp, markets: byBook[$0]!)
        }
    }
}
