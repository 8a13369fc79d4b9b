import Foundation
import Warehouse

/// Which dates of a table still hold exactly what their last load wrote, named by that load's content hash — so what a
/// processor derives from a partition can be kept in process and reused until the partition is loaded again.
///
/// Every pipeline write goes through `PartitionWriter`, which records each load in `_loads`; the only way the product
/// changes rows around it is an ad-hoc `sql --write`, which the catalogue counts (`Warehouse.adHocWriteCountKey`).
/// So while that count is 0, `_loads` says which dates have rows and what they hold. Once it is not, every key carries
/// it (an ad-hoc UPDATE makes everything derive afresh once) and each date's row count is checked against its last
/// load's: a date whose count differs, or that has rows but no load, is derived afresh every time. Not seen: rows
/// changed outside nbaops (the `sqlite3` shell) while the count is 0.
enum LoadedPartitions {
    /// Every date in `[from, before)` with rows, mapped to `"date|hash"`, or to nil when the rows cannot be vouched for.
    static func contentKeys(_ table: TableName, from: Day, before: Day, _ tx: WarehouseTransaction) throws -> [String: String?] {
        guard let column = SchemaCatalog.tables.first(where: { $0.name == table })?.partitionColumn else { return [:] }
        let range: [SQLValue] = [.text(from.description), .text(before.description), .text(table.table)]
        var loads: [String: (hash: String, rows: Int)] = [:]
        for r in try tx.query("""
            SELECT l.partition_date, l.content_hash, l.row_count FROM \(table.dataset.rawValue)._loads l
            WHERE l.table_name = ?3 AND l.partition_date >= ?1 AND l.partition_date < ?2
              AND l.load_id = (SELECT MAX(m.load_id) FROM \(table.dataset.rawValue)._loads m
                               WHERE m.table_name = l.table_name AND m.partition_date = l.partition_date)
            """, range).rows {
            if let date = r[0].stringValue, let hash = r[1].stringValue, let rows = r[2].intValue { loads[date] = (hash, rows) }
        }
        let adHoc = try adHocWrites(tx)
        var keys: [String: String?] = [:]
        guard adHoc != "0" else {
            for (date, load) in loads where load.rows > 0 { keys.updateValue("\(date)|\(load.hash)", forKey: date) }
            return keys
        }
        for r in try tx.query("""
            SELECT "\(column)", COUNT(*) FROM \(table.sql) WHERE "\(column)" >= ?1 AND "\(column)" < ?2 GROUP BY "\(column)"
            """, Array(range.prefix(2))).rows {
            guard let date = r[0].stringValue else { continue }
            let key = loads[date].flatMap { $0.rows == r[1].intValue ? "\(date)|\($0.hash)|w\(adHoc)" : nil }
            keys.updateValue(key, forKey: date)  // kept even when nil: the date has rows that must be read
        }
        return keys
    }

    /// The content key of one date's partition (nil: no rows, or rows no load vouches for).
    static func contentKey(_ table: TableName, on date: Day, _ tx: WarehouseTransaction) throws -> String? {
        try contentKeys(table, from: date, before: date.adding(days: 1), tx)[date.description] ?? nil
    }

    /// How many ad-hoc `sql --write` runs the catalogue has counted ("0" when none).
    static func adHocWrites(_ tx: WarehouseTransaction) throws -> String {
        try tx.scalar("SELECT CAST(value AS TEXT) FROM settings WHERE key = ?", [.text(Warehouse.adHocWriteCountKey)]).stringValue ?? "0"
    }

    /// Each date of `[from, before)` with rows, in date order, with what `read` derives from it: kept in `cache` under
    /// the date's content key, and read afresh (not kept) for a date that cannot be vouched for.
    static func perDate<Value>(_ table: TableName, from: Day, before: Day, cache: DerivedCache<Value>, _ tx: WarehouseTransaction,
                               read: (String) throws -> Value) throws -> [(date: String, value: Value)] {
        try contentKeys(table, from: from, before: before, tx).sorted { $0.key < $1.key }.map { date, key in
            (date, try cache.kept(under: key) { try read(date) })
        }
    }
}

/// Every kept derivation, for a test that must see processors read what they would read on a cold start.
enum KeptDerivations {
    static func removeAll() {
        ShotTotals.shared.forgetKept()
        PlayerHistory.kept.removeAll()
        PlayerHistory.walks.removeAll()
        SeasonGames.playerGames.removeAll()
        SeasonGames.pointsAllowed.removeAll()
        SeasonGames.paces.removeAll()
        PredictionCoordinator.trainingSums.removeAll()
        PropLines.kept.removeAll()
        PredictionQuality.kept.removeAll()
    }
}

/// A small lock-guarded store for what is derived from loaded partitions, keyed by their content keys. When full, the
/// oldest kept value goes first: a backfill walks dates in order, so what is dropped is the date furthest behind the
/// window the processors read.
final class DerivedCache<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String: Value] = [:]
    private var order: [String] = []
    private var oldest = 0
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// The value kept under `key`, or what `read` gives — kept when there is a key (nil: derived from rows that cannot
    /// be vouched for, so read afresh every time).
    func kept(under key: String?, _ read: () throws -> Value) rethrows -> Value {
        if let key, let known = value(key) { return known }
        let fresh = try read()
        if let key { keep(fresh, under: key) }
        return fresh
    }

    func value(_ key: String) -> Value? { lock.withLock { values[key] } }

    func removeAll() {
        lock.withLock {
            values.removeAll()
            order.removeAll()
            oldest = 0
        }
    }

    func keep(_ value: Value, under key: String) {
        lock.withLock {
            if values.updateValue(value, forKey: key) != nil { return }
            order.append(key)
            while values.count > capacity, oldest < order.count {
                values[order[oldest]] = nil
                oldest += 1
            }
            // The queue's spent front is dropped once it outweighs what is live.
            if oldest > capacity { order.removeFirst(oldest); oldest = 0 }
        }
    }
}
