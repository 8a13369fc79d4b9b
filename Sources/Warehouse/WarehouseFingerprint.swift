import Foundation

/// What a warehouse holds, one line per table — its name, its row count and a SHA-256 of its rows in a fixed order — so
/// that two warehouses (an interrupted run and an uninterrupted one, two builds of one seed) compare table by table.
/// SQLite renders each row (`quote()` of every column, so 1 and '1' and NULL stay apart) and sorts the lines: the
/// fingerprint is the same whichever process wrote the rows, in whatever order.
public struct WarehouseFingerprint: Equatable, Sendable {
    /// `dataset.table rows sha256`, in the catalog's order.
    public var tables: [String]
    /// `dataset.table: N duplicated keys` for every table whose declared key occurs more than once.
    public var duplicatedKeys: [String]

    /// - Parameters:
    ///   - datasets: which datasets to read (all by default).
    ///   - leaving: columns to leave out wherever they occur: ones that name or date a write rather than what was written.
    ///   - activeOnly: in tables with `is_active`, only the active rows (a regeneration rightly keeps superseded ones).
    public static func of(_ tx: WarehouseTransaction, datasets: Set<Dataset> = Set(Dataset.allCases), leaving: Set<String> = [],
                          activeOnly: Bool = false) throws -> WarehouseFingerprint {
        var result = WarehouseFingerprint(tables: [], duplicatedKeys: [])
        for table in SchemaCatalog.tables where datasets.contains(table.name.dataset) {
            let columns = table.columnNames.filter { !leaving.contains($0) }
            let line = columns.map { "quote(\"\($0)\")" }.joined(separator: " || '|' || ")
            let filter = activeOnly && table.columnNames.contains("is_active") ? " WHERE is_active = 1" : ""
            var hash = SHA256()
            var rows = 0
            try tx.forEachText("SELECT \(line) AS line FROM \(table.name.sql)\(filter) ORDER BY line") { text in
                hash.update(text)
                hash.update("\n")
                rows += 1
            }
            result.tables.append("\(table.name) \(rows) \(hash.finalizeHex())")
            if !table.key.isEmpty {
                let key = table.key.map { "\"\($0)\"" }.joined(separator: ", ")
                let repeated = try tx.scalar("""
                    SELECT COUNT(*) FROM (SELECT 1 FROM \(table.name.sql) GROUP BY \(key) HAVING COUNT(*) > 1)
                    """).intValue ?? 0
                if repeated > 0 { result.duplicatedKeys.append("\(table.name): \(repeated) duplicated keys") }
            }
        }
        return result
    }

    /// The lines of `other` that differ from this fingerprint's (both taken with the same options).
    public func differing(from other: WarehouseFingerprint) -> [String] {
        zip(tables, other.tables).filter { $0 != $1 }.map(\.1) + other.tables.dropFirst(tables.count)
    }
}
