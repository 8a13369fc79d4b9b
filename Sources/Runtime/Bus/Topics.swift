/// Topic names as production spells them, plus the internal triggers the orchestrators publish.
public enum Topics {
    public static let phase1Complete = "nba-phase1-scrapers-complete"
    public static let phase2Complete = "nba-phase2-raw-complete"
    /// Published by the Phase 2→3 orchestrator (production had no subscriber here; Phase 3 listens to it in nbaops).
    public static let phase3Trigger = "nba-phase3-trigger"
    public static let phase3Complete = "nba-phase3-analytics-complete"
    public static let phase4Trigger = "nba-phase4-trigger"
    public static let phase4Complete = "nba-phase4-precompute-complete"
    public static let predictionsTrigger = "nba-predictions-trigger"
    public static let phase5Complete = "nba-phase5-predictions-complete"
    public static let gradingTrigger = "nba-grading-trigger"
    public static let scraperTrigger = "nba-scraper-trigger"

    public static let all = [phase1Complete, phase2Complete, phase3Trigger, phase3Complete, phase4Trigger, phase4Complete,
                             predictionsTrigger, phase5Complete, gradingTrigger, scraperTrigger]
}
