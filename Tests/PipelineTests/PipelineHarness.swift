import Foundation
@testable import Pipeline
import Warehouse

enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static var openingNight: String { directory.appendingPathComponent("opening-night-2022.csv").path }

    static func warehouse(_ label: String = #function) throws -> Warehouse {
        try Warehouse(directory: FileManager.default.temporaryDirectory
            .appendingPathComponent("nbaops-pipeline-\(label.filter(\.isLetter))-\(UUID().uuidString)").path)
    }

    static func write(_ text: String, name: String = "fixture.csv") throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID().uuidString)-\(name)").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static let header = "SEASON_ID,PLAYER_ID,PLAYER_NAME,TEAM_ID,TEAM_ABBREVIATION,TEAM_NAME,GAME_ID,GAME_DATE,MATCHUP,WL,MIN,PTS,FGM,FGA,FG_PCT,FG3M,FG3A,FG3_PCT,FTM,FTA,FT_PCT,OREB,DREB,REB,AST,STL,BLK,TOV,PF,PLUS_MINUS,SEASON_LABEL"

    /// One player-game line: the same player (id 1, "Test Scorer", BOS at home to NYK) with the given points.
    static func scorer(game: Int, date: String, points: Int, minutes: Int = 30, home: Bool = true) -> String {
        let matchup = home ? "BOS vs. NYK" : "BOS @ NYK"
        let fga = max(1, points / 2)
        return "22022,1,Test Scorer,1610612738,BOS,Boston Celtics,\(String(format: "%010d", game)),\(date),\(matchup),W,\(minutes),\(points),\(points / 2),\(fga),,0,0,,\(points % 2),\(points % 2),,0,5,5,3,1,0,2,2,5,2022-23\n"
            + "22022,2,Other Guy,1610612752,NYK,New York Knicks,\(String(format: "%010d", game)),\(date),\(home ? "NYK @ BOS" : "NYK vs. BOS"),L,30,10,5,10,,0,0,,0,0,,0,5,5,3,1,0,2,2,-5,2022-23\n"
    }

    static func context(_ run: String = "test-run", at: String = "2023-01-01T12:00:00.000Z") -> ProcessingContext {
        ProcessingContext(runID: run, processedAt: at, mode: .backfill)
    }

    static func backfill(_ warehouse: Warehouse, _ phase: PipelinePhase, _ first: String, _ last: String,
                         through: PipelinePhase? = nil, run: String = "test-run") throws -> BackfillSummary {
        let backfiller = Backfiller(warehouse: warehouse)
        let plan = try backfiller.plan(BackfillRequest(phase: phase, range: DayRange(Day(first)!, Day(last)!)!,
                                                       through: through, onlyMissing: false))
        return try backfiller.run(plan, context: context(run))
    }

    /// A hash of every catalogue table's full content, for idempotency checks.
    static func contentHash(_ warehouse: Warehouse, excluding: Set<String> = ["nba_orchestration.runs"]) throws -> String {
        try warehouse.read { tx in
            var hasher = SHA256()
            for table in SchemaCatalog.tables where !excluding.contains(table.name.description) {
                // When and by which run a row was written is lineage, not content.
                let lineage: Set<String> = ["processed_at", "run_id", "created_at", "graded_at", "upstream"]
                let columns = table.columnNames.filter { !lineage.contains($0) }
                let rows = try tx.query("SELECT \(columns.map { "\"\($0)\"" }.joined(separator: ",")) FROM \(table.name.sql) ORDER BY 1, 2, 3, 4")
                hasher.update(table.name.description)
                for row in rows.rows { hasher.update(row.map { "\($0)" }.joined(separator: "|")) }
            }
            return hasher.finalizeHex()
        }
    }
}
