/// Where each kind of raw response lives in the lake (`lake/<source>/<kind>/<game_date>/…`): the scrapers write
/// there, the Phase 2 processors read there. One list, so the two cannot drift apart.
public struct LakeDirectory: Sendable, Hashable {
    public let source: String
    public let kind: String

    public init(_ source: String, _ kind: String) {
        self.source = source
        self.kind = kind
    }

    public var path: String { "\(source)/\(kind)" }
}

public enum LakeLayout {
    public static let schedule = LakeDirectory("nba-com", "schedule")
    public static let gamebooks = LakeDirectory("nba-com", "gamebooks-data")
    public static let bdlGames = LakeDirectory("ball-dont-lie", "games")
    public static let bdlBoxScores = LakeDirectory("ball-dont-lie", "player-box-scores")
    public static let bdlInjuries = LakeDirectory("ball-dont-lie", "injuries")
    public static let oddsEvents = LakeDirectory("odds-api", "events")
    public static let oddsProps = LakeDirectory("odds-api", "player-props")
    public static let oddsGameLines = LakeDirectory("odds-api", "game-lines")
    public static let rosters = LakeDirectory("basketball-ref", "season-rosters")
    public static let playByPlay = LakeDirectory("big-data-ball", "play-by-play")

    /// `20260115T220000Z` (the start of a file name) → `2026-01-15T22:00:00Z`.
    public static func instant(fromStamp name: String) -> String? {
        let stamp = name.prefix(16)
        guard stamp.count == 16, stamp.dropFirst(8).first == "T", stamp.last == "Z" else { return nil }
        let c = Array(stamp)
        return "\(String(c[0..<4]))-\(String(c[4..<6]))-\(String(c[6..<8]))T\(String(c[9..<11])):\(String(c[11..<13])):\(String(c[13..<15]))Z"
    }
}
