import Foundation
import Warehouse

/// `patterns`: where coverage fails, grouped — by source (what share of played games each source delivered), by
/// team or venue (which teams' games go missing from which source), by weekday, or by hour (when API errors happen).
public enum Patterns {
    public enum Dimension: String, CaseIterable, Sendable { case source, team, venue, weekday, hour }

    /// Played games in the range with, per source, whether it has the game.
    static let coverage = """
        WITH games AS (
          SELECT s.game_id, s.game_date, s.home_team_tricode AS home, s.away_team_tricode AS away FROM nba_raw.nbac_schedule s
          WHERE s.game_date BETWEEN ?1 AND ?2 AND s.game_date < ?3),
        covered AS (
          SELECT g.*,
            EXISTS (SELECT 1 FROM nba_raw.bdl_player_boxscores b WHERE b.game_date = g.game_date AND b.game_id = g.game_id) AS bdl,
            EXISTS (SELECT 1 FROM nba_raw.nbac_gamebook_player_stats n WHERE n.game_date = g.game_date AND n.game_id = g.game_id) AS gamebook,
            EXISTS (SELECT 1 FROM nba_raw.bigdataball_play_by_play p WHERE p.game_date = g.game_date AND p.game_id = g.game_id) AS pbp,
            EXISTS (SELECT 1 FROM nba_raw.odds_api_player_points_props o WHERE o.game_date = g.game_date AND o.game_id = g.game_id) AS props,
            EXISTS (SELECT 1 FROM nba_analytics.player_game_summary a WHERE a.game_date = g.game_date AND a.game_id = g.game_id) AS analytics
          FROM games g)
        """

    public static func table(by dimension: Dimension, range: DayRange, today: Day, warehouse: Warehouse) throws -> ResultTable {
        let arguments: [SQLValue] = [.text(range.first.description), .text(range.last.description), .text(today.description)]
        return try warehouse.read { tx in
            switch dimension {
            case .source:
                return try tx.query(coverage + """
                    SELECT source, COUNT(*) AS games, SUM(has) AS delivered, COUNT(*) - SUM(has) AS missing,
                           ROUND(100.0 * SUM(has) / COUNT(*), 1) AS coverage_pct FROM (
                      SELECT 'bdl_player_boxscores' AS source, bdl AS has FROM covered
                      UNION ALL SELECT 'nbac_gamebook_player_stats', gamebook FROM covered
                      UNION ALL SELECT 'bigdataball_play_by_play', pbp FROM covered
                      UNION ALL SELECT 'odds_api_player_points_props', props FROM covered
                      UNION ALL SELECT 'player_game_summary', analytics FROM covered)
                    GROUP BY source ORDER BY coverage_pct, source
                    """, arguments)
            case .team, .venue:
                let teams = dimension == .venue ? "SELECT home AS team, * FROM covered"
                    : "SELECT home AS team, * FROM covered UNION ALL SELECT away AS team, * FROM covered"
                return try tx.query(coverage + """
                    SELECT team AS \(dimension == .venue ? "venue" : "team"), COUNT(*) AS games,
                           COUNT(*) - SUM(bdl) AS bdl_missing, COUNT(*) - SUM(gamebook) AS gamebook_missing,
                           COUNT(*) - SUM(pbp) AS pbp_missing, COUNT(*) - SUM(props) AS props_missing,
                           COUNT(*) - SUM(analytics) AS analytics_missing,
                           ROUND(100.0 * (COUNT(*) - SUM(bdl)) / COUNT(*), 1) AS bdl_missing_pct
                    FROM (\(teams)) GROUP BY team ORDER BY bdl_missing DESC, team
                    """, arguments)
            case .weekday:
                return try tx.query(coverage + """
                    SELECT CASE CAST(strftime('%w', game_date) AS INTEGER) WHEN 0 THEN '0 Sun' WHEN 1 THEN '1 Mon' WHEN 2 THEN '2 Tue'
                             WHEN 3 THEN '3 Wed' WHEN 4 THEN '4 Thu' WHEN 5 THEN '5 Fri' ELSE '6 Sat' END AS weekday,
                           COUNT(DISTINCT game_date) AS dates, COUNT(*) AS games, COUNT(*) - SUM(bdl) AS bdl_missing,
                           COUNT(*) - SUM(analytics) AS analytics_missing,
                           ROUND(100.0 * SUM(analytics) / COUNT(*), 1) AS analytics_coverage_pct
                    FROM covered GROUP BY 1 ORDER BY 1
                    """, arguments)
            case .hour:
                // api_errors are stamped in UTC; Eastern is UTC−5 in winter, UTC−4 from the second Sunday of March.
                return try tx.query("""
                    SELECT hour_et, COUNT(*) AS failed_attempts, SUM(is_final_attempt) AS final_failures,
                           group_concat(DISTINCT api_provider) AS providers, group_concat(DISTINCT error_category) AS categories
                    FROM (SELECT *, printf('%02d:00', (CAST(strftime('%H', occurred_at) AS INTEGER) + 24
                            - CASE WHEN substr(occurred_at, 1, 10) BETWEEN '2026-03-08' AND '2026-11-01' THEN 4 ELSE 5 END) % 24) AS hour_et
                          FROM nba_orchestration.api_errors WHERE game_date BETWEEN ?1 AND ?2)
                    GROUP BY hour_et ORDER BY hour_et
                    """, Array(arguments.prefix(2)))
            }
        }
    }
}
