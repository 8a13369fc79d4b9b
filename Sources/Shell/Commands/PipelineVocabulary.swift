/// Names the command table offers for completion and checks arguments against: the phases a backfill runs and the
/// bus's topics.
enum PipelineVocabulary {
    static let phases = ["phase2", "phase3", "phase4", "phase5", "grading"]
    static let topics = [
        "nba-phase1-scrapers-complete", "nba-phase2-raw-complete", "nba-phase3-analytics-complete", "nba-phase4-trigger",
        "nba-phase4-precompute-complete", "nba-phase5-predictions-complete", "nba-grading-trigger", "nba-scraper-trigger",
    ]
}
