import Foundation
import Testing
import Pipeline
import Runtime
import Scenario
import Scrapers
import SourceFormats
import Warehouse

/// Phase 2 over a lake the scrapers filled from the feed: every raw table, then Phases 3 → 5b on top.
@Suite(.serialized) struct RawProcessingOfTheLake {
    func backfill(_ h: FeedHarness, _ range: String, through: PipelinePhase? = nil, onlyMissing: Bool = false) throws -> BackfillSummary {
        let parts = range.components(separatedBy: "..")
        let request = BackfillRequest(phase: .phase2, range: DayRange(Day(parts[0])!, Day(parts[1])!)!, through: through,
                                      onlyMissing: onlyMissing)
        let backfiller = Backfiller(warehouse: h.warehouse)
        return try backfiller.run(try backfiller.plan(request),
                                  context: ProcessingContext(runID: "bf-test", processedAt: PipelineCalendar.timestamp(h.clock.now),
                                                             mode: .backfill))
    }

    @Test func scrapedNightsFlowThroughEveryPhase() async throws {
        let h = try await FeedHarness(at: "2026-01-16T13:00:00Z", rules: ["bdl omit dates=2026-01-15 teams=GSW,SAC,LAL,LAC,POR,PHX"])
        _ = await h.scrape(["schedule", "box-scores", "gamebooks", "injuries", "events", "props", "game-lines", "rosters", "pbp"],
                           on: "2026-01-13")
        // (Three nights: a team's zone defence needs games before the date, and few teams play all of them.)
        _ = await h.scrape(["box-scores", "gamebooks", "injuries", "events", "props", "game-lines", "pbp"], on: "2026-01-14")
        _ = await h.scrape(["box-scores", "gamebooks", "injuries", "events", "props", "game-lines", "rosters", "pbp"], on: "2026-01-15")
        let summary = try backfill(h, "2026-01-13..2026-01-15", through: .grading)
        #expect(summary.built == 59, "3 dates × (8 raw + 5 + 5 + predictions + grading), less Jan 14's rosters")
        let counts = try h.query("""
            SELECT (SELECT COUNT(*) FROM nba_raw.nbac_schedule WHERE game_date = '2026-01-15'),
                   (SELECT COUNT(DISTINCT game_id) FROM nba_raw.nbac_gamebook_player_stats WHERE game_date = '2026-01-15'),
                   (SELECT COUNT(DISTINCT game_id) FROM nba_raw.bdl_player_boxscores WHERE game_date = '2026-01-15'),
                   (SELECT COUNT(DISTINCT game_id) FROM nba_analytics.player_game_summary WHERE game_date = '2026-01-15'),
                   (SELECT COUNT(*) FROM nba_raw.nbac_gamebook_player_stats WHERE game_date = '2026-01-15' AND player_status = 'inactive'),
                   (SELECT COUNT(*) FROM nba_raw.nbac_gamebook_player_stats WHERE game_date = '2026-01-15' AND player_status = 'dnp'),
                   (SELECT COUNT(*) FROM nba_raw.odds_api_player_points_props WHERE game_date = '2026-01-15' AND minutes_before_tipoff < 0),
                   (SELECT COUNT(*) FROM nba_raw.bigdataball_play_by_play WHERE game_date = '2026-01-15' AND shot_zone = 'paint'),
                   (SELECT COUNT(*) FROM nba_predictions.player_prop_predictions WHERE game_date = '2026-01-15'),
                   (SELECT COUNT(*) FROM nba_predictions.player_prop_predictions WHERE game_date = '2026-01-15'
                      AND system_id = 'zone_matchup_v1'),
                   (SELECT COUNT(*) FROM nba_precompute.player_shot_zone_analysis WHERE analysis_date = '2026-01-15'
                      AND data_source = 'bigdataball'),
                   (SELECT COUNT(*) FROM nba_raw.odds_api_player_points_props p WHERE game_date = '2026-01-15'
                      AND NOT EXISTS (SELECT 1 FROM nba_raw.nbac_schedule s WHERE s.game_id = p.game_id))
            """).rows[0].map { $0.intValue ?? -1 }
        #expect(counts[0] == 9, "nine games scheduled")
        #expect(counts[1] == 9, "the gamebook has every game")
        #expect(counts[2] < 9, "BallDontLie lacks the Pacific-venue games")
        #expect(counts[3] == 9, "analytics covers every game: the gamebook fills what BallDontLie lacks")
        #expect(counts[4] + counts[5] > 0, "inactive and DNP players are kept in the gamebook")
        #expect(counts[6] == 0, "no in-game line")
        #expect(counts[7] > 0, "shots carry their zone")
        #expect(counts[8] > 0)
        #expect(counts[9] > 0, "zone_matchup_v1 predicts from play-by-play zones")
        #expect(counts[10] > 0, "shot zones come from play-by-play when it exists")
        #expect(counts[11] == 0, "every prop matches a scheduled game id")

        // The same lake again, scraped anew: nothing changed, so no raw partition is rewritten.
        h.clock.advance(by: 60)
        _ = await h.scrape(["box-scores"], on: "2026-01-15")
        h.clock.advance(by: 60)
        #expect(try backfill(h, "2026-01-13..2026-01-15", onlyMissing: true).planned == 1, "the new scrape makes one stale")
        h.clock.advance(by: 60)
        let again = try backfill(h, "2026-01-13..2026-01-15")
        #expect(again.built == 23 && again.unchanged == 23, "3 dates × 8 raw tables, less Jan 14's rosters, all unchanged")
        #expect(try backfill(h, "2026-01-13..2026-01-15", onlyMissing: true).planned == 0)
        await h.stop()
    }
    /// A scrape killed between pages leaves the first pages of its stamp, the last still naming a `next_cursor`:
    /// Phase 2 keeps reading the older complete scrape rather than replace a whole date with part of it.
    @Test func aScrapeCutShortBetweenPagesIsNotRead() async throws {
        let h = try await FeedHarness(at: "2026-01-16T13:00:00Z")
        _ = await h.scrape(["schedule", "box-scores"], on: "2026-01-15")
        h.clock.advance(by: 3600)
        _ = await h.scrape(["box-scores"], on: "2026-01-15")
        let folder = h.warehouse.directory + "/lake/" + LakeLayout.bdlBoxScores.path + "/2026-01-15"
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        let stamps = Set(names.map { String($0.prefix(16)) }).sorted()
        #expect(stamps.count == 2)
        let newer = names.filter { $0.hasPrefix(stamps[1]) }
        #expect(newer.count >= 2, "a nine-game date spans pages")
        for name in newer.dropFirst() { try FileManager.default.removeItem(atPath: folder + "/" + name) }

        _ = try backfill(h, "2026-01-15..2026-01-15")
        let read = try h.query("""
            SELECT COUNT(*), COUNT(DISTINCT source_file_path), MIN(source_file_path) FROM nba_raw.bdl_player_boxscores
            WHERE game_date = '2026-01-15'
            """).rows[0]
        #expect((read[0].intValue ?? 0) > 100, "more rows than the one page left of the newer scrape")
        #expect(read[1].intValue == names.filter { $0.hasPrefix(stamps[0]) }.count, "every page of the older scrape")
        #expect(read[2].stringValue?.contains(stamps[0]) == true)
        await h.stop()
    }
}
