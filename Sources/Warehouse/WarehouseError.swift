/// Everything the warehouse can refuse, as values the shell renders.
public enum WarehouseError: Error, Equatable, Sendable {
    /// The directory exists but is not a warehouse and is not empty.
    case notAWarehouse(path: String)
    /// The warehouse was written by a newer nbaops: it holds migrations this build does not know.
    case newerSchema(path: String, unknownMigrations: [String])
    /// SQLite refused a write because the connection is read-only.
    case readOnly(message: String)
    /// A statement failed; `message` is SQLite's own words.
    case sql(message: String, sql: String)
    /// The work was interrupted (Ctrl-C) and rolled back.
    case interrupted
    /// A partition write was handed rows whose date is not the partition's.
    case rowOutsidePartition(table: String, partition: String, found: String)
    /// A partition write was handed a row with more or fewer values than its columns.
    case rowWidth(table: String, values: Int, columns: Int)
    case unknownTable(String)
    case unknownColumn(table: String, column: String)
    case notPartitioned(String)
    case io(String)
}

extension WarehouseError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .notAWarehouse(let path):
            return "\(path) is not an nbaops warehouse (no warehouse.sqlite) and is not empty; pick an empty or new directory"
        case .newerSchema(let path, let unknown):
            return "the warehouse at \(path) was written by a newer nbaops (migrations \(unknown.joined(separator: ", "))); use that version or a newer build"
        case .readOnly(let message):
            return "read-only: \(message); add --write to change data"
        case .sql(let message, _):
            return message
        case .interrupted:
            return "interrupted; nothing was written"
        case .rowOutsidePartition(let table, let partition, let found):
            return "a row for \(found) was written to \(table) partition \(partition)"
        case .rowWidth(let table, let values, let columns):
            return "a row of \(values) values was written to \(table), which was given \(columns) columns; nothing was written"
        case .unknownTable(let name):
            return "no table named '\(name)'"
        case .unknownColumn(let table, let column):
            return "\(table) has no column '\(column)'"
        case .notPartitioned(let name):
            return "\(name) is not partitioned by date"
        case .io(let message):
            return message
        }
    }
}
