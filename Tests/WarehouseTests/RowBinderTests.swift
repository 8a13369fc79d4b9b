import Foundation
import Testing
@testable import Warehouse

/// Partition rows are bound in place from one arena of bytes (`RowBinder`), not copied string by string: every value
/// must come back exactly — an empty string is not NULL, an empty blob is not NULL —
/// in every group of a multi-row insert and the single rows after it, whatever the previous group held.
@Suite struct RowBinding {
    @Test func everyValueComesBackExactly() throws {
        let warehouse = try makeWarehouse()
        let values: [SQLValue] = [
            .text(""), .null, .text("tab\t'quote' \"dq\""), .text("short"), .text(String(repeating: "long é🏀 ", count: 9)),
            .blob([]), .blob([0, 1, 2, 255]), .integer(.min), .integer(.max), .real(-0.5), .real(.greatestFiniteMagnitude),
        ]
        // Rows of three, cycling through the values, enough for two whole groups and single rows after them.
        let count = 2 * WarehouseTransaction.rowsPerStatement + 5
        let rows = (0..<count).map { index in
            [SQLValue.integer(Int64(index))] + (0..<3).map { values[(index * 3 + $0) % values.count] }
        }
        let stored = try warehouse.write { tx in
            try tx.execute("CREATE TEMP TABLE bound (n INTEGER, a, b, c)")
            try tx.insertMany(into: "temp.bound", columns: ["n", "a", "b", "c"], rows)
            try tx.insertMany(into: "temp.bound", columns: ["n", "a", "b", "c"], [[.integer(-1), .text("after"), .null, .text("")]])
            return try tx.query("SELECT n, a, b, c, typeof(a) FROM temp.bound ORDER BY rowid").rows
        }
        #expect(stored.map { Array($0.prefix(4)) } == rows + [[.integer(-1), .text("after"), .null, .text("")]])
        #expect(stored[0][4] == .text("text"), "an empty string is stored as text, not NULL")
        #expect(stored.first { $0[1] == .blob([]) } != nil, "an empty blob is stored as a blob")
    }
}
