import Foundation
import GRDB

/// A directory of dataset files opened as one database: `warehouse.sqlite` is the catalogue, and each dataset file
/// is attached under its dataset name on every connection, so `nba_raw.bdl_player_boxscores` reads as in production.
public final class Warehouse: Sendable {
    public let directory: String
    public var name: String { (directory as NSString).lastPathComponent }
    private let pool: DatabasePool
    private let readOnlyQueue: DatabaseQueue
    let checkpointer: BackgroundCheckpointer

    public static let catalogueFile = "warehouse.sqlite"

    /// Opens (creating and migrating if needed) the warehouse at `directory`.
    public init(directory: String) throws {
        let path = (directory as NSString).standardizingPath
        self.directory = path
        try Warehouse.prepareDirectory(path)
        let checkpointer = BackgroundCheckpointer(directory: path)
        self.checkpointer = checkpointer
        do {
            pool = try DatabasePool(path: path + "/" + Warehouse.catalogueFile,
                                    configuration: Warehouse.configuration(directory: path, readonly: false, checkpointer: checkpointer))
            try WarehouseMigrations.migrate(pool, path: path)
            readOnlyQueue = try DatabaseQueue(path: path + "/" + Warehouse.catalogueFile,
                                              configuration: Warehouse.configuration(directory: path, readonly: true))
        } catch let error as DatabaseError {
            throw WarehouseError.sql(message: error.message ?? error.description, sql: error.sql ?? "")
        }
    }

    deinit { checkpointer.stop() }

    public var lakeDirectory: String { directory + "/lake" }
    public var transcriptsDirectory: String { directory + "/transcripts" }
    public var reportsDirectory: String { directory + "/reports" }

    /// Reads inside one transaction (a consistent snapshot).
    public func read<T>(_ body: (WarehouseTransaction) throws -> T) throws -> T {
        try mapErrors { try pool.read { db in try body(WarehouseTransaction(db: db)) } }
    }

    /// Reads inside one transaction and says which tables its statements named (a dataset's `_loads` as the tables it
    /// was asked about): how a processor's declared reads are checked against what it does.
    public func readRecordingTables<T>(_ body: (WarehouseTransaction) throws -> T) throws -> (T, Set<TableName>) {
        let recorder = TableReadRecorder()
        let value = try mapErrors { try pool.read { db in try body(WarehouseTransaction(db: db, recorder: recorder)) } }
        return (value, recorder.recorded)
    }

    /// Writes inside one transaction: everything in `body` commits together or not at all (per dataset file).
    public func write<T>(_ body: (WarehouseTransaction) throws -> T) throws -> T {
        try mapErrors { try pool.write { db in try body(WarehouseTransaction(db: db)) } }
    }

    /// Runs statements on a connection SQLite itself opened read-only: any write is refused by the engine.
    public func readOnly<T>(_ body: (WarehouseTransaction) throws -> T) throws -> T {
        try mapErrors { try readOnlyQueue.read { db in try body(WarehouseTransaction(db: db)) } }
    }

    /// Runs statements outside a transaction; each statement commits on its own (used by `sql --write`).
    /// Each run is counted in the catalogue (`adHocWriteCountKey`), even when a statement fails part-way: rows may have
    /// changed around the partition writer, so whatever any process derived from loaded partitions and kept must be
    /// derived again.
    public func writeStatements<T>(_ body: (WarehouseTransaction) throws -> T) throws -> T {
        defer {
            _ = try? pool.write { db in
                try db.execute(sql: """
                    INSERT INTO settings (key, value) VALUES (?, '1')
                    ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1
                    """, arguments: [Warehouse.adHocWriteCountKey])
            }
        }
        return try mapErrors { try pool.writeWithoutTransaction { db in try body(WarehouseTransaction(db: db)) } }
    }

    public static let adHocWriteCountKey = "adhoc.write.count"

    /// Copies every dataset's write-ahead log into its file and empties the log (a TRUNCATE checkpoint, waiting for
    /// readers): after a long build, so the next process opens compact files instead of recovering tens of MB of log
    /// (`gaps` over a freshly built demo: ~105 → ~86 ms).
    public func checkpoint() throws {
        try mapErrors {
            try pool.writeWithoutTransaction { db in
                for schema in ["main"] + Dataset.allCases.map(\.rawValue) { try db.checkpoint(.truncate, on: schema) }
            }
        }
    }

    /// Stops the statement running now, from any thread (Ctrl-C); its transaction rolls back.
    public func interrupt() {
        pool.interrupt()
        readOnlyQueue.interrupt()
    }

    public func setting(_ key: String) throws -> String? {
        try read { tx in try tx.query("SELECT value FROM settings WHERE key = ?", [.text(key)]).rows.first?[0].stringValue }
    }

    public func setSetting(_ key: String, _ value: String?) throws {
        try write { tx in
            if let value {
                try tx.execute("INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                               [.text(key), .text(value)])
            } else {
                try tx.execute("DELETE FROM settings WHERE key = ?", [.text(key)])
            }
        }
    }

    private func mapErrors<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as DatabaseError { throw WarehouseTransaction.map(error) }
    }

    private static func prepareDirectory(_ path: String) throws {
        let files = FileManager.default
        var isDirectory: ObjCBool = false
        if files.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw WarehouseError.notAWarehouse(path: path) }
            let contents = (try? files.contentsOfDirectory(atPath: path)) ?? []
            if !contents.isEmpty && !contents.contains(catalogueFile) {
                throw WarehouseError.notAWarehouse(path: path)
            }
        }
        do {
            for sub in ["", "/lake", "/transcripts", "/reports"] {
                try files.createDirectory(atPath: path + sub, withIntermediateDirectories: true)
            }
        } catch {
            throw WarehouseError.io("cannot create the warehouse at \(path): \(error.localizedDescription)")
        }
    }

    /// `checkpointer`: set on the writing pool, whose writer then leaves checkpoints to it.
    static func configuration(directory: String, readonly: Bool, checkpointer: BackgroundCheckpointer? = nil) -> Configuration {
        var config = Configuration()
        config.readonly = readonly
        config.busyMode = .timeout(10)
        config.foreignKeysEnabled = true
        config.label = readonly ? "warehouse-readonly" : "warehouse"
        config.prepareDatabase { db in
            for dataset in Dataset.allCases {
                let file = directory + "/" + dataset.fileName
                // Read-only connections attach each file as a read-only URI, so SQLite refuses writes to every dataset.
                let target = readonly ? "file:" + Warehouse.uriEscape(file) + "?mode=ro" : file
                try db.execute(sql: "ATTACH DATABASE ? AS \(dataset.rawValue)", arguments: [target])
                if !db.configuration.readonly {
                    try db.execute(sql: "PRAGMA \(dataset.rawValue).journal_mode = WAL")
                    try db.execute(sql: "PRAGMA \(dataset.rawValue).synchronous = NORMAL")
                }
            }
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
            if !db.configuration.readonly { checkpointer?.install(on: db) }
            SQLFunctions.register(in: db)
        }
        return config
    }

    static func uriEscape(_ path: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%")
        return path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
    }
}
