/// The Odds API v4 wire models (source-formats §2).
public enum OddsAPI {
    public struct Event: Codable, Sendable {
        public var id: String
        public var sportKey: String?
        public var sportTitle: String?
        public var commenceTime: String
        public var homeTeam: String
        public var awayTeam: String
        public var bookmakers: [Bookmaker]?
        enum CodingKeys: String, CodingKey {
            case id, bookmakers
            case sportKey = "sport_key", sportTitle = "sport_title", commenceTime = "commence_time"
            case homeTeam = "home_team", awayTeam = "away_team"
        }
        public init(id: String, commenceTime: String, homeTeam: String, awayTeam: String, bookmakers: [Bookmaker]?) {
            self.id = id; sportKey = "basketball_nba"; sportTitle = "NBA"; self.commenceTime = commenceTime
            self.homeTeam = homeTeam; self.awayTeam = awayTeam; self.bookmakers = bookmakers
        }
    }

    public struct Bookmaker: Codable, Sendable {
        public var key: String
        public var title: String?
        public var lastUpdate: String?
        public var markets: [Market]
        enum CodingKeys: String, CodingKey { case key, title, markets, lastUpdate = "last_update" }
        public init(key: String, title: String?, lastUpdate: String?, markets: [Market]) {
            self.key = key; self.title = title; self.lastUpdate = lastUpdate; self.markets = markets
        }
    }

    public struct Market: Codable, Sendable {
        public var key: String
        public var lastUpdate: String?
        public var outcomes: [Outcome]
        enum CodingKeys: String, CodingKey { case key, outcomes, lastUpdate = "last_update" }
        public init(key: String, lastUpdate: String?, outcomes: [Outcome]) {
            self.key = key; self.lastUpdate = lastUpdate; self.outcomes = outcomes
        }
    }

    /// `name` is Over/Under (or a team for spreads); `description` carries the player's full name on props.
    public struct Outcome: Codable, Sendable {
        public var name: String
        public var description: String?
        public var price: Double
        public var point: Double?
        public init(name: String, description: String?, price: Double, point: Double?) {
            self.name = name; self.description = description; self.price = price; self.point = point
        }
    }

    /// The historical endpoints wrap the live shape with the snapshot's timestamps.
    public struct Historical<Payload: Codable & Sendable>: Codable, Sendable {
        public var timestamp: String
        public var previousTimestamp: String?
        public var nextTimestamp: String?
        public var data: Payload
        enum CodingKeys: String, CodingKey {
            case timestamp, data, previousTimestamp = "previous_timestamp", nextTimestamp = "next_timestamp"
        }
        public init(timestamp: String, previousTimestamp: String?, nextTimestamp: String?, data: Payload) {
            self.timestamp = timestamp; self.previousTimestamp = previousTimestamp; self.nextTimestamp = nextTimestamp
            self.data = data
        }
    }

    public struct ErrorBody: Codable, Sendable {
        public var message: String
        public var errorCode: String
        enum CodingKeys: String, CodingKey { case message, errorCode = "error_code" }
        public init(message: String, errorCode: String) { self.message = message; self.errorCode = errorCode }
    }

    /// Decimal odds to American (`1.87` → `-115`, `2.10` → `+110`).
    public static func american(_ decimal: Double) -> Int {
        guard decimal > 1 else { return 0 }
        return decimal >= 2 ? Int(((decimal - 1) * 100).rounded()) : Int((-100 / (decimal - 1)).rounded())
    }
}
