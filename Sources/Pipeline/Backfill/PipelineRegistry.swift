import Warehouse

/// The processors of each phase, in the order they run within a date (team summaries read player_game_summary).
public enum PipelineRegistry {
    public static let processors: [PipelinePhase: [any PartitionProcessor]] = [
        // The schedule first: Phase 3 and the odds processors match games against it.
        .phase2: [ScheduleRawProcessor(), BDLBoxScoresRawProcessor(), GamebookRawProcessor(), PropsRawProcessor(),
                  GameLinesRawProcessor(), InjuriesRawProcessor(), RostersRawProcessor(), PlayByPlayRawProcessor()],
        .phase3: [PlayerGameSummaryProcessor(), TeamOffenseProcessor(), TeamDefenseProcessor(),
                  UpcomingTeamGameContextProcessor(), UpcomingPlayerGameContextProcessor()],
        .phase4: [PlayerDailyCacheProcessor(), PlayerShotZoneAnalysisProcessor(), TeamDefenseZoneAnalysisProcessor(),
                  PlayerCompositeFactorsProcessor(), MLFeatureStoreProcessor()],
        .phase5: [PredictionCoordinator()],
        .grading: [GradingProcessor()],
    ]

    public static func processors(for phase: PipelinePhase) -> [any PartitionProcessor] { processors[phase] ?? [] }

    public static func processor(named name: String) -> (any PartitionProcessor)? {
        processors.values.joined().first { $0.name == name }
    }

    /// Phase 2 processors the 2→3 orchestrator waits for (pipeline-domain §3), and the optional ones it does not.
    public static let requiredPhase2 = ["nbac_schedule", "bdl_player_boxscores", "nbac_gamebook_player_stats", "odds_api_game_lines"]
    public static let optionalPhase2 = ["br_rosters_current", "bigdataball_play_by_play", "odds_api_player_points_props", "bdl_injuries"]

    /// Which Phase 2 processor reads what each scraper writes.
    public static let rawProcessorForScraper: [String: String] = [
        "nbac_schedule": "nbac_schedule", "bdl_player_box_scores": "bdl_player_boxscores",
        "nbac_gamebook": "nbac_gamebook_player_stats", "oddsa_player_props": "odds_api_player_points_props",
        "oddsa_game_lines": "odds_api_game_lines", "bdl_injuries": "bdl_injuries", "br_season_roster": "br_rosters_current",
        "bigdataball_pbp": "bigdataball_play_by_play",
    ]
}
