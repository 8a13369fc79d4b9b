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

    typealias HistoricalFile = OddsAPI.Historical<OddsAPI.Event>

    let warehouse: Warehouse

    public init(warehouse: Warehouse) { self.warehouse = warehouse }

    static let columns = PropSnapshotRows.columns
    public func load(_ directory: String, loadedAt: String, runID: String) throws -> Summary {
        let files = try Self.jsonFiles(in: directory)
        var decoded: [(path: String, file: HistoricalFile)] = []
        for path in files {
            guard let data = FileManager.default.contents(atPath: path) else { throw LoadError(file: path, "cannot read it") }
            do {
                decoded.append((path, try WireJSON.decode(HistoricalFile.self, from: data)))
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
                guard let tip = PipelineCalendar.parseTimestamp(event.commenceTime), let taken = PipelineCalendar.parseTimestamp(file.timestamp) else {
                    throw LoadError(file: path, "commence_time or timestamp is not an ISO-8601 instant")
                }
                guard let home = Teams.tricode(event.homeTeam), let away = Teams.tricode(event.awayTeam) else {
                    throw LoadError(file: path, "unknown team in '\(event.awayTeam) @ \(event.homeTeam)'")
                }
                let gameDate = PipelineCalendar.easternDayValue(tip)
                let scheduled = try tx.scalar("""
                    SELECT COUNT(*) FROM nba_raw.nbac_schedule WHERE game_date = ? AND home_team_tricode = ? AND away_team_tricode = ?
                    """, [.text(gameDate.description), .text(home), .text(away)])
                guard scheduled.intValue ?? 0 > 0 else {
                    unmatched.insert("\(event.id) \(away)@\(home) \(gameDate)")
                    continue
                }
                snapshots += 1
                let built = PropSnapshotRows.rows(event: event, taken: taken, gameDate: gameDate, home: home, away: away,
                                                  dataSource: "historical", path: path, processedAt: loadedAt)
                dropped += built.droppedInGame
                byDate[gameDate.description, default: []] += built.rows
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
