import Foundation
import SourceFormats
import Warehouse

/// `nba_raw.bdl_injuries` (partitioned by scrape date) from the newest BallDontLie injury scrape of the date.
public struct InjuriesRawProcessor: RawProcessor {
    public let name = "bdl_injuries"
    public let output = TableName(.raw, "bdl_injuries")
    /// Reads the lake only.
    public let reads: Set<TableName>? = []
    let lakeInput = LakeLayout.bdlInjuries

    public init() {}

    public func build(_ date: Day, in tx: WarehouseTransaction, context: ProcessingContext) throws -> PartitionRows {
        let lake = try LakeReader(context)
        let columns = ["scrape_date", "bdl_player_id", "player_full_name", "player_lookup", "team_abbr", "injury_status",
                       "return_date", "description", "source_file_path", "processed_at", "data_hash"]
        let bdlTeams = Dictionary(uniqueKeysWithValues: Teams.all.map { ($0.bdlID, $0.tricode) })
        var byPlayer: [Int: [SQLValue]] = [:]
        for name in lake.newestCompletePages(lakeInput, date.description) {
            for injury in try lake.decode(BDL.Page<BDL.Injury>.self, lakeInput, date.description, name).data {
                let full = "\(injury.player.firstName) \(injury.player.lastName)"
                byPlayer[injury.player.id] = [
                    .text(date.description), .integer(Int64(injury.player.id)), .text(full), .text(PlayerLookup.normalize(full)),
                    SQLValue(injury.player.teamID.flatMap { bdlTeams[$0] }), .text(injury.status), SQLValue(injury.returnDate),
                    SQLValue(injury.description), .text(lake.relative(lakeInput, date.description, name)),
                    .text(context.processedAt), .text(SHA256.hex("\(injury.player.id)|\(injury.status)|\(injury.returnDate ?? "")")),
                ]
            }
        }
        return PartitionRows(table: output, partition: date.description, columns: columns,
                             rows: byPlayer.keys.sorted().map { byPlayer[$0]! })
    }
}

/// `nba_raw.br_rosters_current` from the newest Basketball-Reference roster page per team. The table is kept by
/// season, not by date: a date's run replaces its season's rows, keeping when each player was first seen.
public struct RostersRawProcessor: RawProcessor {
    public let name = "br_rosters_current"
    public let output = TableName(.raw, "br_rosters_current")
    public let reads: Set<TableName>? = [TableName(.raw, "br_rosters_current")]
    let lakeInput = LakeLayout.rosters
    /// Reads the season's rows it replaces (when each player was first seen).
    public let readsItsOwnEarlierPartitions = true

    public init() {}

    public func build(_ date: Day, in tx: WarehouseTransaction, context: ProcessingContext) throws -> PartitionRows {
        let lake = try LakeReader(context)
        let season = NBAStatsCSVLoader.seasonYear(date)
        let columns = ["season_year", "team_abbrev", "player_full_name", "player_lookup", "br_player_slug", "position",
                       "jersey_number", "height", "weight", "birth_date", "first_seen_date", "last_scraped_date",
                       "source_file_path", "processed_at", "data_hash"]
        var firstSeen: [String: String] = [:]
        for row in try tx.query("SELECT team_abbrev, player_lookup, first_seen_date FROM nba_raw.br_rosters_current WHERE season_year = ?",
                                [.integer(Int64(season))]).rows {
            firstSeen["\(row[0].stringValue ?? "")|\(row[1].stringValue ?? "")"] = row[2].stringValue
        }
        var byKey: [String: [SQLValue]] = [:]
        for name in lake.newestPerItem(lakeInput, date.description) {
            let html = String(decoding: try lake.data(lakeInput, date.description, name), as: UTF8.self)
            let team = String(((name as NSString).deletingPathExtension).dropFirst(17))
            guard let tricode = Teams.tricode(team) else { continue }
            let rows: [BasketballReference.RosterRow]
            do { rows = try BasketballReference.parseRoster(html: html) } catch {
                throw LakeReader.ReadError.unreadable(lake.relative(lakeInput, date.description, name), "no roster table")
            }
            for player in rows {
                let lookup = PlayerLookup.normalize(player.name)
                let key = "\(tricode)|\(lookup)"
                let seen = min(firstSeen[key] ?? date.description, date.description)
                byKey[key] = [
                    .integer(Int64(season)), .text(tricode), .text(player.name), .text(lookup), .text(player.slug),
                    .text(player.position), .text(player.number), .text(player.height), SQLValue(player.weight),
                    SQLValue(BasketballReference.isoDate(player.birthDate)), .text(seen), .text(date.description),
                    .text(lake.relative(lakeInput, date.description, name)), .text(context.processedAt),
                    .text(SHA256.hex("\(key)|\(player.slug)|\(player.position)|\(player.number)")),
                ]
            }
        }
        // No page scraped for this date: leave the season as it is rather than emptying it.
        if byKey.isEmpty {
            let kept = try tx.query("SELECT \(columns.map { "\"\($0)\"" }.joined(separator: ", ")) FROM nba_raw.br_rosters_current WHERE season_year = ?",
                                    [.integer(Int64(season))]).rows
            return PartitionRows(table: output, partition: date.description, columns: columns, rows: kept,
                                 scope: ("season_year", .integer(Int64(season))))
        }
        return PartitionRows(table: output, partition: date.description, columns: columns,
                             rows: byKey.keys.sorted().map { byKey[$0]! }, scope: ("season_year", .integer(Int64(season))))
    }
}

/// `nba_raw.bigdataball_play_by_play` from the newest CSV of each game: one row per event, with each shot's zone
/// (paint within 8 ft, three-pointers, mid-range otherwise) for the shot-zone analyses.
public struct PlayByPlayRawProcessor: RawProcessor {
    public let name = "bigdataball_play_by_play"
    public let output = TableName(.raw, "bigdataball_play_by_play")
    /// Reads the lake only.
    public let reads: Set<TableName>? = []
    let lakeInput = LakeLayout.playByPlay

    public init() {}

    public func build(_ date: Day, in tx: WarehouseTransaction, context: ProcessingContext) throws -> PartitionRows {
        let lake = try LakeReader(context)
        let columns = ["game_id", "game_date", "event_sequence", "period", "clock", "event_type", "team_abbr",
                       "player_lookup", "player_full_name", "shot_made", "shot_type", "shot_distance", "shot_zone",
                       "original_x", "original_y", "points_scored", "home_score", "away_score", "description",
                       "source_file_path", "processed_at", "data_hash"]
        var rows: [[SQLValue]] = []
        for name in lake.newestPerItem(lakeInput, date.description) {
            // `<stamp>-<gameId>-<AWY>-<HOM>.csv`
            let parts = ((name as NSString).deletingPathExtension).split(separator: "-")
            guard parts.count >= 4, let home = Teams.tricode(String(parts[parts.count - 1])),
                  let away = Teams.tricode(String(parts[parts.count - 2])) else { continue }
            let gameID = NBAStatsCSVLoader.gameKey(date, away: away, home: home)
            let text = String(decoding: try lake.data(lakeInput, date.description, name), as: UTF8.self)
            var lines = BigDataBall.lines(text).makeIterator()
            guard let header = lines.next() else { continue }
            let index = Dictionary(BigDataBall.splitLine(header).enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
            let sourceFile = lake.relative(lakeInput, date.description, name)
            guard ["play_id", "event_type", "player"].allSatisfy({ index[$0] != nil }) else {
                throw LakeReader.ReadError.unreadable(sourceFile, "missing BigDataBall columns")
            }
            // Column positions are looked up once per file, and each name's key and team's tricode once per value:
            // a season holds ~150,000 events but a few hundred distinct names.
            let (playID, period, clock, eventTypeColumn, team, playerColumn, result, typeColumn, distanceColumn, x, y,
                 points, homeScore, awayScore, description) =
                (index["play_id"], index["period"], index["remaining_time"], index["event_type"], index["team"],
                 index["player"], index["result"], index["type"], index["shot_distance"], index["original_x"],
                 index["original_y"], index["points"], index["home_score"], index["away_score"], index["description"])
            var lookups: [String: String] = [:]
            var tricodes: [String: String?] = [:]
            var sequence = 0
            let day = date.description
            while let line = lines.next() { try BigDataBall.withCells(of: line) { cells in
                func cell(_ column: Int?) -> String? {
                    guard let i = column, i < cells.count else { return nil }
                    let text = cells[i]
                    return text.isEmpty ? nil : text
                }
                sequence += 1
                let type = cell(typeColumn)
                let eventType = cell(eventTypeColumn)
                let distance = cell(distanceColumn).flatMap(Double.init)
                var zone: String? = nil
                if eventType == "shot" {
                    zone = (type ?? "").contains("3pt") ? "three" : (distance ?? 99) <= 8 ? "paint" : "mid_range"
                }
                let player = cell(playerColumn)
                let lookup = player.map { name in
                    if let known = lookups[name] { return known }
                    let key = PlayerLookup.normalize(name)
                    lookups[name] = key
                    return key
                }
                let tricode = cell(team).flatMap { name in
                    if let known = tricodes[name] { return known }
                    let code = Teams.tricode(name)
                    tricodes.updateValue(code, forKey: name)
                    return code
                }
                rows.append([
                    .text(gameID), .text(day), .integer(Int64(cell(playID).flatMap(Int.init) ?? sequence)),
                    SQLValue(cell(period).flatMap(Int.init)), SQLValue(cell(clock)), SQLValue(eventType),
                    SQLValue(tricode), SQLValue(lookup), SQLValue(player),
                    SQLValue(cell(result).map { $0 == "made" }), SQLValue(type), SQLValue(distance), SQLValue(zone),
                    SQLValue(cell(x).flatMap(Double.init)), SQLValue(cell(y).flatMap(Double.init)),
                    SQLValue(cell(points).flatMap(Int.init)), SQLValue(cell(homeScore).flatMap(Int.init)),
                    SQLValue(cell(awayScore).flatMap(Int.init)), SQLValue(cell(description)),
                    .text(sourceFile), .text(context.processedAt), .text(SHA256.hex(String(line))),
                ])
            } }
        }
        return PartitionRows(table: output, partition: date.description, columns: columns, rows: rows)
    }
}
