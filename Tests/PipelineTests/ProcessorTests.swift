import Foundation
import Testing
@testable import Pipeline
import Warehouse

@Suite struct Formulas {
    @Test func shootingAndUsageAsTheReferenceDefinesThem() throws {
        // Jayson Tatum, 2022-10-18: 13/20 FG, 2/7 3P, 7/9 FT, 3 TOV, 35 PTS in 39 min; Celtics 82 FGA, 28 FTA, 10 TOV.
        #expect(PlayerGameSummaryProcessor.effectiveFieldGoal(fgm: 13, tpm: 2, fga: 20) == 0.7)
        let ts = try #require(PlayerGameSummaryProcessor.trueShooting(points: 35, fga: 20, fta: 9))
        #expect(abs(ts - 0.730384) < 1e-6)
        let usage = try #require(PlayerGameSummaryProcessor.usageRate(fga: 20, fta: 9, tov: 3, minutes: 39, teamFGA: 82, teamFTA: 28, teamTOV: 10))
        #expect(abs(usage - 31.8074) < 1e-3)
        #expect(PlayerGameSummaryProcessor.effectiveFieldGoal(fgm: 0, tpm: 0, fga: 0) == nil)
        #expect(PlayerGameSummaryProcessor.usageRate(fga: 1, fta: 0, tov: 0, minutes: 0, teamFGA: 80, teamFTA: 20, teamTOV: 10) == nil)
        #expect(PlayerGameSummaryProcessor.minutes("36:30") == 36.5)
        #expect(PlayerGameSummaryProcessor.minutes("05") == 5)
    }

    @Test func movingAverageAndBetRules() {
        // 0.5·20 + 0.3·18 + 0.2·15 = 18.4; home +0.5 → 18.9; back-to-back −1.5 → 17.4
        #expect(abs(MovingAverageSystem.predict(l5: 20, l10: 18, season: 15, home: true, backToBack: false) - 18.9) < 1e-9)
        #expect(abs(MovingAverageSystem.predict(l5: 20, l10: 18, season: 15, home: true, backToBack: true) - 17.4) < 1e-9)
        let system = MovingAverageSystem()
        #expect(system.recommend(edge: 2.5, confidence: 0.6) == "OVER")
        #expect(system.recommend(edge: -2.5, confidence: 0.6) == "UNDER")
        #expect(system.recommend(edge: 1.5, confidence: 0.6) == "PASS")
        #expect(system.recommend(edge: 7.5, confidence: 0.4) == "PASS")
        #expect(abs(MovingAverageSystem.confidence(games: 3, spread: 0) - 0.59) < 1e-9)
        #expect(abs(MovingAverageSystem.confidence(games: 20, spread: 5) - 0.6) < 1e-9)
    }

    @Test func ridgeRecoversALinearRelationFromSufficientStatistics() throws {
        // y = 2 + 3x over x = 0…999: with λ = 10 on the slope only, the fit is (2, 3) to within 1e-3.
        let xs = (0..<1000).map(Double.init)
        let n = Double(xs.count), sx = xs.reduce(0, +), sxx = xs.reduce(0) { $0 + $1 * $1 }
        let sy = xs.reduce(0) { $0 + 2 + 3 * $1 }, sxy = xs.reduce(0) { $0 + $1 * (2 + 3 * $1) }
        let model = try #require(RidgeModel.fit(xtx: [n, sx, sx, sxx], xty: [sy, sxy], rows: 1000))
        #expect(abs(model.coefficients[0] - 2) < 1e-3)
        #expect(abs(model.coefficients[1] - 3) < 1e-3)
        #expect(RidgeModel.fit(xtx: [n, sx, sx, sxx], xty: [sy, sxy], rows: 10) == nil)  // too little history
    }

    @Test func similarityNeedsFiveSimilarGames() {
        let input = PredictionInput(player: "p", gameID: "g", home: true, opponent: "NYK", backToBack: false, last5: 20, last10: 20, season: 20,
                                    spread10: 0, minutes10: 30, usage10: 20, games: 10, productionReady: true,
                                    featureQuality: nil, featureTier: nil)
        func game(_ day: Int, home: Bool, points: Int, minutes: Double = 30) -> PastGame {
            PastGame(date: Day("2022-11-01")!.adding(days: day), home: home, rested: true, opponentAllowed: 112, minutes: minutes, points: points)
        }
        // Home, rested, same opponent strength, similar minutes: 100. Away: 70, still similar. Away with 15 minutes: 50.
        let games = [game(0, home: true, points: 20), game(2, home: true, points: 24), game(4, home: false, points: 30),
                     game(6, home: true, points: 22), game(8, home: false, points: 10, minutes: 15), game(10, home: true, points: 26)]
        #expect(SimilaritySystem.score(games[0], input: input, opponentAllowed: 112) == 100)
        #expect(SimilaritySystem.score(games[2], input: input, opponentAllowed: 112) == 70)
        #expect(SimilaritySystem.score(games[4], input: input, opponentAllowed: 112) == 50)
        let system = SimilaritySystem(history: ["p": games], opponentAllowed: 112)
        let prediction = system.predict(input)
        #expect(prediction.points == 24.4)  // (20 + 24 + 30 + 22 + 26) / 5
        #expect(prediction.confidence == 0.35)
        let fewer = SimilaritySystem(history: ["p": Array(games.prefix(4))], opponentAllowed: 112).predict(input)
        #expect(fewer.warnings == ["INSUFFICIENT_SIMILAR_GAMES"])
    }

    @Test func gradingCorrectness() {
        #expect(GradingProcessor.correct(recommendation: "OVER", line: 22.5, actual: 25) == .integer(1))
        #expect(GradingProcessor.correct(recommendation: "UNDER", line: 22.5, actual: 25) == .integer(0))
        #expect(GradingProcessor.correct(recommendation: "OVER", line: 22.0, actual: 22) == .null)  // a push
        #expect(GradingProcessor.correct(recommendation: "PASS", line: 22.5, actual: 30) == .null)
        #expect(GradingProcessor.correct(recommendation: "NO_LINE", line: nil, actual: 30) == .null)
    }
}

@Suite struct PhasesOnFixtures {
    /// Six games of one player: points 10, 20, 30, 40, 50, 60 on consecutive dates from 2022-10-20.
    func sixGames() throws -> Warehouse {
        let warehouse = try Fixtures.warehouse()
        var text = Fixtures.header + "\n"
        for (index, points) in [10, 20, 30, 40, 50, 60].enumerated() {
            text += Fixtures.scorer(game: index + 1, date: "2022-10-2\(index)", points: points, home: index % 2 == 0)
        }
        _ = try NBAStatsCSVLoader(warehouse: warehouse).load(try Fixtures.write(text), runID: "load", loadedAt: "2022-12-31T00:00:00.000Z")
        return warehouse
    }

    @Test func playerGameSummaryIsOneRowPerPlayerGameWithTheResult() throws {
        let warehouse = try Fixtures.warehouse()
        _ = try NBAStatsCSVLoader(warehouse: warehouse).load(Fixtures.openingNight, runID: "load", loadedAt: "t0")
        _ = try Fixtures.backfill(warehouse, .phase3, "2022-10-18", "2022-10-18")
        let tatum = try warehouse.read { tx in
            try tx.query("""
                SELECT points, efg_pct, ts_pct, usage_rate, win_flag, starter_flag, opponent_team_abbr, home_game,
                       data_quality_tier, primary_source_used, points_line
                FROM nba_analytics.player_game_summary WHERE player_lookup = 'jaysontatum'
                """).rows
        }
        #expect(tatum == [[35, 0.7, 0.7304, 31.81, 1, 1, "PHI", 1, "gold", "nbac_gamebook", .null]])
        let counts = try warehouse.read { tx in
            try tx.query("""
                SELECT (SELECT COUNT(*) FROM nba_analytics.player_game_summary),
                       (SELECT SUM(win_flag) FROM nba_analytics.team_offense_game_summary),
                       (SELECT points_allowed FROM nba_analytics.team_defense_game_summary WHERE team_abbr = 'PHI')
                """).rows
        }
        #expect(counts == [[45, 2, 126]])
    }

    @Test func propLinesPreferDraftKingsThenFanDuelAndSetTheOutcome() throws {
        let warehouse = try sixGames()
        try warehouse.write { tx in
            for (book, line, stamp) in [("fanduel", 25.5, "2022-10-20T22:00:00Z"), ("draftkings", 26.5, "2022-10-20T20:00:00Z"),
                                        ("draftkings", 27.5, "2022-10-20T22:30:00Z"), ("betmgm", 9.5, "2022-10-20T23:00:00Z")] {
                try tx.execute("""
                    INSERT INTO nba_raw.odds_api_player_points_props (odds_api_event_id, game_date, snapshot_timestamp,
                      minutes_before_tipoff, bookmaker, player_lookup, points_line) VALUES ('e1', '2022-10-20', ?, 30, ?, 'testscorer', ?)
                    """, [.text(stamp), .text(book), .real(line)])
            }
        }
        _ = try Fixtures.backfill(warehouse, .phase3, "2022-10-20", "2022-10-20")
        let row = try warehouse.read { tx in
            try tx.query("SELECT points, points_line, points_line_source, over_under_result, margin FROM nba_analytics.player_game_summary WHERE player_lookup = 'testscorer'").rows
        }
        #expect(row == [[10, 27.5, "draftkings", "UNDER", -17.5]])
    }

    @Test func theDailyCacheUsesOnlyEarlierGames() throws {
        let warehouse = try sixGames()
        _ = try Fixtures.backfill(warehouse, .phase3, "2022-10-20", "2022-10-25", through: .phase4)
        let cache = try warehouse.read { tx in
            try tx.query("""
                SELECT cache_date, games_played_season, points_avg_last_5, points_avg_season, points_std_last_10, is_production_ready
                FROM nba_precompute.player_daily_cache WHERE player_lookup = 'testscorer' ORDER BY cache_date
                """).rows
        }
        // Oct 20 has no earlier game: no row. Oct 25 sees 10..50: last five average 30, std √200.
        #expect(cache.count == 5)
        #expect(cache.first == ["2022-10-21", 1, 10.0, 10.0, 0.0, 0])
        #expect(cache.last == ["2022-10-25", 5, 30.0, 30.0, 14.1421, 1])
    }

    @Test func predictionsAndGradingWalkForward() throws {
        let warehouse = try sixGames()
        _ = try Fixtures.backfill(warehouse, .phase3, "2022-10-20", "2022-10-25", through: .grading)
        let prediction = try warehouse.read { tx in
            try tx.query("""
                SELECT predicted_points, current_points_line, line_source, recommendation, quality_tier, is_active
                FROM nba_predictions.player_prop_predictions WHERE player_lookup = 'testscorer' AND game_date = '2022-10-25'
                  AND system_id = 'moving_average'
                """).rows
        }
        // L5 = L10 = season = 30; Oct 25 is the sixth game, index 5 → away (−0.5), a back-to-back (−1.5): 28.0.
        // No prop: the line is L5 rounded to 0.5 (ESTIMATED_AVG) and there is no bet.
        #expect(prediction == [[28.0, 30.0, "ESTIMATED_AVG", "NO_LINE", "silver", 1]])
        let lineage = try warehouse.read { tx in
            try tx.query("""
                SELECT json_extract(upstream, '$.player_daily_cache.run_id'), json_extract(upstream, '$.player_daily_cache.age_seconds'),
                       json_extract(upstream, '$.player_game_summary.partition'), json_extract(upstream, '$.fallbacks[0]'),
                       json_extract(upstream, '$.odds_api_player_points_props')
                FROM nba_predictions.player_prop_predictions WHERE player_lookup = 'testscorer' AND game_date = '2022-10-25'
                  AND system_id = 'moving_average'
                """).rows
        }
        #expect(lineage == [["test-run", 0, "2022-10-24", "ESTIMATED_LINE", .null]])
        let grade = try warehouse.read { tx in
            try tx.query("""
                SELECT actual_points, absolute_error, signed_error, prediction_correct, within_5_points, is_voided
                FROM nba_predictions.prediction_accuracy WHERE player_lookup = 'testscorer' AND game_date = '2022-10-25'
                  AND system_id = 'moving_average'
                """).rows
        }
        #expect(grade == [[60, 32.0, -32.0, .null, 0, 0]])
        let systems = try warehouse.read { tx in
            try tx.query("SELECT system_id, COUNT(*) FROM nba_predictions.player_prop_predictions WHERE game_date = '2022-10-25' GROUP BY 1 ORDER BY 1").rows
        }
        // similarity_balanced_v1 finds only 4 similar earlier games for each player here, so it writes no row.
        #expect(systems == [["ensemble_v1", 2], ["moving_average", 2], ["ridge_v1", 2], ["zone_matchup_v1", 2]])
        // Too little history for the model: it falls back and says so.
        let ridge = try warehouse.read { tx in
            try tx.scalar("SELECT warnings FROM nba_predictions.player_prop_predictions WHERE system_id = 'ridge_v1' AND player_lookup = 'testscorer' AND game_date = '2022-10-25'")
        }
        #expect(ridge.stringValue?.contains("MODEL_BOOTSTRAP") == true)
    }

    @Test func theModelForADateTrainsOnlyOnEarlierGames() throws {
        let warehouse = try sixGames()
        _ = try Fixtures.backfill(warehouse, .phase3, "2022-10-20", "2022-10-25", through: .phase4)
        // Every earlier cache row with a game: Oct 21–24 for both players (the cache for D excludes D itself).
        let rows = try warehouse.read { tx in
            try tx.scalar("SELECT COUNT(*) FROM nba_precompute.player_daily_cache WHERE cache_date < '2022-10-25'")
        }
        #expect(rows == .integer(8))
        // Below the minimum history no model is fitted at all.
        #expect(try warehouse.read { tx in try PredictionCoordinator.train(before: Day("2022-10-25")!, tx) } == nil)
    }

    @Test func teamContextHasRestLinesPaceAndStartersOut() throws {
        let warehouse = try sixGames()
        try warehouse.write { tx in
            for (book, market, outcome, point) in [("draftkings", "spreads", "New York Knicks", 6.5), ("fanduel", "spreads", "New York Knicks", 5.5),
                                                   ("draftkings", "spreads", "Boston Celtics", -6.5),
                                                   ("draftkings", "totals", "Over", 221.5), ("fanduel", "totals", "Over", 222.5)] {
                try tx.execute("""
                    INSERT INTO nba_raw.odds_api_game_lines (odds_api_event_id, game_date, home_team_abbr, away_team_abbr,
                      snapshot_timestamp, bookmaker, market_key, outcome_name, outcome_point) VALUES ('e', '2022-10-25', 'NYK', 'BOS', 't', ?, ?, ?, ?)
                    """, [.text(book), .text(market), .text(outcome), .real(point)])
            }
            try tx.execute("INSERT INTO nba_raw.bdl_injuries (scrape_date, bdl_player_id, player_lookup, injury_status) VALUES ('2022-10-25', 1, 'testscorer', 'Out')")
        }
        _ = try Fixtures.backfill(warehouse, .phase3, "2022-10-20", "2022-10-25")
        let rows = try warehouse.read { tx in
            try tx.query("""
                SELECT game_date, team_abbr, home_game, is_back_to_back, team_days_rest, game_spread, game_total, starters_out_count
                FROM nba_analytics.upcoming_team_game_context WHERE game_date IN ('2022-10-20', '2022-10-25') ORDER BY game_date, team_abbr
                """).rows
        }
        // Oct 20 opens the fixture (no earlier game: rest unknown). On Oct 25 the Knicks host after a game the day
        // before: the home spread is the books' median +6.0 (−6.0 for the Celtics), the total 222.0, and the Celtics'
        // top-minutes player is listed out.
        #expect(rows == [["2022-10-20", "BOS", 1, .null, .null, .null, .null, 0], ["2022-10-20", "NYK", 0, .null, .null, .null, .null, 0],
                         ["2022-10-25", "BOS", 0, 1, 0, -6.0, 222.0, 1], ["2022-10-25", "NYK", 1, 1, 0, 6.0, 222.0, 0]])
    }

    /// A team's usual starters are its five players with the most minutes in the 21 days before D; a tie at fifth
    /// goes to the player first by name, a player with no recorded minutes ranks last, and only this season counts.
    @Test func startersOutRanksByMinutesWithTiesToTheName() throws {
        let warehouse = try Fixtures.warehouse()
        let minutes: [(String, Double?)] = [("a", 30), ("b", 30), ("c", 25), ("d", 20), ("e", 20), ("f", 20), ("g", nil)]
        let columns = ["player_lookup", "game_id", "game_date", "team_abbr", "season_year", "minutes_played"]
        let table = TableName(.analytics, "player_game_summary")
        let writer = PartitionWriter(warehouse: warehouse)
        _ = try writer.replace(PartitionRows(table: table, partition: "2026-01-10", columns: columns, rows: minutes.map { player, played in
            [.text(player), .text("g1"), .text("2026-01-10"), .text("TST"), .integer(2025), played.map(SQLValue.real) ?? .null]
        }), runID: "r1", mode: .normal, loadedAt: "2026-01-11T04:00:00Z")
        // Last season's heavy minutes do not make a usual starter.
        _ = try writer.replace(PartitionRows(table: table, partition: "2025-12-30", columns: columns, rows: [
            [.text("f"), .text("g0"), .text("2025-12-30"), .text("TST"), .integer(2024), .real(48)],
        ]), runID: "r0", mode: .normal, loadedAt: "2025-12-31T04:00:00Z")
        try warehouse.write { tx in
            for (id, player) in ["b", "f", "g"].enumerated() {
                try tx.execute("INSERT INTO nba_raw.bdl_injuries (scrape_date, bdl_player_id, player_lookup, injury_status) VALUES ('2026-01-12', ?, ?, 'Out')",
                               [.integer(Int64(id)), .text(player)])
            }
        }
        let out = try warehouse.read { tx in try UpcomingTeamGameContextProcessor.startersOut(on: Day("2026-01-12")!, tx) }
        #expect(out == ["TST": 1], "b is a usual starter; f lost the tie at fifth to e; g has no minutes")
    }

    @Test func playerContextAndCompositeFactorsScoreFatigueAsTheReference() throws {
        let warehouse = try sixGames()
        _ = try Fixtures.backfill(warehouse, .phase3, "2022-10-20", "2022-10-25", through: .phase4)
        let context = try warehouse.read { tx in
            try tx.query("""
                SELECT back_to_back, days_rest, games_in_last_7_days, minutes_in_last_7_days, back_to_backs_last_14_days,
                       points_avg_last_5, player_status
                FROM nba_analytics.upcoming_player_game_context WHERE player_lookup = 'testscorer' AND game_date = '2022-10-25'
                """).rows
        }
        #expect(context == [[1, 0, 5, 150.0, 4, 30.0, "available"]])
        let factors = try warehouse.read { tx in
            try tx.query("""
                SELECT fatigue_score, fatigue_adjustment, shot_zone_mismatch_score, completeness_percentage, is_production_ready
                FROM nba_precompute.player_composite_factors WHERE player_lookup = 'testscorer' AND game_date = '2022-10-25'
                """).rows
        }
        // 100 − 15 (back-to-back) − 10 (5 games in 7 days) − 12 (4 back-to-backs in 14 days) = 63; (63 − 100)/20 = −1.85.
        // No play-by-play: zones estimated from the box score (a mismatch within ±10) and the 15-point completeness
        // penalty (50 − 15).
        #expect(factors.count == 1)
        #expect([factors[0][0], factors[0][1], factors[0][3], factors[0][4]] == [63.0, -1.85, 35.0, 0])
        #expect((-10...10).contains(factors[0][2].doubleValue ?? 99))
    }

    @Test func featureStoreTagsSourcesAndScoresQuality() throws {
        let warehouse = try sixGames()
        _ = try Fixtures.backfill(warehouse, .phase3, "2022-10-20", "2022-10-25", through: .phase5)
        let row = try warehouse.read { tx in
            try tx.query("""
                SELECT feature_count, default_feature_count, feature_quality_score, quality_tier, json_extract(features, '$[0]') AS l5,
                       json_extract(feature_sources, '$[14]') AS spread_source
                FROM nba_precompute.ml_feature_store WHERE player_lookup = 'testscorer' AND game_date = '2022-10-25'
                """).rows
        }
        // 10 Phase 4 features (100), 8 Phase 3 of which spread, total and the Vegas line are missing (3 × 40, 5 × 87):
        // (1000 + 435 + 120) / 18 = 86.39 → silver.
        #expect(row == [[18, 3, 86.39, "silver", 30, "default"]])
        #expect(MLFeatureStoreProcessor.qualityScore(sources: [.phase4, .defaulted], requiredDefaults: 1) == 69)
        #expect(MLFeatureStoreProcessor.qualityScore(sources: Array(repeating: .defaulted, count: 5) + [.phase4], requiredDefaults: 0) == 49)
        #expect(MLFeatureStoreProcessor.tier(49) == "unusable")
        // Predictions take the worse of the history tier and the feature tier: gold history, silver features → silver.
        let input = PredictionInput(player: "p", gameID: "g", home: true, opponent: "NYK", backToBack: false, last5: 1, last10: 1, season: 1,
                                    spread10: 0, minutes10: 0, usage10: 0, games: 20, productionReady: true,
                                    featureQuality: 86, featureTier: "silver")
        #expect(PredictionCoordinator.tier(input) == "silver")
    }

    @Test func fatigueRules() {
        #expect(PlayerCompositeFactorsProcessor.fatigue(backToBack: false, daysRest: 3, gamesInWeek: 2, minutesInWeek: 60, backToBacksInTwoWeeks: 0) == 100)
        #expect(PlayerCompositeFactorsProcessor.fatigue(backToBack: false, daysRest: 1, gamesInWeek: 3, minutesInWeek: 111, backToBacksInTwoWeeks: 1) == 87)
        #expect(PlayerCompositeFactorsProcessor.fatigue(backToBack: true, daysRest: 0, gamesInWeek: 4, minutesInWeek: 250, backToBacksInTwoWeeks: 2) == 45)  // −15 −10 −10 −8 (62.5 a game) −12
    }

    @Test func compositeFactorsWithoutTeamContextWriteNothing() throws {
        let warehouse = try sixGames()
        _ = try Fixtures.backfill(warehouse, .phase3, "2022-10-20", "2022-10-25")
        try warehouse.write { tx in try tx.execute("DELETE FROM nba_analytics.upcoming_team_game_context WHERE game_date = '2022-10-25'") }
        let plan = [PlannedPartition(processor: PlayerCompositeFactorsProcessor(), date: Day("2022-10-25")!, reason: .missing)]
        #expect(throws: PlayerCompositeFactorsProcessor.MissingTeamContext(date: Day("2022-10-25")!)) {
            _ = try Backfiller(warehouse: warehouse).run(plan, context: Fixtures.context())
        }
        #expect(try warehouse.read { tx in try tx.scalar("SELECT COUNT(*) FROM nba_precompute.player_composite_factors") } == .integer(0))
    }

    @Test func regeneratingADateSupersedesChangedPredictionsAndDeletesNothing() throws {
        let warehouse = try sixGames()
        _ = try Fixtures.backfill(warehouse, .phase3, "2022-10-20", "2022-10-25", through: .phase5)
        // A prop line appears for Oct 25 after the predictions were made: regenerate Phase 5 for that date.
        try warehouse.write { tx in
            try tx.execute("""
                INSERT INTO nba_raw.odds_api_player_points_props (odds_api_event_id, game_date, snapshot_timestamp,
                  minutes_before_tipoff, bookmaker, player_lookup, points_line) VALUES ('e1', '2022-10-25', '2022-10-25T20:00:00Z', 60, 'draftkings', 'testscorer', 24.5)
                """)
        }
        _ = try Fixtures.backfill(warehouse, .phase5, "2022-10-25", "2022-10-25", run: "regenerate")
        let rows = try warehouse.read { tx in
            try tx.query("""
                SELECT prediction_id, prediction_version, is_active, superseded_by, line_source FROM nba_predictions.player_prop_predictions
                WHERE game_date = '2022-10-25' AND player_lookup = 'testscorer' AND system_id = 'moving_average' ORDER BY prediction_version
                """).rows
        }
        #expect(rows == [["moving_average-2022-10-25-testscorer", 1, 0, "moving_average-2022-10-25-testscorer-v2", "ESTIMATED_AVG"],
                         ["moving_average-2022-10-25-testscorer-v2", 2, 1, .null, "ACTUAL_PROP"]])
        // The other player's predictions did not change: still one active row each, version 1.
        let other = try warehouse.read { tx in
            try tx.query("SELECT COUNT(*), MAX(prediction_version), SUM(is_active) FROM nba_predictions.player_prop_predictions WHERE game_date = '2022-10-25' AND player_lookup = 'otherguy'").rows
        }
        #expect(other == [[4, 1, 4]])  // moving_average, zone_matchup_v1, ridge_v1, ensemble_v1
    }

    @Test func theSameBackfillTwiceChangesNothing() throws {
        let warehouse = try sixGames()
        _ = try Fixtures.backfill(warehouse, .phase3, "2022-10-20", "2022-10-25", through: .grading, run: "first")
        let first = try Fixtures.contentHash(warehouse, excluding: ["nba_orchestration.runs"])
        _ = try Fixtures.backfill(warehouse, .phase3, "2022-10-20", "2022-10-25", through: .grading, run: "second")
        let second = try Fixtures.contentHash(warehouse, excluding: ["nba_orchestration.runs"])
        #expect(first == second)
        let duplicates = try warehouse.read { tx in
            try tx.scalar("SELECT COUNT(*) FROM (SELECT game_date, player_lookup FROM nba_analytics.player_game_summary GROUP BY 1, 2 HAVING COUNT(*) > 1)")
        }
        #expect(duplicates == .integer(0))
    }

    @Test func planSaysMissingStaleOrForcedAndOnlyMissingSkipsLoaded() throws {
        let warehouse = try sixGames()
        let backfiller = Backfiller(warehouse: warehouse)
        let range = DayRange(Day("2022-10-20")!, Day("2022-10-25")!)!
        let fresh = try backfiller.plan(BackfillRequest(phase: .phase3, range: range, through: .phase4, onlyMissing: false))
        #expect(fresh.count == 60, "6 dates × (5 phase-3 + 5 phase-4 processors)")
        #expect(fresh.allSatisfy { $0.reason == .missing })
        _ = try backfiller.run(fresh, context: Fixtures.context())
        #expect(try backfiller.plan(BackfillRequest(phase: .phase3, range: range, through: .phase4, onlyMissing: true)).isEmpty)
        let forced = try backfiller.plan(BackfillRequest(phase: .phase3, range: range, through: nil, onlyMissing: false))
        #expect(forced.count == 30)
        // player_game_summary is simply rebuilt; what reads the date's rebuilt partitions is stale on every date, and
        // the team context, which reads only team games before its date, on every date but the first.
        func reasons(_ plan: [PlannedPartition], _ processor: String) -> [PlannedPartition.Reason] {
            plan.filter { $0.processor.name == processor }.sorted { $0.date < $1.date }.map(\.reason)
        }
        let onFirstDateOnly: [PlannedPartition.Reason] = [.forced] + Array(repeating: .stale, count: 5)
        #expect(reasons(forced, "PlayerGameSummaryProcessor") == Array(repeating: .forced, count: 6))
        for same in ["TeamOffenseGameSummaryProcessor", "TeamDefenseGameSummaryProcessor", "UpcomingPlayerGameContextProcessor"] {
            #expect(reasons(forced, same) == Array(repeating: .stale, count: 6), "\(same)")
        }
        #expect(reasons(forced, "UpcomingTeamGameContextProcessor") == onFirstDateOnly)
        // Rebuilding phase 3 in the same run makes phase 4 stale where it reads what was rebuilt: the history before
        // the date (daily cache, shot zones) from the second date on, the date's contexts (composite factors, and the
        // feature store through them) on every date.
        let cascade = try backfiller.plan(BackfillRequest(phase: .phase3, range: range, through: .phase4, onlyMissing: false))
        for history in ["PlayerDailyCacheProcessor", "PlayerShotZoneAnalysisProcessor", "TeamDefenseZoneAnalysisProcessor"] {
            #expect(reasons(cascade, history) == onFirstDateOnly, "\(history)")
        }
        for same in ["PlayerCompositeFactorsProcessor", "MLFeatureStoreProcessor"] {
            #expect(reasons(cascade, same) == Array(repeating: .stale, count: 6), "\(same)")
        }
        #expect(throws: BackfillError.throughBeforePhase(.phase4, .phase3)) {
            try backfiller.plan(BackfillRequest(phase: .phase4, range: range, through: .phase3, onlyMissing: false))
        }
    }

    /// A partition is stale when an upstream date its build reads was loaded after it: the team context reads the team
    /// games before its date (its pace), so a team summary rebuilt for Oct 21 makes Oct 22 on stale, not Oct 21; and
    /// the player context reads the date's team context, so it follows.
    @Test func aRebuiltEarlierTeamGameMakesLaterContextsStale() throws {
        let warehouse = try sixGames()
        let backfiller = Backfiller(warehouse: warehouse)
        let range = DayRange(Day("2022-10-20")!, Day("2022-10-25")!)!
        _ = try backfiller.run(try backfiller.plan(BackfillRequest(phase: .phase3, range: range, through: nil, onlyMissing: false)),
                               context: Fixtures.context())
        _ = try backfiller.run([PlannedPartition(processor: TeamOffenseProcessor(), date: Day("2022-10-21")!, reason: .forced)],
                               context: Fixtures.context("rebuild"))
        let plan = try backfiller.plan(BackfillRequest(phase: .phase3, range: range, through: nil, onlyMissing: true))
        let later = ["2022-10-22", "2022-10-23", "2022-10-24", "2022-10-25"]
        #expect(plan.filter { $0.processor.name == "UpcomingTeamGameContextProcessor" }.map(\.date.description) == later)
        #expect(plan.filter { $0.processor.name == "UpcomingPlayerGameContextProcessor" }.map(\.date.description) == later)
        #expect(plan.count == 8 && plan.allSatisfy { $0.reason == .stale })
    }

    /// A processor that fails half-way through building: the partition it was replacing must stay as it was.
    struct FailingProcessor: PartitionProcessor {
        let name = "Failing"
        let phase = PipelinePhase.phase3
        let output = TableName(.analytics, "player_game_summary")
        let upstream: [TableName] = []
        func build(_ date: Day, in tx: WarehouseTransaction, context: ProcessingContext) throws -> PartitionRows {
            try tx.execute("DELETE FROM nba_analytics.player_game_summary WHERE game_date = ?", [.text(date.description)])
            throw WarehouseError.io("simulated crash half-way")
        }
    }

    @Test func aFailureInTheMiddleOfAPartitionLeavesThePreviousContent() throws {
        let warehouse = try sixGames()
        _ = try Fixtures.backfill(warehouse, .phase3, "2022-10-20", "2022-10-25")
        let before = try Fixtures.contentHash(warehouse)
        let plan = [PlannedPartition(processor: FailingProcessor(), date: Day("2022-10-22")!, reason: .forced)]
        #expect(throws: WarehouseError.io("simulated crash half-way")) {
            _ = try Backfiller(warehouse: warehouse).run(plan, context: Fixtures.context("crash"))
        }
        #expect(try Fixtures.contentHash(warehouse) == before)
    }

    @Test func dependencyChecksRunOutsideBackfillMode() throws {
        let warehouse = try sixGames()  // gamebook loaded at 2022-12-31T00:00Z
        let backfiller = Backfiller(warehouse: warehouse)
        let plan = [PlannedPartition(processor: PlayerGameSummaryProcessor(), date: Day("2022-10-20")!, reason: .missing)]
        // Six hours later: fresh gamebook; BallDontLie (non-critical) missing is only a warning.
        let fresh = try backfiller.run(plan, context: ProcessingContext(runID: "n1", processedAt: "2022-12-31T06:00:00.000Z", mode: .normal))
        #expect(fresh.built == 1)
        #expect(fresh.warnings == ["nba_raw.bdl_player_boxscores has no rows for 2022-10-20"])
        // Thirty-six hours later the critical gamebook is past its 24 h fail age: the run fails, nothing is written.
        #expect(throws: DependencyError.stale(processor: "PlayerGameSummaryProcessor", table: "nba_raw.nbac_gamebook_player_stats",
                                              ageHours: 36, maxHours: 24)) {
            _ = try backfiller.run(plan, context: ProcessingContext(runID: "n2", processedAt: "2023-01-01T12:00:00.000Z", mode: .normal))
        }
        #expect(try warehouse.read { tx in try tx.scalar("SELECT COUNT(*) FROM nba_analytics._loads WHERE run_id = 'n2'") } == .integer(0))
        // A date with no gamebook at all: missing critical dependency.
        let empty = [PlannedPartition(processor: PlayerGameSummaryProcessor(), date: Day("2022-10-19")!, reason: .missing)]
        #expect(throws: DependencyError.missingCritical(processor: "PlayerGameSummaryProcessor", table: "nba_raw.nbac_gamebook_player_stats", date: "2022-10-19")) {
            _ = try backfiller.run(empty, context: ProcessingContext(runID: "n3", processedAt: "2022-12-31T06:00:00.000Z", mode: .normal))
        }
        // Backfill mode skips the checks, as production's backfill_mode does.
        let backfilled = try backfiller.run(plan, context: ProcessingContext(runID: "b", processedAt: "2023-03-01T00:00:00.000Z", mode: .backfill))
        #expect(backfilled.built == 1 && backfilled.warnings.isEmpty)
    }

    /// Phase 2 reads the lake; history loaded from CSV has none, so there is nothing for it to rebuild.
    @Test func phase2WithoutALakePlansNothing() throws {
        let warehouse = try sixGames()
        let plan = try Backfiller(warehouse: warehouse).plan(BackfillRequest(phase: .phase2, range: DayRange(Day("2022-10-20")!, Day("2022-10-20")!)!, through: nil, onlyMissing: false))
        #expect(plan.isEmpty)
    }
}

@Suite struct PredictionQualityCounts {
    /// The alert check's counts are kept per load of the date's predictions; a new load must be counted again.
    @Test func aNewLoadOfTheDateIsCountedAgain() throws {
        let warehouse = try Fixtures.warehouse()
        let table = TableName(.predictions, "player_prop_predictions")
        let columns = ["prediction_id", "system_id", "player_lookup", "game_date", "is_active", "quality_tier", "feature_quality_score"]
        func load(poor: Int, run: String) throws {
            let rows: [[SQLValue]] = (0..<10).map { index in
                [.text("p\(index)"), .text("ensemble_v1"), .text("player\(index)"), .text("2026-01-15"), .integer(1),
                 .text(index < poor ? "poor" : "gold"), .real(90)]
            }
            _ = try PartitionWriter(warehouse: warehouse).replace(PartitionRows(table: table, partition: "2026-01-15", columns: columns, rows: rows),
                                                                  runID: run, mode: .normal, loadedAt: "2026-01-15T12:00:00Z")
        }
        let day = Day("2026-01-15")!
        try load(poor: 3, run: "r1")
        #expect(try warehouse.read { try PredictionQuality.lowQualityCounts(on: day, $0) } == (3, 10))
        #expect(try warehouse.read { try PredictionQuality.lowQualityCounts(on: day, $0) } == (3, 10))
        try load(poor: 6, run: "r2")
        #expect(try warehouse.read { try PredictionQuality.lowQualityCounts(on: day, $0) } == (6, 10))
    }
}
