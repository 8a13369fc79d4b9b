import Foundation
import SourceFormats
import Warehouse

/// Imports NBA stats player-game-log CSV files (`leaguegamefinder`, player mode — the format of the real 2022-23
/// season) into `nba_raw.nbac_schedule` and `nba_raw.nbac_gamebook_player_stats`, one date-partition per transaction.
/// The whole file is checked before anything is written: a bad file loads nothing.
public struct NBAStatsCSVLoader {
    public struct Summary: Sendable, Equatable {
        public let dates: Int
        public let games: Int
        public let playerGames: Int
        public let firstDate: Day
        public let lastDate: Day
    }

    static let required = ["PLAYER_ID", "PLAYER_NAME", "TEAM_ABBREVIATION", "GAME_ID", "GAME_DATE", "MATCHUP", "MIN",
                           "PTS", "FGM", "FGA", "FG3M", "FG3A", "FTM", "FTA", "OREB", "DREB", "REB", "AST", "STL", "BLK",
                           "TOV", "PF", "PLUS_MINUS"]
    static let counted = ["MIN", "PTS", "FGM", "FGA", "FG3M", "FG3A", "FTM", "FTA", "OREB", "DREB", "REB", "AST", "STL",
                          "BLK", "TOV", "PF"]

    struct PlayerGame {
        let nbaGameID: String
        let date: Day
        let playerID: Int
        let name: String
        let team: String
        let opponent: String
        let home: Bool
        let stats: [String: Int]
        let plusMinus: Int?
        let seasonLabel: String?
        let line: Int
    }

    let warehouse: Warehouse

    public init(warehouse: Warehouse) { self.warehouse = warehouse }

    /// Reads and checks the file (plain or gzip) without writing.
    func read(_ path: String) throws(LoadError) -> [PlayerGame] {
        let text = try Self.contents(of: path)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        guard let headerLine = lines.first, let header = CSVReader.fields(headerLine) else {
            throw LoadError(file: path, "the file is empty; expected an NBA stats player-game-log CSV with a header line")
        }
        let columns = Dictionary(header.enumerated().map { ($1.trimmingCharacters(in: .whitespaces), $0) }, uniquingKeysWith: { a, _ in a })
        let missing = Self.required.filter { columns[$0] == nil }
        guard missing.isEmpty else {
            throw LoadError(file: path, line: 1, "missing column\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", ")); is this an NBA stats player-game-log CSV?")
        }
        var games: [PlayerGame] = []
        var seen = Set<String>()
        for (offset, raw) in lines.enumerated().dropFirst() {
            let lineNumber = offset + 1
            if raw.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { continue }
            guard let fields = CSVReader.fields(raw), fields.count == header.count else {
                throw LoadError(file: path, line: lineNumber, "expected \(header.count) fields, found \(CSVReader.fields(raw)?.count ?? 0) (or an unclosed quote)")
            }
            func field(_ name: String) -> String { fields[columns[name]!].trimmingCharacters(in: .whitespaces) }
            let gameID = field("GAME_ID")
            guard gameID.count == 10, gameID.allSatisfy(\.isNumber) else {
                throw LoadError(file: path, line: lineNumber, "GAME_ID '\(gameID)' is not a 10-digit NBA.com game id")
            }
            guard let date = Day(String(field("GAME_DATE").prefix(10))) else {
                throw LoadError(file: path, line: lineNumber, "GAME_DATE '\(field("GAME_DATE"))' is not a date (YYYY-MM-DD)")
            }
            guard let playerID = Int(field("PLAYER_ID")) else {
                throw LoadError(file: path, line: lineNumber, "PLAYER_ID '\(field("PLAYER_ID"))' is not a number")
            }
            guard let team = Teams.tricode(field("TEAM_ABBREVIATION")) else {
                throw LoadError(file: path, line: lineNumber, "unknown team '\(field("TEAM_ABBREVIATION"))'")
            }
            let matchup = field("MATCHUP")
            let home: Bool
            let opponentSpelling: String
            if let range = matchup.range(of: " vs. ") {
                home = true
                opponentSpelling = String(matchup[range.upperBound...])
            } else if let range = matchup.range(of: " @ ") {
                home = false
                opponentSpelling = String(matchup[range.upperBound...])
            } else {
                throw LoadError(file: path, line: lineNumber, "MATCHUP '\(matchup)' is neither 'TEAM vs. OPP' nor 'TEAM @ OPP'")
            }
            guard let opponent = Teams.tricode(opponentSpelling) else {
                throw LoadError(file: path, line: lineNumber, "unknown opponent '\(opponentSpelling)' in MATCHUP")
            }
            var stats: [String: Int] = [:]
            for name in Self.counted {
                let text = field(name)
                guard let value = Int(text) ?? Double(text).flatMap({ $0 == $0.rounded() ? Int($0) : nil }), value >= 0 else {
                    throw LoadError(file: path, line: lineNumber, "\(name) '\(text)' is not a non-negative whole number")
                }
                stats[name] = value
            }
            let plusMinusText = field("PLUS_MINUS")
            let plusMinus = plusMinusText.isEmpty ? nil : Int(plusMinusText) ?? Double(plusMinusText).map { Int($0.rounded()) }
            if !plusMinusText.isEmpty && plusMinus == nil {
                throw LoadError(file: path, line: lineNumber, "PLUS_MINUS '\(plusMinusText)' is not a number")
            }
            guard seen.insert("\(gameID)/\(playerID)").inserted else {
                throw LoadError(file: path, line: lineNumber, "player \(playerID) appears twice in game \(gameID)")
            }
            let label = columns["SEASON_LABEL"].map { fields[$0] }
            games.append(PlayerGame(nbaGameID: gameID, date: date, playerID: playerID, name: field("PLAYER_NAME"),
                                    team: team, opponent: opponent, home: home, stats: stats, plusMinus: plusMinus,
                                    seasonLabel: label, line: lineNumber))
        }
        guard !games.isEmpty else { throw LoadError(file: path, "the file has a header but no rows") }
        return games
    }

    /// Loads the file: every date it covers gets its schedule and gamebook partitions replaced.
    public func load(_ path: String, runID: String, loadedAt: String) throws -> Summary {
        let games = try read(path)
        let byDate = Dictionary(grouping: games, by: \.date)
        for date in byDate.keys.sorted() {
            let rows = byDate[date]!
            let schedule = Self.scheduleRows(rows, date: date, path: path, processedAt: loadedAt)
            let gamebook = Self.gamebookRows(rows, date: date, path: path, processedAt: loadedAt)
            try warehouse.write { tx in
                try PartitionWriter.replace(schedule, in: tx, runID: runID, mode: .manual, loadedAt: loadedAt)
                try PartitionWriter.replace(gamebook, in: tx, runID: runID, mode: .manual, loadedAt: loadedAt)
            }
        }
        let dates = byDate.keys.sorted()
        return Summary(dates: dates.count, games: Set(games.map(\.nbaGameID)).count, playerGames: games.count,
                       firstDate: dates.first!, lastDate: dates.last!)
    }

    static func seasonYear(_ date: Day) -> Int { date.month >= 8 ? date.year : date.year - 1 }

    /// `YYYYMMDD_AWAY_HOME`, the reference's game id.
    static func gameKey(_ date: Day, away: String, home: String) -> String {
        String(format: "%04d%02d%02d_%@_%@", date.year, date.month, date.day, away, home)
    }

    static func scheduleRows(_ rows: [PlayerGame], date: Day, path: String, processedAt: String) -> PartitionRows {
        let columns = ["game_id", "game_code", "season_nba_format", "season_year", "game_date", "game_date_est",
                       "game_status", "game_status_text", "home_team_id", "home_team_tricode", "away_team_id",
                       "away_team_tricode", "home_team_score", "away_team_score", "is_playoffs", "source_file_path",
                       "processed_at", "data_hash"]
        var result: [[SQLValue]] = []
        for (gameID, players) in Dictionary(grouping: rows, by: \.nbaGameID).sorted(by: { $0.key < $1.key }) {
            let sample = players[0]
            let home = sample.home ? sample.team : sample.opponent
            let away = sample.home ? sample.opponent : sample.team
            let homePoints = players.filter { $0.team == home }.reduce(0) { $0 + $1.stats["PTS"]! }
            let awayPoints = players.filter { $0.team == away }.reduce(0) { $0 + $1.stats["PTS"]! }
            let year = seasonYear(date)
            let label = sample.seasonLabel ?? "\(year)-\(String(format: "%02d", (year + 1) % 100))"
            let code = String(format: "%04d%02d%02d/%@%@", date.year, date.month, date.day, away, home)
            let hash = SHA256.hex("\(gameID)|\(home)|\(away)|\(homePoints)|\(awayPoints)")
            result.append([.text(gameID), .text(code), .text(label), .integer(Int64(year)), .text(date.description),
                           .text(date.description), .integer(3), .text("Final"),
                           SQLValue(Teams.team(home)?.nbaTeamID), .text(home), SQLValue(Teams.team(away)?.nbaTeamID),
                           .text(away), .integer(Int64(homePoints)), .integer(Int64(awayPoints)),
                           .integer(gameID.hasPrefix("004") ? 1 : 0), .text(path), .text(processedAt), .text(hash)])
        }
        return PartitionRows(table: TableName(.raw, "nbac_schedule"), partition: date.description, columns: columns, rows: result)
    }

    static func gamebookRows(_ rows: [PlayerGame], date: Day, path: String, processedAt: String) -> PartitionRows {
        let columns = ["game_id", "nba_game_id", "game_date", "season_year", "home_team_abbr", "away_team_abbr",
                       "team_abbr", "player_full_name", "player_lookup", "nba_player_id", "player_status", "minutes",
                       "minutes_decimal", "points", "assists", "rebounds", "offensive_rebounds", "defensive_rebounds",
                       "steals", "blocks", "turnovers", "personal_fouls", "field_goals_made", "field_goals_attempted",
                       "three_pointers_made", "three_pointers_attempted", "free_throws_made", "free_throws_attempted",
                       "plus_minus", "source_file_path", "processed_at", "data_hash"]
        var seenKeys = Set<String>()
        var result: [[SQLValue]] = []
        for player in rows.sorted(by: { ($0.nbaGameID, $0.playerID) < ($1.nbaGameID, $1.playerID) }) {
            let home = player.home ? player.team : player.opponent
            let away = player.home ? player.opponent : player.team
            var lookup = PlayerLookup.normalize(player.name)
            // Two players whose names fold to the same key in one game keep distinct keys.
            if !seenKeys.insert("\(player.nbaGameID)/\(lookup)").inserted { lookup += String(player.playerID) }
            let s = player.stats
            func int(_ name: String) -> SQLValue { .integer(Int64(s[name]!)) }
            let hash = SHA256.hex("\(player.nbaGameID)|\(player.playerID)|" + counted.map { String(s[$0]!) }.joined(separator: ","))
            result.append([.text(gameKey(player.date, away: away, home: home)), .text(player.nbaGameID),
                           .text(date.description), .integer(Int64(seasonYear(date))), .text(home), .text(away),
                           .text(player.team), .text(player.name), .text(lookup), .integer(Int64(player.playerID)),
                           .text("active"), .text(String(s["MIN"]!)), .real(Double(s["MIN"]!)), int("PTS"), int("AST"),
                           int("REB"), int("OREB"), int("DREB"), int("STL"), int("BLK"), int("TOV"), int("PF"), int("FGM"),
                           int("FGA"), int("FG3M"), int("FG3A"), int("FTM"), int("FTA"), SQLValue(player.plusMinus),
                           .text(path), .text(processedAt), .text(hash)])
        }
        return PartitionRows(table: TableName(.raw, "nbac_gamebook_player_stats"), partition: date.description,
                             columns: columns, rows: result)
    }

    static func contents(of path: String) throws(LoadError) -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw LoadError(file: path, "no such file")
        }
        if path.hasSuffix(".gz") {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/gzip")
            process.arguments = ["-dc", path]
            let output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            do { try process.run() } catch { throw LoadError(file: path, "cannot run gzip to decompress it: \(error)") }
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { throw LoadError(file: path, "is not a valid gzip file") }
            return String(decoding: data, as: UTF8.self)
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw LoadError(file: path, "cannot read it") }
        return String(decoding: data, as: UTF8.self)
    }
}
