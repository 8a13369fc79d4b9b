import Testing
@testable import Warehouse

/// What `readRecordingTables` reports a transaction read: tables by dataset-qualified name, quoted or not, and a
/// dataset's `_loads` as the tables its bound values name.
@Suite struct TableReadRecording {
    @Test func namesQualifiedTablesQuotedOrNot() throws {
        let warehouse = try makeWarehouse()
        let (_, read) = try warehouse.readRecordingTables { tx in
            _ = try tx.query("SELECT COUNT(*) FROM nba_raw.nbac_schedule s JOIN nba_analytics.\"player_game_summary\" p USING (game_id)")
            _ = try tx.scalar("SELECT 1")
        }
        #expect(read == [TableName(.raw, "nbac_schedule"), TableName(.analytics, "player_game_summary")])
    }

    @Test func loadsCountAsTheTablesTheyAreAskedAbout() throws {
        let warehouse = try makeWarehouse()
        let (_, asked) = try warehouse.readRecordingTables { tx in
            _ = try tx.query("SELECT partition_date FROM nba_analytics._loads WHERE table_name = ?", [.text("player_game_summary")])
        }
        #expect(asked == [TableName(.analytics, "player_game_summary")])
        // A value that names no table of the dataset: every table of it.
        let (_, unnamed) = try warehouse.readRecordingTables { tx in
            _ = try tx.query("SELECT COUNT(*) FROM nba_precompute._loads WHERE partition_date = ?", [.text("2026-01-15")])
        }
        let precompute = Set(SchemaCatalog.tables.map(\.name).filter { $0.dataset == .precompute })
        #expect(unnamed == precompute && precompute.count >= 5)
    }

    @Test func aPlainReadRecordsNothing() throws {
        let warehouse = try makeWarehouse()
        let first = try warehouse.read { tx in try tx.recorder == nil }
        #expect(first)
    }
}
