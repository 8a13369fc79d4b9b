import Warehouse

/// `sql`, bare SQL, `tables` and `schema`: the warehouse as tables.
enum SQLCommands {
    static var entries: [CommandEntry] { [
        CommandEntry(
            CommandSpec("sql", "run SQL on the warehouse (read-only unless --write)",
                        options: [.init("write", "allow statements that change data")], rawTail: "STATEMENT",
                        details: """
                        Datasets are attached under their names: SELECT COUNT(*) FROM nba_raw.bdl_player_boxscores.
                        A line that starts with SELECT, WITH, PRAGMA, EXPLAIN or VALUES is SQL too, and may span
                        lines until ';'. Without --write the statement runs on a connection SQLite opened read-only.
                        COUNTIF(x) and SAFE_DIVIDE(a, b) work as in BigQuery.
                        """),
            sql),
        CommandEntry(
            CommandSpec("tables", "list the warehouse's tables with their partitioning and row counts",
                        parameters: [.init("DATASET", .choice(Dataset.allCases.map(\.rawValue)), optional: true)]),
            tables),
        CommandEntry(
            CommandSpec("schema", "the columns of a table", parameters: [.init("TABLE", .table)]),
            schema),
    ] }

    static func sql(_ invocation: Invocation, _ session: ShellSession) throws(ShellError) -> CommandResult {
        let statement = invocation.tail
        guard !statement.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw ShellError.bad("sql needs a statement", at: invocation.range.upperBound..<invocation.range.upperBound,
                                 suggestion: "usage: sql [--write] STATEMENT")
        }
        let table = try session.call {
            if invocation.flag("write") {
                return try session.warehouse.writeStatements { tx in try tx.run(script: statement) }
            }
            return try session.warehouse.readOnly { tx in try tx.run(script: statement) }
        }
        return .table(table)
    }

    static func tables(_ invocation: Invocation, _ session: ShellSession) throws(ShellError) -> CommandResult {
        let filter = invocation.positional("DATASET")?.text
        let definitions = SchemaCatalog.tables.filter { filter == nil || $0.name.dataset.rawValue == filter }
        let counts = try session.call {
            try session.warehouse.read { tx in
                try definitions.map { try tx.scalar("SELECT COUNT(*) FROM \($0.name.sql)") }
            }
        }
        var result = ResultTable(columns: ["dataset", "table", "partitioned_by", "rows", "description"])
        for (definition, count) in zip(definitions, counts) {
            result.rows.append([.text(definition.name.dataset.rawValue), .text(definition.name.table),
                                SQLValue(definition.partitionColumn), count, .text(definition.summary)])
        }
        return .table(result)
    }

    static func schema(_ invocation: Invocation, _ session: ShellSession) throws(ShellError) -> CommandResult {
        guard let name = invocation.positional("TABLE")?.text, let definition = SchemaCatalog.table(named: name) else {
            throw ShellError.bad("schema needs a table name")
        }
        let columns = try session.call { try session.warehouse.read { tx in try tx.columns(of: definition.name) } }
        var result = ResultTable(columns: ["column", "type", "not_null", "key", "partition"])
        for column in columns {
            result.rows.append([.text(column.name), .text(column.type), .integer(column.notNull ? 1 : 0),
                                .integer(definition.key.contains(column.name) ? 1 : 0),
                                .integer(definition.partitionColumn == column.name ? 1 : 0)])
        }
        return .table(result)
    }
}
