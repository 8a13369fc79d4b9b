import Foundation
import GRDB

/// SQL with bound values inside one transaction; the only way other modules touch the database.
public struct WarehouseTransaction {
    let db: Database
    /// Set by `Warehouse.readRecordingTables`: every statement's tables are noted.
    var recorder: TableReadRecorder? = nil

    public func execute(_ sql: String, _ arguments: [SQLValue] = []) throws {
        recorder?.note(sql, arguments)
        do {
            if arguments.isEmpty {
                try db.execute(sql: sql)
            } else {
                try db.cachedStatement(sql: sql).execute(arguments: Self.arguments(arguments))
            }
        } catch let error as DatabaseError { throw Self.map(error) }
    }

    /// Runs one statement and returns its rows.
    public func query(_ sql: String, _ arguments: [SQLValue] = []) throws -> ResultTable {
        recorder?.note(sql, arguments)
        do {
            let statement = try statement(sql, bindsValues: !arguments.isEmpty)
            try statement.setArguments(Self.arguments(arguments))
            return try Self.fetch(statement)
        } catch let error as DatabaseError { throw Self.map(error) }
    }

    /// SQL that takes bound values is prepared once per connection and kept (GRDB's statement cache): compiling the
    /// same statements again on every run was a twentieth of a demo build's CPU. SQL without bound values may carry
    /// literals (or several statements) and would grow the cache without end, so it is compiled each time.
    private func statement(_ sql: String, bindsValues: Bool) throws -> Statement {
        bindsValues ? try db.cachedStatement(sql: sql) : try db.makeStatement(sql: sql)
    }

    /// Runs every statement of `sql` (as typed by a user) and returns the result of the last one that has columns.
    public func run(script sql: String) throws -> ResultTable {
        recorder?.note(sql, [])
        do {
            var last = ResultTable(columns: [])
            let statements = try db.allStatements(sql: sql)
            while let statement = try statements.next() {
                if statement.columnCount > 0 {
                    last = try Self.fetch(statement)
                } else {
                    try statement.execute()
                    last = ResultTable(columns: ["changes"], rows: [[.integer(Int64(db.changesCount))]])
                }
            }
            return last
        } catch let error as DatabaseError { throw Self.map(error) }
    }

    /// Runs a one-column statement and hands each row's text to `body` as it is read, without collecting the rows.
    public func forEachText(_ sql: String, _ arguments: [SQLValue] = [], _ body: (String) throws -> Void) throws {
        recorder?.note(sql, arguments)
        do {
            let cursor = try String.fetchCursor(db, sql: sql, arguments: Self.arguments(arguments))
            while let text = try cursor.next() { try body(text) }
        } catch let error as DatabaseError { throw Self.map(error) }
    }

    public func scalar(_ sql: String, _ arguments: [SQLValue] = []) throws -> SQLValue {
        try query(sql, arguments).rows.first?.first ?? .null
    }

    /// Column names and declared types of a table in a dataset.
    public func columns(of table: TableName) throws -> [(name: String, type: String, notNull: Bool)] {
        let info = try query("SELECT name, type, \"notnull\" FROM pragma_table_info(?, ?)", [.text(table.table), .text(table.dataset.rawValue)])
        return info.rows.map { ($0[0].stringValue ?? "", $0[1].stringValue ?? "", $0[2] == .integer(1)) }
    }

    public var changes: Int { db.changesCount }

    /// Each row's values read straight off the stepped statement with GRDB's `DatabaseValue(sqliteStatement:index:)`:
    /// a row's `databaseValues` went through a lazy map that looked each column's name up again.
    static func fetch(_ statement: Statement) throws -> ResultTable {
        var table = ResultTable(columns: statement.columnNames)
        let width = CInt(statement.columnCount)
        let cursor = try Row.fetchCursor(statement)
        while try cursor.next() != nil {
            var row: [SQLValue] = []
            row.reserveCapacity(Int(width))
            for index in 0..<width { row.append(SQLValue(DatabaseValue(sqliteStatement: statement.sqliteStatement, index: index))) }
            table.rows.append(row)
        }
        return table
    }

    /// Through GRDB's existential initialiser: its generic one maps with the key path `\.databaseValue`, unspecialised
    /// across the module boundary, so every value went through the runtime's key-path machinery (~10 % of a write).
    static func arguments(_ values: [SQLValue]) -> StatementArguments {
        var converted: [(any DatabaseValueConvertible)?] = []
        converted.reserveCapacity(values.count)
        for value in values { converted.append(value.databaseValue) }
        return StatementArguments(converted)
    }

    static func map(_ error: DatabaseError) -> WarehouseError {
        switch error.resultCode {
        case .SQLITE_READONLY:
            return .readOnly(message: error.message ?? "attempt to write a readonly database")
        case .SQLITE_INTERRUPT:
            return .interrupted
        default:
            if error.message?.contains("readonly database") == true {
                return .readOnly(message: error.message ?? "")
            }
            return .sql(message: error.message ?? error.description, sql: error.sql ?? "")
        }
    }
}

extension SQLValue {
    init(_ value: DatabaseValue) {
        switch value.storage {
        case .null: self = .null
        case .int64(let i): self = .integer(i)
        case .double(let d): self = .real(d)
        case .string(let s): self = .text(s)
        case .blob(let data): self = .blob([UInt8](data))
        }
    }

    var databaseValue: DatabaseValue {
        switch self {
        case .null: return .null
        case .integer(let i): return i.databaseValue
        case .real(let d): return d.databaseValue
        case .text(let s): return s.databaseValue
        case .blob(let bytes): return Data(bytes).databaseValue
        }
    }
}

extension WarehouseTransaction {
    /// Rows of one width into one table: the fast path for partition writes. Rows go in groups of `rowsPerStatement`
    /// through one multi-row INSERT (SQLite starts its program and opens the table's cursors once per statement, not
    /// once per row), the rest one by one; either way in the given order, so rowids and content are those of
    /// inserting them one at a time.
    public func insertMany(into table: String, columns: [String], _ rows: [[SQLValue]]) throws {
        recorder?.note(table, [])
        guard !rows.isEmpty else { return }
        let width = columns.count
        for row in rows where row.count != width {
            throw WarehouseError.rowWidth(table: table, values: row.count, columns: width)
        }
        let tuple = "(" + Array(repeating: "?", count: width).joined(separator: ", ") + ")"
        let head = "INSERT INTO \(table) (\(columns.map { "\"\($0)\"" }.joined(separator: ", "))) VALUES "
        // SQLite binds at most 32,766 values per statement.
        let group = max(1, min(Self.rowsPerStatement, 32_766 / max(width, 1)))
        var binder = RowBinder()
        let whole = rows.count / group * group
        do {
            if whole > 0 {
                let statement = try statement(head + Array(repeating: tuple, count: group).joined(separator: ", "), bindsValues: true)
                for first in stride(from: 0, to: whole, by: group) {
                    try binder.execute(statement, binding: rows[first..<(first + group)])
                }
            }
            if whole < rows.count {
                let statement = try statement(head + tuple, bindsValues: true)
                for row in rows[whole...] {
                    try binder.execute(statement, binding: CollectionOfOne(row))
                }
            }
        } catch let error as DatabaseError { throw Self.map(error) }
    }

    static let rowsPerStatement = 32
}
