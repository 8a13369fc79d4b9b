import Foundation

/// The tables a transaction's statements name, collected while it runs: what a processor reads, so that a
/// scheduler can tell which builds may overlap which writes (`Warehouse.readRecordingTables`).
///
/// Every statement names its tables by dataset (`nba_analytics.player_game_summary`), so the names are read from the
/// SQL text. A dataset's `_loads` counts as the tables its bound values name (`WHERE table_name = ?`): a build that
/// keeps what it derived under those tables' content keys depends on their loads, not on every load of the dataset;
/// a `_loads` read that names no table of the dataset counts as reading all of them.
final class TableReadRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var tables = Set<TableName>()

    var recorded: Set<TableName> { lock.withLock { tables } }

    func note(_ sql: String, _ arguments: [SQLValue]) {
        let named = Self.tables(in: sql, arguments: arguments)
        lock.withLock { tables.formUnion(named) }
    }

    static func tables(in sql: String, arguments: [SQLValue]) -> Set<TableName> {
        var found = Set<TableName>()
        for dataset in Dataset.allCases {
            var searchFrom = sql.startIndex
            while let range = sql.range(of: dataset.rawValue + ".", range: searchFrom..<sql.endIndex) {
                searchFrom = range.upperBound
                let name = String(sql[range.upperBound...].drop { $0 == "\"" }.prefix { $0.isLetter || $0.isNumber || $0 == "_" })
                guard !name.isEmpty else { continue }
                if name == "_loads" {
                    let ofDataset = Set(SchemaCatalog.tables.map(\.name).filter { $0.dataset == dataset })
                    let named = arguments.compactMap { $0.stringValue.map { TableName(dataset, $0) } }.filter(ofDataset.contains)
                    found.formUnion(named.isEmpty ? ofDataset : Set(named))
                } else {
                    found.insert(TableName(dataset, name))
                }
            }
        }
        return found
    }
}
