import Foundation
import Testing
@testable import Warehouse

@Suite struct WarehouseOpening {
    @Test func productionQueriesRunAsWritten() throws {
        let warehouse = try makeWarehouse()
        let count = try warehouse.read { tx in
            try tx.scalar("SELECT COUNT(*) FROM nba_raw.bdl_player_boxscores WHERE game_date = '2026-01-16'")
        }
        #expect(count == .integer(0))
    }

    @Test func everyDatasetIsItsOwnFileInWALMode() throws {
        let warehouse = try makeWarehouse()
        for dataset in Dataset.allCases {
            #expect(FileManager.default.fileExists(atPath: warehouse.directory + "/" + dataset.fileName))
            let mode = try warehouse.write { tx in try tx.scalar("PRAGMA \(dataset.rawValue).journal_mode") }
            #expect(mode == .text("wal"), "\(dataset.rawValue)")
        }
    }

    @Test func everyCatalogueTableExistsWithItsColumns() throws {
        let warehouse = try makeWarehouse()
        try warehouse.read { tx in
            for table in SchemaCatalog.tables {
                // The catalogue is migration v1; later migrations only append columns.
                let columns = try tx.columns(of: table.name).map(\.name)
                #expect(Array(columns.prefix(table.columnNames.count)) == table.columnNames, "\(table.name)")
            }
            for dataset in Dataset.allCases {
                let loads = try tx.columns(of: TableName(dataset, "_loads")).map(\.name)
                #expect(loads.contains("content_hash") && loads.contains("partition_date"))
            }
        }
        let names = Set(SchemaCatalog.tables.map(\.name.description))
        for required in ["nba_raw.nbac_schedule", "nba_raw.bdl_injuries", "nba_analytics.upcoming_team_game_context",
                         "nba_precompute.ml_feature_store", "nba_predictions.prediction_accuracy",
                         "nba_orchestration.phase_boundary_validations", "nba_orchestration.logs"] {
            #expect(names.contains(required))
        }
        #expect(SchemaCatalog.tables.count == 34)
    }

    @Test func laterMigrationsAddColumnsAndIndexes() throws {
        let warehouse = try makeWarehouse()
        let columns = try warehouse.read { tx in try tx.columns(of: TableName(.precompute, "player_daily_cache")).map(\.name) }
        #expect(columns.last == "last_game_date")
        let index = try warehouse.read { tx in
            try tx.scalar("SELECT COUNT(*) FROM nba_analytics.sqlite_master WHERE type = 'index' AND name = 'player_game_summary_player_date'")
        }
        #expect(index == .integer(1))
    }

    @Test func bigQueryIdiomsAreRegistered() throws {
        let warehouse = try makeWarehouse()
        let table = try warehouse.read { tx in
            try tx.query("""
                SELECT COUNTIF(x > 1) AS big, SAFE_DIVIDE(SUM(x), 0) AS by_zero, SAFE_DIVIDE(6, 4) AS ratio
                FROM (SELECT 1 AS x UNION ALL SELECT 2 UNION ALL SELECT 3)
                """)
        }
        #expect(table.rows == [[.integer(2), .null, .real(1.5)]])
    }

    @Test func reopeningKeepsContentAndRunsNoMigrationTwice() throws {
        let first = try makeWarehouse()
        try first.setSetting("scenario.seed", "42")
        let again = try Warehouse(directory: first.directory)
        #expect(try again.setting("scenario.seed") == "42")
        #expect(try again.appliedMigrations() == ["v1-datasets", "v2-rolling-window-indexes", "v3-scraper-quota", "v4-load-sequence",
                                                               "v5-player-context-index", "v6-load-order-index"])
    }

    @Test func aWarehouseFromANewerBuildIsRefused() throws {
        let warehouse = try makeWarehouse()
        try warehouse.write { tx in try tx.execute("INSERT INTO grdb_migrations (identifier) VALUES ('v99-future')") }
        #expect(throws: WarehouseError.newerSchema(path: warehouse.directory, unknownMigrations: ["v99-future"])) {
            try Warehouse(directory: warehouse.directory)
        }
    }

    @Test func anOlderWarehouseIsMigratedOnOpen() throws {
        // An "older" warehouse: the catalogue exists but the dataset migration has not run.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nbaops-old-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: directory + "/warehouse.sqlite", contents: nil)
        let warehouse = try Warehouse(directory: directory)
        #expect(try warehouse.appliedMigrations() == ["v1-datasets", "v2-rolling-window-indexes", "v3-scraper-quota", "v4-load-sequence",
                                                               "v5-player-context-index", "v6-load-order-index"])
        #expect(try warehouse.read { tx in try tx.scalar("SELECT COUNT(*) FROM nba_analytics.player_game_summary") } == .integer(0))
    }

    @Test func aDirectoryOfOtherFilesIsNotTakenOver() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nbaops-other-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: directory + "/thesis.txt", contents: Data("mine".utf8))
        #expect(throws: WarehouseError.notAWarehouse(path: directory)) { try Warehouse(directory: directory) }
        #expect(!FileManager.default.fileExists(atPath: directory + "/warehouse.sqlite"))
    }
}

@Suite struct ReadOnlyMode {
    @Test func sqliteRefusesWritesOnTheReadOnlyConnection() throws {
        let warehouse = try makeWarehouse()
        #expect(throws: WarehouseError.self) {
            try warehouse.readOnly { tx in try tx.run(script: "DROP TABLE nba_raw.bdl_player_boxscores") }
        }
        do {
            _ = try warehouse.readOnly { tx in
                try tx.run(script: "INSERT INTO nba_orchestration.alerts (alert_id) VALUES ('x')")
            }
            Issue.record("the insert should have been refused")
        } catch let error as WarehouseError {
            guard case .readOnly = error else { Issue.record("expected readOnly, got \(error)"); return }
        }
        let stillThere = try warehouse.read { tx in
            try tx.scalar("SELECT COUNT(*) FROM nba_raw.sqlite_master WHERE name = 'bdl_player_boxscores'")
        }
        #expect(stillThere == .integer(1))
        #expect(try warehouse.read { tx in try tx.scalar("SELECT COUNT(*) FROM nba_orchestration.alerts") } == .integer(0))
    }

    @Test func readsWorkOnTheReadOnlyConnection() throws {
        let warehouse = try makeWarehouse()
        let result = try warehouse.readOnly { tx in try tx.run(script: "SELECT COUNT(*) AS n FROM nba_raw.nbac_schedule") }
        #expect(result.columns == ["n"])
        #expect(result.rows == [[.integer(0)]])
    }
}
