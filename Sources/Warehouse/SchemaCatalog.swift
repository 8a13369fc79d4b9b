/// Every table of DESIGN §5, with the column names of the production reference (trimmed to what the product uses).
/// This is the schema of migration "v1"; later changes go into new migrations, never edits here.
public enum SchemaCatalog {
    static let rawTracking = "source_file_path TEXT, processed_at TEXT, data_hash TEXT"
    static let readiness =
        "completeness_percentage REAL, is_production_ready INTEGER, circuit_breaker_active INTEGER, backfill_bootstrap_mode INTEGER"

    public static let tables: [TableDefinition] = raw + analytics + precompute + predictions + orchestration

    public static func table(named name: String) -> TableDefinition? {
        let lower = name.lowercased()
        if let exact = tables.first(where: { $0.name.description == lower }) { return exact }
        let bare = tables.filter { $0.name.table == lower }
        return bare.count == 1 ? bare[0] : nil
    }

    static let raw: [TableDefinition] = [
        .init(.raw, "nbac_schedule", partition: "game_date", key: ["game_date", "game_id"],
              "NBA.com schedule: one row per game",
              "game_id TEXT NOT NULL, game_code TEXT, season_nba_format TEXT, season_year INTEGER, game_date TEXT NOT NULL, game_date_est TEXT, game_start_time TEXT, game_status INTEGER, game_status_text TEXT, home_team_id INTEGER, home_team_tricode TEXT, away_team_id INTEGER, away_team_tricode TEXT, home_team_score INTEGER, away_team_score INTEGER, arena_name TEXT, arena_city TEXT, arena_state TEXT, is_playoffs INTEGER, \(rawTracking)"),
        .init(.raw, "bdl_player_boxscores", partition: "game_date", key: ["game_date", "game_id", "bdl_player_id"],
              "BallDontLie box scores: one row per player per game",
              "game_id TEXT NOT NULL, game_date TEXT NOT NULL, season_year INTEGER, game_status TEXT, home_team_abbr TEXT, away_team_abbr TEXT, home_team_score INTEGER, away_team_score INTEGER, team_abbr TEXT, player_full_name TEXT, player_lookup TEXT, bdl_player_id INTEGER NOT NULL, bdl_game_id INTEGER, minutes TEXT, points INTEGER, assists INTEGER, rebounds INTEGER, offensive_rebounds INTEGER, defensive_rebounds INTEGER, steals INTEGER, blocks INTEGER, turnovers INTEGER, personal_fouls INTEGER, field_goals_made INTEGER, field_goals_attempted INTEGER, field_goal_pct REAL, three_pointers_made INTEGER, three_pointers_attempted INTEGER, three_point_pct REAL, free_throws_made INTEGER, free_throws_attempted INTEGER, free_throw_pct REAL, plus_minus INTEGER, \(rawTracking)"),
        .init(.raw, "nbac_gamebook_player_stats", partition: "game_date", key: ["game_date", "game_id", "player_lookup"],
              "NBA.com gamebook: official stats, including DNP and inactive players",
              "game_id TEXT NOT NULL, nba_game_id TEXT, game_date TEXT NOT NULL, season_year INTEGER, home_team_abbr TEXT, away_team_abbr TEXT, team_abbr TEXT, player_full_name TEXT, player_lookup TEXT NOT NULL, nba_player_id INTEGER, player_status TEXT, dnp_reason TEXT, starter INTEGER, minutes TEXT, minutes_decimal REAL, points INTEGER, assists INTEGER, rebounds INTEGER, offensive_rebounds INTEGER, defensive_rebounds INTEGER, steals INTEGER, blocks INTEGER, turnovers INTEGER, personal_fouls INTEGER, field_goals_made INTEGER, field_goals_attempted INTEGER, three_pointers_made INTEGER, three_pointers_attempted INTEGER, free_throws_made INTEGER, free_throws_attempted INTEGER, plus_minus INTEGER, \(rawTracking)"),
        .init(.raw, "odds_api_player_points_props", partition: "game_date",
              key: ["game_date", "odds_api_event_id", "snapshot_timestamp", "bookmaker", "player_lookup"],
              "The Odds API player-points lines: snapshot history, pre-tip only",
              "game_id TEXT, odds_api_event_id TEXT NOT NULL, game_date TEXT NOT NULL, game_start_time TEXT, home_team_abbr TEXT, away_team_abbr TEXT, snapshot_timestamp TEXT NOT NULL, snapshot_tag TEXT, minutes_before_tipoff INTEGER, bookmaker TEXT NOT NULL, player_name TEXT, player_lookup TEXT NOT NULL, points_line REAL, over_price REAL, over_price_american INTEGER, under_price REAL, under_price_american INTEGER, data_source TEXT, \(rawTracking)"),
        .init(.raw, "odds_api_game_lines", partition: "game_date",
              key: ["game_date", "odds_api_event_id", "snapshot_timestamp", "bookmaker", "market_key", "outcome_name"],
              "The Odds API spreads and totals per game",
              "game_id TEXT, odds_api_event_id TEXT NOT NULL, game_date TEXT NOT NULL, game_start_time TEXT, home_team_abbr TEXT, away_team_abbr TEXT, snapshot_timestamp TEXT NOT NULL, bookmaker TEXT NOT NULL, market_key TEXT NOT NULL, outcome_name TEXT NOT NULL, outcome_point REAL, outcome_price REAL, \(rawTracking)"),
        .init(.raw, "br_rosters_current", partition: nil, key: ["season_year", "team_abbrev", "player_lookup"],
              "Basketball-Reference current rosters, by season",
              "season_year INTEGER NOT NULL, team_abbrev TEXT NOT NULL, player_full_name TEXT, player_lookup TEXT NOT NULL, br_player_slug TEXT, position TEXT, jersey_number TEXT, height TEXT, weight INTEGER, birth_date TEXT, first_seen_date TEXT, last_scraped_date TEXT, \(rawTracking)"),
        .init(.raw, "bigdataball_play_by_play", partition: "game_date", key: ["game_date", "game_id", "event_sequence"],
              "BigDataBall play-by-play with shot coordinates",
              "game_id TEXT NOT NULL, game_date TEXT NOT NULL, event_sequence INTEGER NOT NULL, period INTEGER, clock TEXT, event_type TEXT, team_abbr TEXT, player_lookup TEXT, player_full_name TEXT, shot_made INTEGER, shot_type TEXT, shot_distance REAL, shot_zone TEXT, original_x REAL, original_y REAL, points_scored INTEGER, home_score INTEGER, away_score INTEGER, description TEXT, \(rawTracking)"),
        .init(.raw, "bdl_injuries", partition: "scrape_date", key: ["scrape_date", "bdl_player_id"],
              "BallDontLie injury reports, one snapshot per scrape date",
              "scrape_date TEXT NOT NULL, bdl_player_id INTEGER NOT NULL, player_full_name TEXT, player_lookup TEXT, team_abbr TEXT, injury_status TEXT, return_date TEXT, description TEXT, \(rawTracking)"),
    ]

    static let analytics: [TableDefinition] = [
        .init(.analytics, "player_game_summary", partition: "game_date", key: ["game_date", "game_id", "player_lookup"],
              "Active player × game: box score, shooting, usage, prop outcome",
              "player_lookup TEXT NOT NULL, universal_player_id TEXT, player_full_name TEXT, game_id TEXT NOT NULL, game_date TEXT NOT NULL, season_year INTEGER, team_abbr TEXT, opponent_team_abbr TEXT, home_game INTEGER, points INTEGER, minutes_played REAL, assists INTEGER, rebounds INTEGER, offensive_rebounds INTEGER, defensive_rebounds INTEGER, steals INTEGER, blocks INTEGER, turnovers INTEGER, personal_fouls INTEGER, fg_makes INTEGER, fg_attempts INTEGER, three_pt_makes INTEGER, three_pt_attempts INTEGER, ft_makes INTEGER, ft_attempts INTEGER, plus_minus INTEGER, paint_makes INTEGER, paint_attempts INTEGER, mid_range_makes INTEGER, mid_range_attempts INTEGER, usage_rate REAL, ts_pct REAL, efg_pct REAL, starter_flag INTEGER, win_flag INTEGER, points_line REAL, points_line_source TEXT, over_under_result TEXT, margin REAL, is_active INTEGER, data_quality_tier TEXT, quality_score REAL, primary_source_used TEXT, source_gamebook_rows INTEGER, source_bdl_rows INTEGER, processed_at TEXT"),
        .init(.analytics, "team_offense_game_summary", partition: "game_date", key: ["game_date", "game_id", "team_abbr"],
              "Team × game offence: points, pace, possessions, rating",
              "game_id TEXT NOT NULL, game_date TEXT NOT NULL, season_year INTEGER, team_abbr TEXT NOT NULL, opponent_team_abbr TEXT, home_game INTEGER, win_flag INTEGER, points_scored INTEGER, fg_makes INTEGER, fg_attempts INTEGER, three_pt_makes INTEGER, three_pt_attempts INTEGER, ft_makes INTEGER, ft_attempts INTEGER, offensive_rebounds INTEGER, turnovers INTEGER, assists INTEGER, possessions REAL, pace REAL, offensive_rating REAL, primary_source_used TEXT, processed_at TEXT"),
        .init(.analytics, "team_defense_game_summary", partition: "game_date", key: ["game_date", "game_id", "team_abbr"],
              "Team × game defence: points allowed, opponent shooting, rating",
              "game_id TEXT NOT NULL, game_date TEXT NOT NULL, season_year INTEGER, team_abbr TEXT NOT NULL, opponent_team_abbr TEXT, home_game INTEGER, points_allowed INTEGER, opp_fg_makes INTEGER, opp_fg_attempts INTEGER, opp_three_pt_makes INTEGER, opp_three_pt_attempts INTEGER, opp_ft_attempts INTEGER, opp_turnovers INTEGER, opp_paint_attempts INTEGER, opp_mid_range_attempts INTEGER, possessions REAL, defensive_rating REAL, primary_source_used TEXT, processed_at TEXT"),
        .init(.analytics, "upcoming_player_game_context", partition: "game_date", key: ["game_date", "game_id", "player_lookup"],
              "Player × next game: line, rest, recent load, projected usage",
              "player_lookup TEXT NOT NULL, universal_player_id TEXT, game_id TEXT NOT NULL, game_date TEXT NOT NULL, team_abbr TEXT, opponent_team_abbr TEXT, home_game INTEGER, has_prop_line INTEGER, current_points_line REAL, opening_points_line REAL, line_movement REAL, game_spread REAL, game_total REAL, pace_differential REAL, back_to_back INTEGER, days_rest INTEGER, games_in_last_7_days INTEGER, games_in_last_14_days INTEGER, minutes_in_last_7_days REAL, minutes_in_last_14_days REAL, back_to_backs_last_14_days INTEGER, projected_usage_rate REAL, usage_rate_last_7_days REAL, points_avg_last_5 REAL, points_avg_last_10 REAL, player_status TEXT, player_age INTEGER, \(readiness), processed_at TEXT"),
        .init(.analytics, "upcoming_team_game_context", partition: "game_date", key: ["game_date", "game_id", "team_abbr"],
              "Team × next game: rest, back-to-back, spread, total, starters out",
              "game_id TEXT NOT NULL, game_date TEXT NOT NULL, team_abbr TEXT NOT NULL, opponent_team_abbr TEXT, home_game INTEGER, is_back_to_back INTEGER, team_days_rest INTEGER, game_spread REAL, game_total REAL, team_pace_last_10 REAL, opponent_pace_last_10 REAL, starters_out_count INTEGER, \(readiness), processed_at TEXT"),
    ]

    static let precompute: [TableDefinition] = [
        .init(.precompute, "player_daily_cache", partition: "cache_date", key: ["cache_date", "player_lookup"],
              "Player × date: rolling points, minutes and usage",
              "player_lookup TEXT NOT NULL, universal_player_id TEXT, cache_date TEXT NOT NULL, team_abbr TEXT, points_avg_last_5 REAL, points_avg_last_10 REAL, points_avg_season REAL, points_std_last_10 REAL, minutes_avg_last_10 REAL, usage_rate_last_10 REAL, ts_pct_last_10 REAL, games_played_season INTEGER, team_pace_last_10 REAL, fatigue_score REAL, \(readiness), processed_at TEXT"),
        .init(.precompute, "player_composite_factors", partition: "game_date", key: ["game_date", "player_lookup"],
              "Player × game: fatigue, shot-zone mismatch, pace and usage-spike adjustments",
              "player_lookup TEXT NOT NULL, game_id TEXT, game_date TEXT NOT NULL, fatigue_score REAL, fatigue_adjustment REAL, shot_zone_mismatch_score REAL, pace_score REAL, usage_spike_score REAL, referee_adjustment REAL, look_ahead_adjustment REAL, matchup_history_adjustment REAL, momentum_adjustment REAL, total_composite_adjustment REAL, \(readiness), processed_at TEXT"),
        .init(.precompute, "player_shot_zone_analysis", partition: "analysis_date", key: ["analysis_date", "player_lookup"],
              "Player × date: shot-zone rates over the last 10 and 20 games",
              "player_lookup TEXT NOT NULL, analysis_date TEXT NOT NULL, paint_rate_last_10 REAL, mid_range_rate_last_10 REAL, three_pt_rate_last_10 REAL, paint_pct_last_10 REAL, mid_range_pct_last_10 REAL, three_pt_pct_last_10 REAL, paint_rate_last_20 REAL, three_pt_rate_last_20 REAL, games_in_sample INTEGER, primary_scoring_zone TEXT, data_source TEXT, quality_penalty REAL, \(readiness), processed_at TEXT"),
        .init(.precompute, "team_defense_zone_analysis", partition: "analysis_date", key: ["analysis_date", "team_abbr"],
              "Team × date: zone percentages allowed over the last 15 games against the league",
              "team_abbr TEXT NOT NULL, analysis_date TEXT NOT NULL, paint_pct_allowed_last_15 REAL, mid_range_pct_allowed_last_15 REAL, three_pt_pct_allowed_last_15 REAL, paint_defense_vs_league REAL, mid_range_defense_vs_league REAL, three_pt_defense_vs_league REAL, defensive_rating_last_15 REAL, games_in_sample INTEGER, strongest_zone TEXT, weakest_zone TEXT, data_source TEXT, quality_penalty REAL, \(readiness), processed_at TEXT"),
        .init(.precompute, "ml_feature_store", partition: "game_date", key: ["game_date", "player_lookup"],
              "Player × game: the model's feature vector and its quality",
              "player_lookup TEXT NOT NULL, game_id TEXT, game_date TEXT NOT NULL, feature_version TEXT, feature_count INTEGER, features TEXT, feature_names TEXT, feature_sources TEXT, feature_quality_score REAL, quality_tier TEXT, default_feature_count INTEGER, \(readiness), processed_at TEXT"),
    ]

    static let predictions: [TableDefinition] = [
        .init(.predictions, "player_prop_predictions", partition: "game_date", key: ["prediction_id"],
              "One prediction per system × player × game, with lineage and lifecycle",
              "prediction_id TEXT NOT NULL, system_id TEXT NOT NULL, player_lookup TEXT NOT NULL, game_date TEXT NOT NULL, game_id TEXT, prediction_version INTEGER, predicted_points REAL, confidence_score REAL, recommendation TEXT, has_prop_line INTEGER, current_points_line REAL, line_margin REAL, line_source TEXT, line_source_api TEXT, sportsbook TEXT, was_line_fallback INTEGER, quality_tier TEXT, feature_quality_score REAL, is_active INTEGER NOT NULL DEFAULT 1, superseded_by TEXT, warnings TEXT, upstream TEXT, run_id TEXT, created_at TEXT"),
        .init(.predictions, "prediction_accuracy", partition: "game_date", key: ["game_date", "system_id", "player_lookup", "game_id"],
              "Graded predictions against actual points",
              "system_id TEXT NOT NULL, player_lookup TEXT NOT NULL, game_id TEXT NOT NULL, game_date TEXT NOT NULL, prediction_id TEXT, predicted_points REAL, actual_points INTEGER, recommendation TEXT, line_value REAL, absolute_error REAL, signed_error REAL, prediction_correct INTEGER, within_3_points INTEGER, within_5_points INTEGER, is_voided INTEGER, void_reason TEXT, graded_at TEXT"),
    ]

    static let orchestration: [TableDefinition] = [
        .init(.orchestration, "runs", partition: nil, key: ["run_id"], "Every processor, scraper, backfill and heal run",
              "run_id TEXT NOT NULL, kind TEXT, processor_name TEXT, phase TEXT, game_date TEXT, correlation_id TEXT, trigger_source TEXT, backfill_mode INTEGER, status TEXT, started_at TEXT, finished_at TEXT, duration_ms REAL, rows_written INTEGER, error_message TEXT, details TEXT"),
        .init(.orchestration, "messages", partition: nil, key: ["message_id"], "Every message published on the event bus",
              "message_id TEXT NOT NULL, topic TEXT NOT NULL, correlation_id TEXT, game_date TEXT, processor_name TEXT, status TEXT, payload TEXT, published_at TEXT"),
        .init(.orchestration, "deliveries", partition: nil, key: ["message_id", "subscription", "attempt"], "Each delivery attempt of a message to a subscription",
              "message_id TEXT NOT NULL, subscription TEXT NOT NULL, attempt INTEGER NOT NULL, state TEXT, delivered_at TEXT, acked_at TEXT, next_attempt_at TEXT, error_message TEXT"),
        .init(.orchestration, "dead_letters", partition: nil, key: ["dead_letter_id"], "Messages that exhausted their delivery attempts",
              "dead_letter_id TEXT NOT NULL, message_id TEXT NOT NULL, topic TEXT, dlq_topic TEXT, subscription TEXT, attempts INTEGER, last_error TEXT, dead_lettered_at TEXT, replayed_at TEXT, purged_at TEXT"),
        .init(.orchestration, "phase_completion", partition: "game_date", key: ["game_date", "phase", "processor_name"], "Per date and phase: which processors completed",
              "game_date TEXT NOT NULL, phase TEXT NOT NULL, processor_name TEXT NOT NULL, status TEXT, record_count INTEGER, correlation_id TEXT, execution_id TEXT, completed_at TEXT"),
        .init(.orchestration, "phase_transitions", partition: "game_date", key: ["game_date", "from_phase", "to_phase", "triggered_at"], "Each phase-to-phase trigger, its reason and latency",
              "game_date TEXT NOT NULL, from_phase TEXT NOT NULL, to_phase TEXT NOT NULL, trigger_reason TEXT, trigger_path TEXT, completed_count INTEGER, expected_count INTEGER, missing_processors TEXT, first_completion_at TEXT, triggered_at TEXT NOT NULL, latency_seconds REAL, correlation_id TEXT"),
        .init(.orchestration, "scraper_execution_log", partition: "game_date", key: ["execution_id"], "Each scraper run: status, lake path, error",
              "execution_id TEXT NOT NULL, scraper_name TEXT, workflow TEXT, game_date TEXT, status TEXT, gcs_path TEXT, pages INTEGER, games_expected INTEGER, games_found INTEGER, missing TEXT, error_message TEXT, retry_count INTEGER, correlation_id TEXT, started_at TEXT, finished_at TEXT"),
        .init(.orchestration, "api_errors", partition: nil, key: ["error_id"], "Every failed HTTP attempt, classified, with secrets redacted",
              "error_id TEXT NOT NULL, execution_id TEXT, correlation_id TEXT, api_provider TEXT, api_endpoint TEXT, scraper_name TEXT, game_date TEXT, request_url TEXT, response_status_code INTEGER, response_time_ms REAL, response_body TEXT, error_type TEXT, error_category TEXT, error_message TEXT, retry_attempt INTEGER, max_retries INTEGER, backoff_seconds REAL, is_final_attempt INTEGER, is_retriable INTEGER, severity TEXT, suspected_cause TEXT, suggested_fix TEXT, api_rate_limit_info TEXT, affected_games TEXT, occurred_at TEXT"),
        .init(.orchestration, "circuit_breaker_state", partition: nil, key: ["breaker_kind", "breaker_key"], "Circuit breakers per host, processor and prediction system",
              "breaker_kind TEXT NOT NULL, breaker_key TEXT NOT NULL, state TEXT, failure_count INTEGER, opened_at TEXT, half_open_at TEXT, last_failure_at TEXT, last_error TEXT, updated_at TEXT"),
        .init(.orchestration, "scheduler_jobs", partition: nil, key: ["job_name"], "Scheduler jobs, their cadence and last run",
              "job_name TEXT NOT NULL, schedule TEXT, time_zone TEXT, target TEXT, enabled INTEGER, last_run_at TEXT, next_run_at TEXT, last_status TEXT"),
        .init(.orchestration, "alerts", partition: nil, key: ["alert_id"], "Alerts raised by monitors, deadlines and validators",
              "alert_id TEXT NOT NULL, alert_type TEXT, severity TEXT, game_date TEXT, title TEXT, message TEXT, source TEXT, correlation_id TEXT, raised_at TEXT, acknowledged_at TEXT, resolved_at TEXT"),
        .init(.orchestration, "phase_boundary_validations", partition: "game_date", key: ["validation_id"], "Boundary validator results per date and transition",
              "validation_id TEXT NOT NULL, game_date TEXT NOT NULL, boundary TEXT, check_name TEXT, mode TEXT, severity TEXT, passed INTEGER, expected_value REAL, actual_value REAL, message TEXT, validated_at TEXT"),
        .init(.orchestration, "heal_actions", partition: nil, key: ["action_id"], "What self-heal detected, planned and repaired",
              "action_id TEXT NOT NULL, game_date TEXT, phase TEXT, detected_issue TEXT, action TEXT, status TEXT, run_id TEXT, details TEXT, created_at TEXT, finished_at TEXT"),
        .init(.orchestration, "logs", partition: nil, key: [], "Structured log records of every service",
              "log_id INTEGER PRIMARY KEY AUTOINCREMENT, logged_at TEXT, severity TEXT, service TEXT, message TEXT, correlation_id TEXT, run_id TEXT, game_date TEXT, metadata TEXT"),
    ]
}
