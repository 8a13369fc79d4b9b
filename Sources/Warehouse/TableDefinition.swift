/// One table of the warehouse as the schema catalogue describes it.
public struct TableDefinition: Sendable {
    public let name: TableName
    /// The column whose value names a partition (`game_date`, `cache_date`), or nil for unpartitioned tables.
    public let partitionColumn: String?
    public let columns: [Column]
    /// Columns that identify a row inside its partition; enforced by a unique index.
    public let key: [String]
    public let summary: String

    public struct Column: Sendable {
        public let name: String
        public let type: String
    }

    /// `spec` is "name TYPE, name TYPE, …" — the compact spelling keeps the catalogue readable.
    init(_ dataset: Dataset, _ table: String, partition: String?, key: [String], _ summary: String, _ spec: String) {
        self.name = TableName(dataset, table)
        self.partitionColumn = partition
        self.key = key
        self.summary = summary
        self.columns = spec.split(separator: ",").map { part in
            let words = part.split(separator: " ", omittingEmptySubsequences: true)
            return Column(name: String(words[0]), type: words.dropFirst().joined(separator: " "))
        }
    }

    public var columnNames: [String] { columns.map(\.name) }

    func createStatements() -> [String] {
        let body = columns.map { "\"\($0.name)\" \($0.type)" }.joined(separator: ",\n  ")
        var statements = ["CREATE TABLE \(name.sql) (\n  \(body)\n)"]
        if !key.isEmpty {
            let cols = key.map { "\"\($0)\"" }.joined(separator: ", ")
            statements.append(
                "CREATE UNIQUE INDEX \(name.dataset.rawValue).\"\(name.table)_key\" ON \"\(name.table)\" (\(cols))")
        }
        if let partition = partitionColumn, key.first != partition {
            statements.append(
                "CREATE INDEX \(name.dataset.rawValue).\"\(name.table)_\(partition)\" ON \"\(name.table)\" (\"\(partition)\")"
            )
        }
        return statements
    }
}
