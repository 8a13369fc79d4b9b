import Warehouse

/// A query grouped by date (`SELECT date, …` over `?`/`?` bounds) as the rest of each row, keyed by the date.
func countsByDate(_ sql: String, from: SQLValue, to: SQLValue, _ tx: WarehouseTransaction) throws -> [String: [SQLValue]] {
    var result: [String: [SQLValue]] = [:]
    for row in try tx.query(sql, [from, to]).rows { if let d = row[0].stringValue { result[d] = Array(row.dropFirst()) } }
    return result
}
