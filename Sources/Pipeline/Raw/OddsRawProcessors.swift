import Foundation
import SourceFormats
import Warehouse

/// Rows of one Odds API `player_points` snapshot: Over and Under paired by player within each book, American prices
/// beside decimal ones, and nothing taken after the tip (in-game lines are not pre-game lines).
enum PropSnapshotRows {
    static let columns = ["game_id", "odds_api_event_id", "game_date", "game_start_time", "home_team_abbr", "away_team_abbr",
                          "snapshot_timestamp", "snapshot_tag", "minutes_before_tipoff", "bookmaker", "player_name",
                          "player_lookup", "points_line", "over_price", "over_price_american", "under_price",
                          "under_price_american", "data_source", "source_file_path", "processed_at", "data_hash"]

    static func rows(event: OddsAPI.Event, taken: Date, gameDate: Day, home: String, away: String, dataSource: String,
                     path: String, processedAt: String) -> (rows: [[SQLValue]], droppedInGame: Int) {
        guard let tip = PipelineCalendar.parseTimestamp(event.commenceTime) else { return ([], 0) }
        let minutesBefore = Int((tip.timeIntervalSince(taken) / 60).rounded(.down))
        let snapshot = PipelineCalendar.instant(taken)
        let tipText = PipelineCalendar.instant(tip)
        let gameID = NBAStatsCSVLoader.gameKey(gameDate, away: away, home: home)
        let tag = "snap-" + PipelineCalendar.easternClock(taken)
        var rows: [[SQLValue]] = []
        var dropped = 0
        for book in event.bookmakers ?? [] {
            for market in book.markets where market.key == "player_points" {
                var pairs: [String: (over: OddsAPI.Outcome?, under: OddsAPI.Outcome?)] = [:]
                for outcome in market.outcomes {
                    guard let player = outcome.description else { continue }
                    if outcome.name.lowercased() == "over" { pairs[player, default: (nil, nil)].over = outcome }
                    if outcome.name.lowercased() == "under" { pairs[player, default: (nil, nil)].under = outcome }
                }
                for (player, pair) in pairs.sorted(by: { $0.key < $1.key }) {
                    guard minutesBefore >= 0 else { dropped += 1; continue }
                    let line = pair.over?.point ?? pair.under?.point
                    let hash = SHA256.hex("\(event.id)|\(snapshot)|\(book.key)|\(player)|\(line ?? -1)|\(pair.over?.price ?? 0)|\(pair.under?.price ?? 0)")
                    rows.append([
                        .text(gameID), .text(event.id),
                        .text(gameDate.description), .text(tipText), .text(home), .text(away),
                        .text(snapshot), .text(tag), .integer(Int64(minutesBefore)), .text(book.key), .text(player),
                        .text(PlayerLookup.normalize(player)), SQLValue(line), SQLValue(pair.over?.price),
                        SQLValue(pair.over.map { OddsAPI.american($0.price) }), SQLValue(pair.under?.price),
                        SQLValue(pair.under.map { OddsAPI.american($0.price) }), .text(dataSource), .text(path),
                        .text(processedAt), .text(hash),
                    ])
                }
            }
        }
        return (rows, dropped)
    }
}

extension SQLValue {
    /// What `"\(value)"` renders (the enum's default description), built without reflection: the raw processors' keys
    /// are made of it and decide the order rows are written in, which must not change.
    var describedKey: String {
        if case .text(let text) = self {
            // Printable ASCII with no quote of either kind or backslash is its own debug description between quotes
            // (ids, stamps, most names); anything else goes through `debugDescription`, which walks Characters.
            let plain = text.utf8.allSatisfy {
                $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "'") && $0 != UInt8(ascii: "\\")
            }
            return plain ? "text(\"" + text + "\")" : "text(" + text.debugDescription + ")"
        }
        return "\(self)"
    }
}

/// A scraped event-odds file: live (the bare event, taken when the file was written) or historical (wrapped, taken at
/// its snapshot's timestamp).
struct ScrapedEventOdds {
    let event: OddsAPI.Event
    let taken: Date
    let historical: Bool

    init(_ lake: LakeReader, _ kind: LakeDirectory, _ date: String, _ name: String) throws {
        // A file the scraper kept decoded is not read again: a bare event is live, a wrapped one historical.
        let path = lake.directory(kind, date) + "/" + name
        if let event = DecodedFileCache.lake.kept(OddsAPI.Event.self, at: path),
           let stamp = LakeLayout.instant(fromStamp: name), let taken = PipelineCalendar.parseTimestamp(stamp) {
            (self.event, self.taken, historical) = (event, taken, false)
            return
        }
        if let wrapped = DecodedFileCache.lake.kept(OddsAPI.Historical<OddsAPI.Event>.self, at: path),
           let taken = PipelineCalendar.parseTimestamp(wrapped.timestamp) {
            (event, self.taken, historical) = (wrapped.data, taken, true)
            return
        }
        let data = try lake.data(kind, date, name)
        // Only a historical snapshot has a top-level `timestamp`; a live file (most of them) is not decoded twice.
        if data.range(of: Data("\"timestamp\"".utf8)) != nil,
           let wrapped = try? WireJSON.decode(OddsAPI.Historical<OddsAPI.Event>.self, from: data),
           let taken = PipelineCalendar.parseTimestamp(wrapped.timestamp) {
            (event, self.taken, historical) = (wrapped.data, taken, true)
        } else {
            event = try lake.decode(OddsAPI.Event.self, kind, date, name)
            guard let stamp = LakeLayout.instant(fromStamp: name), let taken = PipelineCalendar.parseTimestamp(stamp) else {
                throw LakeReader.ReadError.unreadable(lake.relative(kind, date, name), "no scrape stamp in the file name")
            }
            self.taken = taken
            historical = false
        }
    }

    var teams: (home: String, away: String)? {
        guard let home = Teams.tricode(event.homeTeam), let away = Teams.tricode(event.awayTeam) else { return nil }
        return (home, away)
    }
}

/// `nba_raw.odds_api_player_points_props` from every props snapshot scraped for the date: the history is kept (the
/// partition is the union of all snapshot files), in-game snapshots are dropped.
public struct PropsRawProcessor: RawProcessor {
    public let name = "odds_api_player_points_props"
    public let output = TableName(.raw, "odds_api_player_points_props")
    /// Reads the lake only.
    public let reads: Set<TableName>? = []
    let lakeInput = LakeLayout.oddsProps

    public init() {}

    public func build(_ date: Day, in tx: WarehouseTransaction, context: ProcessingContext) throws -> PartitionRows {
        let lake = try LakeReader(context)
        var byKey: [String: [SQLValue]] = [:]
        for name in lake.names(lakeInput, date.description) {
            let file = try ScrapedEventOdds(lake, lakeInput, date.description, name)
            guard let teams = file.teams else { continue }
            let built = PropSnapshotRows.rows(event: file.event, taken: file.taken, gameDate: date, home: teams.home,
                                              away: teams.away, dataSource: file.historical ? "historical" : "live",
                                              path: lake.relative(lakeInput, date.description, name),
                                              processedAt: context.processedAt)
            // Key: event, snapshot, book, player (columns 1, 6, 9, 11).
            for row in built.rows { byKey[[row[1], row[6], row[9], row[11]].map(\.describedKey).joined(separator: "|")] = row }
        }
        return PartitionRows(table: output, partition: date.description, columns: PropSnapshotRows.columns,
                             rows: byKey.keys.sorted().map { byKey[$0]! })
    }
}

/// `nba_raw.odds_api_game_lines`: spreads and totals per book from every game-lines snapshot of the date.
public struct GameLinesRawProcessor: RawProcessor {
    public let name = "odds_api_game_lines"
    public let output = TableName(.raw, "odds_api_game_lines")
    /// Reads the lake only.
    public let reads: Set<TableName>? = []
    let lakeInput = LakeLayout.oddsGameLines

    public init() {}

    public func build(_ date: Day, in tx: WarehouseTransaction, context: ProcessingContext) throws -> PartitionRows {
        let lake = try LakeReader(context)
        let columns = ["game_id", "odds_api_event_id", "game_date", "game_start_time", "home_team_abbr", "away_team_abbr",
                       "snapshot_timestamp", "bookmaker", "market_key", "outcome_name", "outcome_point", "outcome_price",
                       "source_file_path", "processed_at", "data_hash"]
        var byKey: [String: [SQLValue]] = [:]
        for name in lake.names(lakeInput, date.description) {
            let file = try ScrapedEventOdds(lake, lakeInput, date.description, name)
            guard let teams = file.teams, let tip = PipelineCalendar.parseTimestamp(file.event.commenceTime), file.taken < tip
            else { continue }
            let snapshot = PipelineCalendar.instant(file.taken)
            for book in file.event.bookmakers ?? [] {
                for market in book.markets where market.key == "spreads" || market.key == "totals" {
                    for outcome in market.outcomes {
                        let key = "\(file.event.id)|\(snapshot)|\(book.key)|\(market.key)|\(outcome.name)"
                        byKey[key] = [
                            .text(NBAStatsCSVLoader.gameKey(date, away: teams.away, home: teams.home)), .text(file.event.id),
                            .text(date.description), .text(file.event.commenceTime), .text(teams.home), .text(teams.away),
                            .text(snapshot), .text(book.key), .text(market.key), .text(outcome.name), SQLValue(outcome.point),
                            .real(outcome.price), .text(lake.relative(lakeInput, date.description, name)),
                            .text(context.processedAt), .text(SHA256.hex("\(key)|\(outcome.point ?? 0)|\(outcome.price)")),
                        ]
                    }
                }
            }
        }
        return PartitionRows(table: output, partition: date.description, columns: columns,
                             rows: byKey.keys.sorted().map { byKey[$0]! })
    }
}
