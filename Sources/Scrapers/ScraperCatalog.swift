/// Every scraper, in the order a full scrape of a date runs them (the schedule first: the others check against it).
public enum ScraperCatalog {
    public static let all: [ScraperDescriptor] = [
        NBAComScrapers.schedule, BallDontLieScrapers.games, BallDontLieScrapers.boxScores, NBAComScrapers.gamebooks,
        BallDontLieScrapers.injuries, OddsAPIScrapers.events, OddsAPIScrapers.props, OddsAPIScrapers.gameLines,
        FileSourceScrapers.rosters, FileSourceScrapers.playByPlay,
    ]

    public static let sourceNames = ["bdl", "nbacom", "odds", "br", "bigdataball", "all"]
    public static var kinds: [String] { all.map(\.kind) }

    /// The scrapers for a source (`all` for every one), narrowed to a kind when given.
    public static func select(source: String, kind: String?) -> [ScraperDescriptor] {
        all.filter { (source == "all" || $0.source.rawValue == source) && (kind == nil || $0.kind == kind) }
    }

    public static func named(_ name: String) -> ScraperDescriptor? { all.first { $0.name == name } }
}
