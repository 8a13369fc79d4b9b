/// The few engine-specific spellings, kept in one place so that a move to PostgreSQL (DESIGN §10) changes only this.
public enum SQLDialect {
    /// A date `days` after the date-valued SQL expression `expression`, as an ISO date.
    public static func dateShift(_ expression: String, days: Int) -> String {
        "date(\(expression), '\(days >= 0 ? "+" : "")\(days) day')"
    }

    /// The value at `path` (`$.field`) in a JSON text column.
    public static func jsonValue(_ expression: String, path: String) -> String {
        "json_extract(\(expression), '\(path)')"
    }

    /// The suffix that turns an INSERT into an upsert on `conflict`, updating `columns`.
    public static func upsert(conflict: [String], update columns: [String]) -> String {
        let sets = columns.map { "\"\($0)\" = excluded.\"\($0)\"" }.joined(separator: ", ")
        return " ON CONFLICT(\(conflict.map { "\"\($0)\"" }.joined(separator: ", "))) DO UPDATE SET \(sets)"
    }
}
