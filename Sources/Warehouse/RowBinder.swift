@preconcurrency import CSQLite
import GRDB

/// Binds rows to a prepared INSERT without copying their text. Every string's bytes go into one arena, bound in place
/// (`SQLITE_STATIC`), and the statement runs while the arena is alive; its bindings are cleared before the arena can
/// change. GRDB's public binding copied each string twice — into a Swift C string, then SQLite's own copy — which on
/// partition writes cost as much as the inserts themselves. Only the statement's values are bound here: it is still
/// GRDB's statement, prepared, cached, executed and reset by GRDB.
struct RowBinder {
    private var arena: [UInt8] = []
    private var spans: [(start: Int, count: Int)] = []

    mutating func execute(_ statement: Statement, binding rows: some Collection<[SQLValue]>) throws {
        arena.removeAll(keepingCapacity: true)
        arena.append(0)  // never an empty arena: a null pointer would bind NULL where "" was meant
        spans.removeAll(keepingCapacity: true)
        for row in rows {
            for value in row {
                switch value {
                case .text(var text):
                    let start = arena.count
                    text.withUTF8 { arena.append(contentsOf: $0) }
                    spans.append((start, arena.count - start))
                case .blob(let bytes):
                    spans.append((arena.count, bytes.count))
                    arena.append(contentsOf: bytes)
                case .null, .integer, .real:
                    break
                }
            }
        }
        statement.setUncheckedArguments(StatementArguments())  // GRDB resets the statement and takes it as bound
        let handle = statement.sqliteStatement
        try arena.withUnsafeBufferPointer { arena in
            defer { sqlite3_clear_bindings(handle) }  // no binding may outlive the arena
            let base = arena.baseAddress!
            var position: CInt = 1, span = 0
            for row in rows {
                for value in row {
                    let code: CInt
                    switch value {
                    case .null: code = sqlite3_bind_null(handle, position)
                    case .integer(let integer): code = sqlite3_bind_int64(handle, position, integer)
                    case .real(let real): code = sqlite3_bind_double(handle, position, real)
                    case .text:
                        let (start, count) = spans[span]
                        span += 1
                        code = UnsafeRawPointer(base + start).withMemoryRebound(to: CChar.self, capacity: count) {
                            nbaops_sqlite_bind_static_text(handle, position, $0, CInt(count))
                        }
                    case .blob:
                        let (start, count) = spans[span]
                        span += 1
                        code = nbaops_sqlite_bind_static_blob(handle, position, base + start, CInt(count))
                    }
                    guard code == SQLITE_OK else {
                        throw WarehouseError.sql(message: "could not bind value \(position) (SQLite code \(code))", sql: statement.sql)
                    }
                    position += 1
                }
            }
            try statement.execute()
        }
    }
}
