import Foundation
import Warehouse

/// Which dates of a table still hold exactly what their last load wrote, named by that load's content hash — so what a
/// processor derives from a partition can be kept in process and reused until the partition is loaded again.
///
/// A date is named only when its row count matches its last load's: rows inserted around the partition writer leave
/// the date unnamed and whatever reads it must derive afresh. Every key also carries the warehouse's count of ad-hoc
/// writes (`sql --write`, in any process), so an UPDATE that keeps the count is seen too. Not seen: an UPDATE that
/// keeps the count made outside nbaops (the `sqlite3` shell) — no path in the product does that.
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
        let adHoc = try tx.scalar("SELECT CAST(value AS TEXT) FROM settings WHERE key = ?", [.text(Warehouse.adHocWriteCountKey)]).stringValue ?? "0"
        let generation = "|w" + adHoc
        var keys: [String: String?] = [:]
        for r in try tx.query("""
            SELECT "\(column)", COUNT(*) FROM \(table.sql) WHERE "\(column)" >= ?1 AND "\(column)" < ?2 GROUP BY "\(column)"
            """, Array(range.prefix(2))).rows {
            guard let date = r[0].stringValue else { continue }
            let key = loads[date].flatMap { $0.rows == r[1].intValue ? "\(date)|\($0.hash)" + generation : nil }
            keys.updateValue(key, forKey: date)  // kept even when nil: the date has rows that must be read
        }
        return keys
    }
}

/// A small lock-guarded store for what is derived from loaded partitions, keyed by their content keys. Emptied
/// when full rather than grown: a long-lived process that reloads many partitions starts over.
final class DerivedCache<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String: Value] = [:]
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    func value(_ key: String) -> Value? { lock.withLock { values[key] } }

    func removeAll() { lock.withLock { values.removeAll() } }

    func keep(_ value: Value, under key: String) {
        lock.withLock {
            if values.count >= capacity { values.removeAll() }
            values[key] = value
        }
    }
}
