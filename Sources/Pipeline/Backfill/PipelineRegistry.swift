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
}
