import Foundation
import SourceFormats
import Warehouse

/// Imports historical Odds API event-odds files (v4 historical shape:
/// `{timestamp, data: {id, commence_time, home_team, away_team, bookmakers: […]}}`) as player-points snapshots in
/// `nba_raw.odds_api_player_points_props`, matching each event to its scheduled game by Eastern date and team pair.
/// Snapshot history is kept: a date's partition is rewritten as the union of what it held and the new snapshots,
/// keyed by event, snapshot, book and player, so loading the same files twice changes nothing. In-game snapshots
/// (after tip-off) are dropped, as in production. Every file is checked before anything is written.
public struct OddsAPIHistoryLoader {
    public struct Summary: Sendable, Equatable {
        public let files: Int
        public let snapshots: Int
        public let dates: Int
        public let droppedInGame: Int
        /// Events with no scheduled game on their Eastern date with those teams.
        public let unmatchedEvents: [String]
    }

    struct HistoricalFile: Decodable {
        let timestamp: String
        let data: Event
    }

    struct Event: Decodable {
        let id: String
        let commence_time: String
        let home_team: String
        let away_team: String
        let bookmakers: [Bookmaker]
    }

    struct Bookmaker: Decodable {
        let key: String
        let markets: [Market]
    }

    struct Market: Decodable {
        let key: String
        let outcomes: [Outcome]
    }

    struct Outcome: Decodable {
        let name: String
        let description: String?
        let price: Double?
        let point: Double?
    }

    let warehouse: Warehouse

    public init(warehouse: Warehouse) { self.warehouse = warehouse }

    static let columns = ["game_id", "odds_api_event_id", "game_date", "game_start_time", "home_team_abbr", "away_team_abbr",
                          "snapshot_timestamp", "snapshot_tag", "minutes_before_tipoff", "bookmaker", "player_name",
                          "player_lookup", "points_line", "over_price", "over_price_american", "under_price",
                          "under_price_american", "data_source", "source_file_path", "processed_at", "data_hash"]

    public func load(_ directory: String, loadedAt: String, runID: String) throws -> Summary {
        let files = try Self.jsonFiles(in: directory)
        var decoded: [(path: String, file: HistoricalFile)] = []
        for path in files {
            guard let data = FileManager.default.contents(atPath: path) else { throw LoadError(file: path, "cannot read it") }
            do {
                decoded.append((path, try JSONDecoder().decode(HistoricalFile.self, from: data)))
            } catch {
                throw LoadError(file: path, "is not a historical Odds API event-odds file ({timestamp, data: {id, commence_time, home_team, away_team, bookmakers}}): \(Self.describe(error))")
            }
        }
        var byDate: [String: [[SQLValue]]] = [:]
        var unmatched = Set<String>()
        var dropped = 0
        var snapshots = 0
        try warehouse.read { tx in
            for (path, file) in decoded {
                let event = file.data
                guard let tip = PipelineCalendar.parseTimestamp(event.commence_time), let taken = PipelineCalendar.parseTimestamp(file.timestamp) else {
                    throw LoadError(file: path, "commence_time or timestamp is not an ISO-8601 instant")
                }
                guard let home = Teams.tricode(event.home_team), let away = Teams.tricode(event.away_team) else {
                    throw LoadError(file: path, "unknown team in '\(event.away_team) @ \(event.home_team)'")
                }
                let gameDate = PipelineCalendar.easternDayValue(tip)
                let scheduled = try tx.scalar("""
                    SELECT COUNT(*) FROM nba_raw.nbac_schedule WHERE game_date = ? AND home_team_tricode = ? AND away_team_tricode = ?
                    """, [.text(gameDate.description), .text(home), .text(away)])
                guard scheduled.intValue ?? 0 > 0 else {
                    unmatched.insert("\(event.id) \(away)@\(home) \(gameDate)")
                    continue
                }
                let minutesBefore = Int(((tip.timeIntervalSince(taken)) / 60).rounded(.down))
                snapshots += 1
                let snapshot = PipelineCalendar.instant(taken)
                let tag = "snap-" + PipelineCalendar.easternClock(taken)
                for book in event.bookmakers {
                    for market in book.markets where market.key == "player_points" {
                        var pairs: [String: (over: Outcome?, under: Outcome?)] = [:]
                        for outcome in market.outcomes {
                            guard let player = outcome.description else { continue }
                            if outcome.name.lowercased() == "over" { pairs[player, default: (nil, nil)].over = outcome }
                            if outcome.name.lowercased() == "under" { pairs[player, default: (nil, nil)].under = outcome }
                        }
                        for (player, pair) in pairs.sorted(by: { $0.key < $1.key }) {
                            guard minutesBefore >= 0 else { dropped += 1; continue }
                            let line = pair.over?.point ?? pair.under?.point
                            let hash = SHA256.hex("\(event.id)|\(snapshot)|\(book.key)|\(player)|\(line ?? -1)|\(pair.over?.price ?? 0)|\(pair.under?.price ?? 0)")
                            byDate[gameDate.description, default: []].append([
                                .text(NBAStatsCSVLoader.gameKey(gameDate, away: away, home: home)), .text(event.id),
                                .text(gameDate.description), .text(PipelineCalendar.instant(tip)), .text(home), .text(away),
                                .text(snapshot), .text(tag), .integer(Int64(minutesBefore)), .text(book.key), .text(player),
                                .text(PlayerLookup.normalize(player)), SQLValue(line), SQLValue(pair.over?.price),
                                SQLValue(pair.over?.price.map(Self.american)), SQLValue(pair.under?.price),
                                SQLValue(pair.under?.price.map(Self.american)), .text("historical"), .text(path),
                                .text(loadedAt), .text(hash),
                            ])
                        }
                    }
                }
            }
        }
        let props = TableName(.raw, "odds_api_player_points_props")
        for (date, fresh) in byDate.sorted(by: { $0.key < $1.key }) {
            try warehouse.write { tx in
                let existing = try tx.query("SELECT \(Self.columns.map { "\"\($0)\"" }.joined(separator: ", ")) FROM \(props.sql) WHERE game_date = ?",
                                            [.text(date)]).rows
                var merged: [String: [SQLValue]] = [:]
                // Key: event, snapshot, book, player (columns 1, 6, 9, 11); new rows win.
                for row in existing + fresh { merged["\(row[1])|\(row[6])|\(row[9])|\(row[11])"] = row }
                let rows = merged.keys.sorted().map { merged[$0]! }
                try PartitionWriter.replace(PartitionRows(table: props, partition: date, columns: Self.columns, rows: rows),
                                            in: tx, runID: runID, mode: .manual, loadedAt: loadedAt, skipIfUnchanged: true)
            }
        }
        return Summary(files: files.count, snapshots: snapshots, dates: byDate.count, droppedInGame: dropped,
                       unmatchedEvents: unmatched.sorted())
    }

    /// Decimal odds as American: 2.5 → +150, 1.8 → −125.
    static func american(_ decimal: Double) -> Int {
        guard decimal > 1 else { return 0 }
        return decimal >= 2 ? Int(((decimal - 1) * 100).rounded()) : Int((-100 / (decimal - 1)).rounded())
    }

    static func jsonFiles(in directory: String) throws(LoadError) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw LoadError(file: directory, "no such directory")
        }
        guard let walker = FileManager.default.enumerator(atPath: directory) else { throw LoadError(file: directory, "cannot list it") }
        let files = walker.compactMap { $0 as? String }.filter { $0.hasSuffix(".json") }.sorted().map { directory + "/" + $0 }
        guard !files.isEmpty else { throw LoadError(file: directory, "holds no .json files") }
        return files
    }

    static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "missing '\((context.codingPath.map(\.stringValue) + [key.stringValue]).joined(separator: "."))'"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "wrong type at '\(context.codingPath.map(\.stringValue).joined(separator: "."))'"
        case DecodingError.dataCorrupted(let context):
            return context.debugDescription
        default:
            return "\(error)"
        }
    }
}
