/// The warehouse's datasets: each one SQLite file, attached under its own name on every connection.
public enum Dataset: String, CaseIterable, Sendable {
    case raw = "nba_raw"
    case analytics = "nba_analytics"
    case precompute = "nba_precompute"
    case predictions = "nba_predictions"
    case orchestration = "nba_orchestration"

    public var fileName: String { rawValue + ".sqlite" }
}

/// A table's full name, `dataset.table`.
public struct TableName: Hashable, Sendable, CustomStringConvertible {
    public let dataset: Dataset
    public let table: String

    public init(_ dataset: Dataset, _ table: String) {
        self.dataset = dataset
        self.table = table
    }

    public var description: String { "\(dataset.rawValue).\(table)" }
    /// Quoted for SQL; names come only from the schema catalogue, never from user input.
    public var sql: String { "\(dataset.rawValue).\"\(table)\"" }
}
