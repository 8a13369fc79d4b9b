import Foundation
import Warehouse

/// The three shot zones of the reference: paint (within 8 ft), mid-range, and three-pointers.
enum ShotZone: String, CaseIterable {
    case paint, midRange = "mid_range", three
    var value: Double { self == .three ? 3 : 2 }
    /// League-typical shares and percentages, for the box-score fallback when play-by-play is missing.
    static let typicalTwoPointPaintShare = 0.62
    static let typicalPct: [ShotZone: Double] = [.paint: 0.58, .midRange: 0.42, .three: 0.36]
}

/// `nba_precompute.player_shot_zone_analysis` for `analysis_date` D: for each player whose team plays on D, the
/// share of his shots from each zone and his percentage there over his last 10 (and 20) games before D, and the zone
/// he scores most from. From BigDataBall play-by-play; without it, the reference's fallback: the three-point share
/// from the box score, the two-point attempts split as the league does, and a 15-point completeness penalty.
public struct PlayerShotZoneAnalysisProcessor: PartitionProcessor {
    public let name = "PlayerShotZoneAnalysisProcessor"
    public let phase = PipelinePhase.phase4
    public let output = TableName(.precompute, "player_shot_zone_analysis")
    public let reads: Set<TableName>? = [TableName(.raw, "nbac_schedule"), TableName(.raw, "bigdataball_play_by_play"),
                                         TableName(.analytics, "player_game_summary")]
    public let upstream = [TableName(.analytics, "player_game_summary"), TableName(.raw, "bigdataball_play_by_play")]
    static let fallbackPenalty = 15.0
    public init() {}

    /// Reads games and shots before D only.
    public func window(of upstream: TableName) -> ReadWindow { .beforeDate }

    public func build(_ date: Day, in tx: WarehouseTransaction, context: ProcessingContext) throws -> PartitionRows {
        let players = try PlayerHistory.playing(on: date, tx).map(\.player)
        let playingSet = Set(players)
        // Each playing player's last 20 games in the 240 days before D, newest first, with the box score's shooting
        // (from the player-games kept per loaded partition: the season's summaries are read once per load), and the
        // date each was played on, where its shots are.
        var history: [String: [(date: String, game: SeasonGames.PlayerGame)]] = [:]
        var oldest: Day? = nil
        for (day, games) in try SeasonGames.players(from: date.adding(days: -240), before: date, tx).reversed() {
            // By index: binding every player-game of 240 days copied each (four Strings) before the test.
            for index in games.indices where playingSet.contains(games[index].player)
                && history[games[index].player, default: []].count < 20 {
                history[games[index].player, default: []].append((day.description, games[index]))
                oldest = day
            }
        }
        // Their shots from play-by-play, per date, from the oldest of those games on.
        var shotsOn: [String: ShotTotals.DayShots] = [:]
        if let oldest {
            for day in try ShotTotals.shared.days(from: oldest, before: date, tx) { shotsOn[day.date] = day.shots }
        }

        let columns = ["player_lookup", "analysis_date", "paint_rate_last_10", "mid_range_rate_last_10", "three_pt_rate_last_10",
                       "paint_pct_last_10", "mid_range_pct_last_10", "three_pt_pct_last_10", "paint_rate_last_20",
                       "three_pt_rate_last_20", "games_in_sample", "primary_scoring_zone", "data_source", "quality_penalty",
                       "completeness_percentage", "is_production_ready", "circuit_breaker_active", "backfill_bootstrap_mode",
                       "processed_at"]
        var rows: [[SQLValue]] = []
        for player in players.sorted() {
            let games = history[player] ?? []
            guard !games.isEmpty else { continue }
            func zones(_ window: ArraySlice<(date: String, game: SeasonGames.PlayerGame)>) -> (totals: ZoneTotals, fromPlayByPlay: Bool) {
                var totals = ZoneTotals()
                var covered = 0
                for (day, game) in window {
                    if let shots = shotsOn[day]?.byPlayer[player]?[game.gameID] {
                        covered += 1
                        totals.add(shots)
                    }
                }
                if covered > 0 { return (totals, true) }
                // Box-score fallback: threes as recorded, twos split as the league does.
                for (_, game) in window {
                    totals.addEstimate(fieldGoalAttempts: Double(game.fieldGoalAttempts ?? 0), fieldGoalMakes: Double(game.fieldGoalMakes ?? 0),
                                       threeAttempts: Double(game.threeAttempts ?? 0), threeMakes: Double(game.threeMakes ?? 0))
                }
                return (totals, false)
            }
            let ten = zones(games.prefix(10)), twenty = zones(games.prefix(20))
            let attempts10 = ten.totals.totalAttempts, attempts20 = twenty.totals.totalAttempts
            func rate(_ t: ZoneTotals, _ z: ShotZone, _ total: Double) -> Double? { total > 0 ? t.attempts(z) / total : nil }
            func pct(_ z: ShotZone) -> Double? { ten.totals.attempts(z) > 0 ? ten.totals.makes(z) / ten.totals.attempts(z) : nil }
            let primary = ShotZone.allCases.max { ten.totals.makes($0) * $0.value < ten.totals.makes($1) * $1.value }
            let penalty = ten.fromPlayByPlay ? 0 : Self.fallbackPenalty
            let completeness = max(0, min(100, Double(min(games.count, 10)) * 10) - penalty)
            rows.append([.text(player), .text(date.description), rounded(rate(ten.totals, .paint, attempts10)),
                         rounded(rate(ten.totals, .midRange, attempts10)), rounded(rate(ten.totals, .three, attempts10)),
                         rounded(pct(.paint)), rounded(pct(.midRange)), rounded(pct(.three)),
                         rounded(rate(twenty.totals, .paint, attempts20)), rounded(rate(twenty.totals, .three, attempts20)),
                         .integer(Int64(min(games.count, 10))), attempts10 > 0 ? SQLValue(primary?.rawValue) : .null,
                         .text(ten.fromPlayByPlay ? "bigdataball" : "box_score_estimate"), .real(penalty),
                         rounded(completeness, 1), .integer(completeness >= 70 ? 1 : 0), .integer(0),
                         .integer(context.mode == .backfill ? 1 : 0), .text(context.processedAt)])
        }
        return PartitionRows(table: output, partition: date.description, columns: columns, rows: rows)
    }
}

/// `nba_precompute.team_defense_zone_analysis` for `analysis_date` D: for each team playing on D, the percentage its
/// opponents shot in each zone over its last 15 games before D, against the league over the same span, the zones it
/// defends best and worst, and its defensive rating. Without play-by-play: threes from the box score, twos at the
/// league's typical split, and the 15-point penalty.
public struct TeamDefenseZoneAnalysisProcessor: PartitionProcessor {
    public let name = "TeamDefenseZoneAnalysisProcessor"
    public let phase = PipelinePhase.phase4
    public let output = TableName(.precompute, "team_defense_zone_analysis")
    public let reads: Set<TableName>? = [TableName(.raw, "nbac_schedule"), TableName(.raw, "bigdataball_play_by_play"),
                                         TableName(.analytics, "team_defense_game_summary")]
    public let upstream = [TableName(.analytics, "team_defense_game_summary"), TableName(.raw, "bigdataball_play_by_play")]
    public init() {}

    /// Reads games and shots before D only.
    public func window(of upstream: TableName) -> ReadWindow { .beforeDate }

    public func build(_ date: Day, in tx: WarehouseTransaction, context: ProcessingContext) throws -> PartitionRows {
        let teams = try TeamGame.byTeam(on: date, tx).keys.sorted()
        let day = SQLValue.text(date.description)
        let since = SQLValue.text(date.adding(days: -120).description)
        let recent = try tx.query("""
            SELECT team_abbr, game_id, game_date, opponent_team_abbr, defensive_rating, opp_fg_makes, opp_fg_attempts,
                   opp_three_pt_makes, opp_three_pt_attempts, rn FROM (
              SELECT *, ROW_NUMBER() OVER (PARTITION BY team_abbr ORDER BY game_date DESC) AS rn
              FROM nba_analytics.team_defense_game_summary WHERE game_date < ? AND game_date >= ?)
            WHERE rn <= 15
            """, [day, since]).records
        // The opponents' shots per date (a game's shots are under its own date), and the league's over the window.
        var shotsOn: [String: ShotTotals.DayShots] = [:]
        var league = ZoneTotals(), anyShots = false
        for (day, shots) in try ShotTotals.shared.days(from: date.adding(days: -120), before: date, tx) {
            shotsOn[day] = shots
            league.add(shots.league)
            anyShots = anyShots || !shots.isEmpty
        }
        if !anyShots {
            // No play-by-play: the league's percentages come from the same box-score estimate as each team's, so a
            // team is compared with the league like with like.
            let totals = try tx.query("""
                SELECT SUM(opp_fg_makes), SUM(opp_fg_attempts), SUM(opp_three_pt_makes), SUM(opp_three_pt_attempts)
                FROM nba_analytics.team_defense_game_summary WHERE game_date < ? AND game_date >= ?
                """, [day, since]).rows.first ?? []
            let v = totals.map { $0.doubleValue ?? 0 }
            if v.count == 4, v[1] > 0 {
                league.addEstimate(fieldGoalAttempts: v[1], fieldGoalMakes: v[0], threeAttempts: v[3], threeMakes: v[2])
            }
        }
        let leaguePct = Dictionary(uniqueKeysWithValues: ShotZone.allCases.map { z in
            (z, league.attempts(z) > 0 ? league.makes(z) / league.attempts(z) : ShotZone.typicalPct[z]!) })
        let history = Dictionary(grouping: recent, by: { $0["team_abbr"]?.stringValue ?? "" })

        let columns = ["team_abbr", "analysis_date", "paint_pct_allowed_last_15", "mid_range_pct_allowed_last_15",
                       "three_pt_pct_allowed_last_15", "paint_defense_vs_league", "mid_range_defense_vs_league",
                       "three_pt_defense_vs_league", "defensive_rating_last_15", "games_in_sample", "strongest_zone",
                       "weakest_zone", "data_source", "quality_penalty", "completeness_percentage", "is_production_ready",
                       "circuit_breaker_active", "backfill_bootstrap_mode", "processed_at"]
        var rows: [[SQLValue]] = []
        for team in teams {
            let games = history[team] ?? []
            guard !games.isEmpty else { continue }
            var allowed = ZoneTotals()
            var covered = 0
            for game in games {
                guard let day = game["game_date"]?.stringValue, let opponent = game["opponent_team_abbr"]?.stringValue,
                      let shots = shotsOn[day]?.byTeam[opponent]?[game["game_id"]?.stringValue ?? ""] else { continue }
                covered += 1
                allowed.add(shots)
            }
            if covered == 0 {
                for game in games {
                    allowed.addEstimate(fieldGoalAttempts: game["opp_fg_attempts"]?.doubleValue ?? 0,
                                        fieldGoalMakes: game["opp_fg_makes"]?.doubleValue ?? 0,
                                        threeAttempts: game["opp_three_pt_attempts"]?.doubleValue ?? 0,
                                        threeMakes: game["opp_three_pt_makes"]?.doubleValue ?? 0)
                }
            }
            let pct = Dictionary(uniqueKeysWithValues: ShotZone.allCases.map { z in
                (z, allowed.attempts(z) > 0 ? allowed.makes(z) / allowed.attempts(z) : leaguePct[z]!) })
            let versus = Dictionary(uniqueKeysWithValues: ShotZone.allCases.map { ($0, (pct[$0]! - leaguePct[$0]!) * 100) })
            let ordered = ShotZone.allCases.sorted { versus[$0]! < versus[$1]! }
            let ratings = games.compactMap { $0["defensive_rating"]?.doubleValue }
            let penalty = covered > 0 ? 0.0 : PlayerShotZoneAnalysisProcessor.fallbackPenalty
            let completeness = max(0, min(100, Double(games.count) / 15 * 100) - penalty)
            rows.append([.text(team), .text(date.description), rounded(pct[.paint]), rounded(pct[.midRange]),
                         rounded(pct[.three]), rounded(versus[.paint], 2), rounded(versus[.midRange], 2),
                         rounded(versus[.three], 2), rounded(ratings.isEmpty ? nil : ratings.reduce(0, +) / Double(ratings.count), 2),
                         .integer(Int64(games.count)), .text(ordered.first!.rawValue), .text(ordered.last!.rawValue),
                         .text(covered > 0 ? "bigdataball" : "box_score_estimate"), .real(penalty), rounded(completeness, 1),
                         .integer(completeness >= 70 ? 1 : 0), .integer(0), .integer(context.mode == .backfill ? 1 : 0),
                         .text(context.processedAt)])
        }
        return PartitionRows(table: output, partition: date.description, columns: columns, rows: rows)
    }
}
