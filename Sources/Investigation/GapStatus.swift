/// The verdict for one date of the gap matrix, from scheduled games against what the phases hold.
public enum GapStatus: String, Sendable, CaseIterable {
    case complete = "COMPLETE"
    case partial = "PARTIAL"
    case needsBackfill = "NEEDS_BACKFILL"
    case noRawData = "NO_RAW_DATA"
    case noGames = "NO_GAMES"

    /// `scheduled`: final games on the schedule; `raw`: games with box scores from any source; `analytics`: games in
    /// `player_game_summary`.
    public static func classify(scheduled: Int, raw: Int, analytics: Int) -> GapStatus {
        if scheduled == 0 { return .noGames }
        if raw == 0 { return .noRawData }
        if analytics == 0 { return .needsBackfill }
        if raw < scheduled || analytics < scheduled { return .partial }
        return .complete
    }
}
