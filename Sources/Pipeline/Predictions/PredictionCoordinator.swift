import Foundation
import Warehouse

/// Phase 5 for date D, as production's coordinator: loads each player's input once, trains the walk-forward model on
/// games before D, runs every system and the ensemble, and writes the date's predictions as one partition (one
/// MERGE in production), so no system's rows can overwrite another's.
public struct PredictionCoordinator: PartitionProcessor {
    public let name = "PredictionCoordinator"
    public let phase = PipelinePhase.phase5
    public let output = TableName(.predictions, "player_prop_predictions")
    public let reads: Set<TableName>? = [TableName(.raw, "nbac_schedule"), TableName(.raw, "odds_api_player_points_props"),
                                         TableName(.analytics, "player_game_summary"),
                                         TableName(.analytics, "team_defense_game_summary"),
                                         TableName(.analytics, "upcoming_player_game_context"),
                                         TableName(.precompute, "player_daily_cache"),
                                         TableName(.precompute, "player_composite_factors"),
                                         TableName(.precompute, "player_shot_zone_analysis"),
                                         TableName(.precompute, "team_defense_zone_analysis"),
                                         TableName(.precompute, "ml_feature_store"),
                                         TableName(.predictions, "player_prop_predictions")]
    public let upstream = [TableName(.precompute, "player_daily_cache"), TableName(.precompute, "ml_feature_store"),
                           TableName(.precompute, "player_shot_zone_analysis"), TableName(.precompute, "team_defense_zone_analysis"),
                           TableName(.raw, "odds_api_player_points_props")]
    public init() {}

    /// Reads D's features, zones and lines; the daily cache of D and the training window before it.
    public func window(of upstream: TableName) -> ReadWindow {
        switch upstream.table {
        case "player_daily_cache": return .throughDate
        default: return .sameDate
        }
    }

    public func build(_ date: Day, in tx: WarehouseTransaction, context: ProcessingContext) throws -> PartitionRows {
        let inputs = try Self.inputs(for: date, tx)
        let model = try Self.train(before: date, tx)
        let movingAverage = MovingAverageSystem()
        let ridge = RidgeRegressionSystem(model: model)
        let (past, allowed) = try Self.pastGames(before: date, players: inputs.map(\.player), tx)
        let ensemble = EnsembleSystem(members: [(ridge, 0.6), (movingAverage, 0.4)])
        let zones = ZoneMatchupSystem(matchups: try ZoneMatchups(on: date, tx))
        let upstream = try Self.lineage(for: date, processedAt: context.processedAt, model: model, tx)
        let props = try PropLines.latest(on: date, in: tx)
        // Each row's lineage is the date's, with that row's fallbacks added before the closing brace. (Cut once here:
        // dropping a String's last Character walks the whole string, and there are ~25,000 rows a season.)
        let upstreamOpen = String(upstream.dropLast())

        let columns = ["prediction_id", "system_id", "player_lookup", "game_date", "game_id", "prediction_version",
                       "predicted_points", "confidence_score", "recommendation", "has_prop_line", "current_points_line",
                       "line_margin", "line_source", "line_source_api", "sportsbook", "was_line_fallback", "quality_tier",
                       "feature_quality_score", "is_active", "superseded_by", "warnings", "upstream", "run_id", "created_at"]
        var rows: [[SQLValue]] = []
        for input in inputs {
            let prop = props[input.player]
            let line = prop?.line ?? (input.last5 * 2).rounded() / 2
            let tier = Self.tier(input)
            // Quality below 50 is not predicted at all, as in production.
            guard tier != "unusable" else { continue }
            let cap = Self.confidenceCaps[tier]!
            let similarity = SimilaritySystem(history: past, opponentAllowed: allowed[input.opponent])
            for system in [movingAverage, zones, ridge, similarity, ensemble] as [any PredictionSystem] {
                let prediction = system.predict(input)
                // A system that cannot predict this player (too few similar games, no zone data) writes no row for it.
                if prediction.warnings.contains("INSUFFICIENT_SIMILAR_GAMES") || prediction.warnings.contains("ZONE_DATA_MISSING") {
                    continue
                }
                let confidence = min(cap, prediction.confidence)
                let recommendation = prop == nil ? "NO_LINE" : system.recommend(edge: prediction.points - line, confidence: confidence)
                var warnings = prediction.warnings
                if prop == nil { warnings.append("ESTIMATED_LINE") }
                if !input.productionReady { warnings.append("BOOTSTRAP_HISTORY") }
                rows.append([
                    .text("\(system.systemID)-\(date)-\(input.player)"), .text(system.systemID), .text(input.player),
                    .text(date.description), .text(input.gameID), .integer(1), rounded(prediction.points, 2),
                    rounded(confidence, 3), .text(recommendation), .integer(prop == nil ? 0 : 1), .real(line),
                    rounded(prediction.points - line, 2), .text(prop == nil ? "ESTIMATED_AVG" : "ACTUAL_PROP"),
                    .text(prop == nil ? "ESTIMATED" : "ODDS_API"), prop.map { .text($0.bookmaker) } ?? .null,
                    .integer(prop == nil ? 1 : 0), .text(tier), SQLValue(input.featureQuality), .integer(1), .null,
                    warnings.isEmpty ? .null : .text("[" + warnings.map { "\"\($0)\"" }.joined(separator: ",") + "]"),
                    .text(upstreamOpen + ",\"fallbacks\":[" + warnings.map { "\"\($0)\"" }.joined(separator: ",") + "]}"),
                    .text(context.runID), .text(context.processedAt),
                ])
            }
        }
        return PartitionRows(table: output, partition: date.description, columns: columns,
                             rows: try Self.supersede(rows, columns: columns, date: date, tx))
    }

    /// Regenerating a date never deletes a prediction: a new prediction that differs from the active one gets the next
    /// version and the old row becomes `is_active = 0` with `superseded_by` naming it; one that is the same keeps
    /// the existing row untouched (so re-running changes nothing); rows no longer predicted are kept, inactive.
    static func supersede(_ fresh: [[SQLValue]], columns: [String], date: Day, _ tx: WarehouseTransaction) throws -> [[SQLValue]] {
        let existing = try tx.query("SELECT \(columns.map { "\"\($0)\"" }.joined(separator: ", ")) FROM nba_predictions.player_prop_predictions WHERE game_date = ? ORDER BY prediction_id",
                                    [.text(date.description)]).rows
        guard !existing.isEmpty else { return fresh }
        let index = Dictionary(uniqueKeysWithValues: columns.enumerated().map { ($1, $0) })
        let system = index["system_id"]!, player = index["player_lookup"]!
        func key(_ row: [SQLValue]) -> String { (row[system].stringValue ?? "") + "|" + (row[player].stringValue ?? "") }
        // Every column that says something about the prediction; only its identity and lineage may differ. (A
        // regeneration from better features with the same numbers is a new version: the quality it reports changed.)
        let identity: Set<String> = ["prediction_id", "prediction_version", "is_active", "superseded_by", "upstream", "run_id", "created_at"]
        let compared = columns.enumerated().filter { !identity.contains($0.element) }.map(\.offset)
        var kept = existing
        var activeRow: [String: Int] = [:]
        var latestVersion: [String: Int] = [:]
        for (position, row) in existing.enumerated() {
            latestVersion[key(row)] = max(latestVersion[key(row)] ?? 0, row[index["prediction_version"]!].intValue ?? 1)
            if row[index["is_active"]!] == .integer(1) { activeRow[key(row)] = position }
        }
        var result: [[SQLValue]] = []
        var stillActive = Set<String>()
        for var row in fresh {
            let k = key(row)
            stillActive.insert(k)
            if let position = activeRow[k] {
                if compared.allSatisfy({ existing[position][$0] == row[$0] }) { continue }  // unchanged: keep the old row
                let version = (latestVersion[k] ?? 1) + 1
                let id = "\(row[index["prediction_id"]!].stringValue ?? "")-v\(version)"
                row[index["prediction_id"]!] = .text(id)
                row[index["prediction_version"]!] = .integer(Int64(version))
                kept[position][index["is_active"]!] = .integer(0)
                kept[position][index["superseded_by"]!] = .text(id)
            } else if let version = latestVersion[k] {
                row[index["prediction_version"]!] = .integer(Int64(version + 1))
                row[index["prediction_id"]!] = .text("\(row[index["prediction_id"]!].stringValue ?? "")-v\(version + 1)")
            }
            result.append(row)
        }
        for (k, position) in activeRow where !stillActive.contains(k) { kept[position][index["is_active"]!] = .integer(0) }
        return kept + result
    }

    /// The upstream partitions a date's predictions were built from: for each, the `_loads` record it was read at
    /// (run id, load time) and how old that load was when the predictions were made; and the model's training size.
    static func lineage(for date: Day, processedAt: String, model: RidgeModel?, _ tx: WarehouseTransaction) throws -> String {
        let sources: [(Dataset, String)] = [(.precompute, "player_daily_cache"), (.precompute, "ml_feature_store"),
                                            (.precompute, "player_composite_factors"), (.analytics, "upcoming_player_game_context"),
                                            (.analytics, "player_game_summary"), (.raw, "odds_api_player_points_props")]
        let made = PipelineCalendar.parseTimestamp(processedAt)
        var parts: [String] = []
        for (dataset, table) in sources {
            // The game summaries feed the date through the games before it; the others are the date's own partition.
            let partition = table == "player_game_summary" ? date.adding(days: -1).description : date.description
            let record = try tx.query("""
                SELECT partition_date, run_id, loaded_at FROM \(dataset.rawValue)._loads
                WHERE table_name = ? AND partition_date <= ? ORDER BY partition_date DESC, load_id DESC LIMIT 1
                """, [.text(table), .text(partition)]).records.first
            guard let record else {
                parts.append("\"\(table)\":null")
                continue
            }
            let loaded = record["loaded_at"]?.stringValue
            let age = made.flatMap { m in loaded.flatMap(PipelineCalendar.parseTimestamp).map { Int(m.timeIntervalSince($0)) } }
            parts.append("\"\(table)\":{\"partition\":\(json(record["partition_date"]?.stringValue)),\"run_id\":\(json(record["run_id"]?.stringValue)),"
                + "\"loaded_at\":\(json(loaded)),\"age_seconds\":\(age.map(String.init) ?? "null")}")
        }
        parts.append("\"ridge_v1\":" + (model.map { "{\"training_rows\":\($0.trainingRows),\"trained_before\":\"\(date)\"}" } ?? "null"))
        return "{" + parts.joined(separator: ",") + "}"
    }

    static let tiers = ["gold", "silver", "bronze", "poor", "unusable"]
    static let confidenceCaps = ["gold": 1.0, "silver": 0.95, "bronze": 0.80, "poor": 0.60, "unusable": 0.0]

    /// The worst of the history tier (games seen) and the feature store's tier: when combined, the worst tier wins.
    static func tier(_ input: PredictionInput) -> String {
        let history = input.productionReady ? (input.games >= 10 ? "gold" : "silver") : "bronze"
        guard let features = input.featureTier, let rank = tiers.firstIndex(of: features) else { return history }
        return tiers[max(rank, tiers.firstIndex(of: history)!)]
    }

    /// One input per player in D's cache whose team plays on D; players with no history are skipped
    /// (NEEDS_BOOTSTRAP in production).
    static func inputs(for date: Day, _ tx: WarehouseTransaction) throws -> [PredictionInput] {
        let day = SQLValue.text(date.description)
        let cache = try tx.query("""
            SELECT c.*, m.feature_quality_score AS feature_quality, m.quality_tier AS feature_tier
            FROM nba_precompute.player_daily_cache c
            LEFT JOIN nba_precompute.ml_feature_store m ON m.game_date = c.cache_date AND m.player_lookup = c.player_lookup
            WHERE c.cache_date = ? ORDER BY c.player_lookup
            """, [day]).records
        let games = try TeamGame.byTeam(on: date, tx)
        return cache.compactMap { r in
            guard let player = r["player_lookup"]?.stringValue, let team = r["team_abbr"]?.stringValue, let game = games[team],
                let l5 = r["points_avg_last_5"]?.doubleValue, let l10 = r["points_avg_last_10"]?.doubleValue,
                let season = r["points_avg_season"]?.doubleValue
            else { return nil }
            let backToBack = r["last_game_date"]?.stringValue.flatMap(Day.init).map { $0.adding(days: 1) == date } ?? false
            return PredictionInput(player: player, gameID: game.gameID, home: game.home, opponent: game.opponent,
                                   backToBack: backToBack, last5: l5,
                                   last10: l10, season: season, spread10: r["points_std_last_10"]?.doubleValue ?? 0,
                                   minutes10: r["minutes_avg_last_10"]?.doubleValue ?? 0, usage10: r["usage_rate_last_10"]?.doubleValue ?? 20,
                                   games: r["games_played_season"]?.intValue ?? 0,
                                   productionReady: (r["is_production_ready"]?.intValue ?? 0) == 1,
                                   featureQuality: r["feature_quality"]?.doubleValue, featureTier: r["feature_tier"]?.stringValue)
        }
    }

    /// The players' earlier games this season (venue, rest, minutes, points, what the opponent allowed on average
    /// before D), and each team's average points allowed before D. Read from the season's rows kept per loaded
    /// partition (`SeasonGames`): this is the largest read of Phase 5.
    static func pastGames(before date: Day, players: [String], _ tx: WarehouseTransaction)
        throws -> ([String: [PastGame]], [String: Double])
    {
        var allowedSum: [String: (total: Int64, games: Int)] = [:]
        for (_, games) in try SeasonGames.defence(before: date, tx) {
            for game in games {
                guard let allowed = game.allowed else { continue }
                allowedSum[game.team, default: (0, 0)].total += allowed
                allowedSum[game.team, default: (0, 0)].games += 1
            }
        }
        // As SQL's AVG over integers: the exact sum over the count.
        let allowed = allowedSum.mapValues { Double($0.total) / Double($0.games) }
        let wanted = Set(players)
        var past: [String: [PastGame]] = [:]
        var previous: [String: Day] = [:]
        let season = NBAStatsCSVLoader.seasonYear(date)
        // The kept per-date arrays are read in place: filtering them into new arrays copied every player-game.
        // By index, not `for game in games`: binding each element copied the whole player-game (four Strings retained
        // and released) for every one of the season's games, wanted or not.
        for (played, games) in try SeasonGames.players(from: SeasonGames.seasonStart(date), before: date, tx) {
            for index in games.indices where games[index].seasonYear == season && wanted.contains(games[index].player) {
                let player = games[index].player
                let rested = previous[player].map { $0.adding(days: 1) != played } ?? true
                previous[player] = played
                past[player, default: []].append(PastGame(date: played, home: games[index].home, rested: rested,
                                                          opponentAllowed: games[index].opponent.flatMap { allowed[$0] },
                                                          minutes: games[index].minutes ?? 0, points: games[index].points ?? 0))
            }
        }
        return (past, allowed)
    }

    /// Trailing window of history the model learns from.
    static let trainingDays = 90

    /// Fits ridge regression on every player-game in the `trainingDays` before D (never D or later) from the
    /// sufficient statistics XᵀX, Xᵀy and yᵀy. They add up date by date, so each date's are aggregated once per load of
    /// its cache and game-summary partitions and kept (`trainingSums`); the window is their sum, always taken in date
    /// order, so a model is the same whether the sums were kept or aggregated afresh.
    static func train(before date: Day, _ tx: WarehouseTransaction) throws -> RidgeModel? {
        let from = date.adding(days: -trainingDays)
        let cacheKeys = try LoadedPartitions.contentKeys(TableName(.precompute, "player_daily_cache"), from: from, before: date, tx)
        let summaryKeys = try LoadedPartitions.contentKeys(TableName(.analytics, "player_game_summary"), from: from, before: date, tx)
        let n = trainingFeatures.count
        var total = [Double](repeating: 0, count: 2 + n + n * (n + 1) / 2)
        for (day, cacheKey) in cacheKeys.sorted(by: { $0.key < $1.key }) {
            guard let summaryKey = summaryKeys[day] else { continue }  // no games summarised that date: nothing to learn
            let key = cacheKey.flatMap { cache in summaryKey.map { cache + "|" + $0 } }
            let sums = try trainingSums.kept(under: key) { try trainingSums(on: day, tx) }
            for i in total.indices { total[i] += sums[i] }
        }
        let count = Int(total[0])
        guard count > 0 else { return nil }
        let yy = total[1]
        let xty = Array(total[2..<(2 + n)])
        var xtx = [Double](repeating: 0, count: n * n)
        var index = 2 + n
        for i in 0..<n {
            for j in i..<n {
                xtx[i * n + j] = total[index]
                xtx[j * n + i] = xtx[i * n + j]
                index += 1
            }
        }
        guard let fitted = RidgeModel.fit(xtx: xtx, xty: xty, rows: count) else { return nil }
        // Residual error from the same statistics: SSE = yᵀy − 2βᵀXᵀy + βᵀXᵀXβ.
        let beta = fitted.coefficients
        var quadratic = 0.0
        for i in 0..<n { for j in 0..<n { quadratic += beta[i] * xtx[i * n + j] * beta[j] } }
        let sse = max(0, yy - 2 * zip(beta, xty).reduce(0) { $0 + $1.0 * $1.1 } + quadratic)
        return RidgeModel(coefficients: beta, trainingRows: count, residualRMSE: (sse / Double(count)).squareRoot())
    }

    static let trainingFeatures = [
        "1.0", "c.points_avg_last_5", "c.points_avg_last_10", "c.points_avg_season", "COALESCE(c.points_std_last_10, 0)",
        "COALESCE(c.minutes_avg_last_10, 0)", "COALESCE(c.usage_rate_last_10, 20)", "s.home_game",
        "CASE WHEN c.last_game_date = \(SQLDialect.dateShift("c.cache_date", days: -1)) THEN 1.0 ELSE 0.0 END",
    ]
    /// One date's statistics, keyed by that date's partition contents: [count, yᵀy, Xᵀy…, upper triangle of XᵀX…].
    static let trainingSums = DerivedCache<[Double]>(capacity: 300)

    static func trainingSums(on day: String, _ tx: WarehouseTransaction) throws -> [Double] {
        let n = trainingFeatures.count
        var sums: [String] = ["COUNT(*)", "SUM(y * y)"]
        for i in 0..<n { sums.append("SUM(f\(i) * y)") }
        for i in 0..<n { for j in i..<n { sums.append("SUM(f\(i) * f\(j))") } }
        let select = trainingFeatures.enumerated().map { "\($1) AS f\($0)" }.joined(separator: ", ")
        let row = try tx.query("""
            SELECT \(sums.joined(separator: ", ")) FROM (
              SELECT \(select), s.points AS y
              FROM nba_precompute.player_daily_cache c
              JOIN nba_analytics.player_game_summary s ON s.game_date = c.cache_date AND s.player_lookup = c.player_lookup
              WHERE c.cache_date = ?1 AND c.points_avg_last_5 IS NOT NULL)
            """, [.text(day)]).rows.first ?? []
        return sums.indices.map { row.indices.contains($0) ? row[$0].doubleValue ?? 0 : 0 }
    }

    static func json(_ text: String?) -> String { text.map { "\"\($0)\"" } ?? "null" }
}
