import GRDB

/// The warehouse's schema history. Migrations are append-only: an opened older warehouse runs the ones it lacks;
/// a warehouse that has migrations this build does not know is refused rather than silently misread.
enum WarehouseMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-datasets") { db in
            try db.execute(sql: "CREATE TABLE settings (key TEXT PRIMARY KEY NOT NULL, value TEXT)")
            for dataset in Dataset.allCases {
                try db.execute(sql: """
                    CREATE TABLE \(dataset.rawValue)._loads (
                      load_id INTEGER PRIMARY KEY AUTOINCREMENT,
                      table_name TEXT NOT NULL, partition_date TEXT NOT NULL, run_id TEXT, row_count INTEGER NOT NULL,
                      content_hash TEXT NOT NULL, mode TEXT NOT NULL, loaded_at TEXT)
                    """)
                try db.execute(sql: "CREATE INDEX \(dataset.rawValue)._loads_partition ON _loads (table_name, partition_date)")
            }
            for table in SchemaCatalog.tables {
                for statement in table.createStatements() { try db.execute(sql: statement) }
            }
        }
        migrator.registerMigration("v2-rolling-window-indexes") { db in
            // Phase 4 and 5 read each player's history before a date; without these every read scans the season.
            try db.execute(sql: "CREATE INDEX nba_analytics.player_game_summary_player_date ON player_game_summary (player_lookup, game_date)")
            try db.execute(sql: "CREATE INDEX nba_analytics.team_offense_season_date ON team_offense_game_summary (season_year, game_date)")
            try db.execute(sql: "CREATE INDEX nba_raw.nbac_gamebook_player_date ON nbac_gamebook_player_stats (player_lookup, game_date)")
            // The date of the player's previous game, so rest and back-to-backs need no per-row history lookup.
            try db.execute(sql: "ALTER TABLE nba_precompute.player_daily_cache ADD COLUMN last_game_date TEXT")
        }
        migrator.registerMigration("v3-scraper-quota") { db in
            // The Odds API meters credits; each run records what it left, so a backfill can be seen eating the quota.
            try db.execute(sql: "ALTER TABLE nba_orchestration.scraper_execution_log ADD COLUMN quota_remaining INTEGER")
            try db.execute(sql: "ALTER TABLE nba_orchestration.scraper_execution_log ADD COLUMN quota_used INTEGER")
            try db.execute(sql: "CREATE INDEX nba_orchestration.api_errors_occurred ON api_errors (occurred_at)")
        }
        migrator.registerMigration("v4-load-sequence") { db in
            // Loads are ordered by commit, not by the runtime clock: two processes on one warehouse carry their own
            // simulated clocks, so "loaded later" by `loaded_at` can be wrong. Existing loads keep their time order.
            for dataset in Dataset.allCases {
                try db.execute(sql: "ALTER TABLE \(dataset.rawValue)._loads ADD COLUMN load_seq INTEGER")
                try db.execute(sql: """
                    UPDATE \(dataset.rawValue)._loads
                    SET load_seq = CAST(ROUND((julianday(loaded_at) - 2440587.5) * 86400000) AS INTEGER) * 1000
                    """)
            }
            try db.execute(sql: """
                INSERT OR REPLACE INTO settings (key, value) SELECT 'load.sequence', CAST(COALESCE(MAX(s), 0) AS TEXT) FROM (
                  SELECT MAX(load_seq) AS s FROM nba_raw._loads UNION ALL SELECT MAX(load_seq) FROM nba_analytics._loads
                  UNION ALL SELECT MAX(load_seq) FROM nba_precompute._loads UNION ALL SELECT MAX(load_seq) FROM nba_predictions._loads
                  UNION ALL SELECT MAX(load_seq) FROM nba_orchestration._loads)
                """)
        }
        migrator.registerMigration("v5-player-context-index") { db in
            // The feature store joins each cached player to his context row by date and player; the key puts the game
            // id between them, so without this every player's lookup scanned the whole date.
            try db.execute(sql: """
                CREATE INDEX nba_analytics.upcoming_player_game_context_player_date ON upcoming_player_game_context (player_lookup, game_date)
                """)
        }
        migrator.registerMigration("v6-load-order-index") { db in
            // A partition built ahead of its write checks that each table it read has no newer load (the newest
            // `load_seq` per table): one step down this index instead of a walk over every load of the table.
            for dataset in Dataset.allCases {
                try db.execute(sql: "CREATE INDEX \(dataset.rawValue)._loads_order ON _loads (table_name, load_seq)")
            }
        }
        return migrator
    }

    static var knownIdentifiers: [String] { migrator.migrations }

    static func migrate(_ pool: DatabasePool, path: String) throws {
        let migrator = migrator
        let applied = try pool.read { db in try migrator.appliedIdentifiers(db) }
        let unknown = applied.subtracting(knownIdentifiers)
        if !unknown.isEmpty {
            throw WarehouseError.newerSchema(path: path, unknownMigrations: unknown.sorted())
        }
        if applied.count < knownIdentifiers.count {
            try migrator.migrate(pool)
        }
    }
}

extension Warehouse {
    /// Migration identifiers applied to this warehouse, oldest first.
    public func appliedMigrations() throws -> [String] {
        try read { tx in
            try tx.query("SELECT identifier FROM grdb_migrations ORDER BY rowid").rows.compactMap { $0[0].stringValue }
        }
    }
}
