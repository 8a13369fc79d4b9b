import Foundation

/// How a partition came to be written; recorded with each load.
public enum LoadMode: String, Sendable, CaseIterable {
    case normal, backfill, heal, manual
}

/// One partition's worth of rows for one table.
public struct PartitionRows: Sendable {
    public let table: TableName
    public let partition: String
    public let columns: [String]
    public let rows: [[SQLValue]]
    /// For a table not partitioned by date (rosters, by season): the column and value whose rows this write replaces;
    /// the load is still recorded under `partition`, the date it was made for.
    public let scope: (column: String, value: SQLValue)?
    /// The content hash, when it was worked out ahead (`hashed()`); the rows cannot change after, so it stays right.
    private var knownContentHash: String?

    public init(table: TableName, partition: String, columns: [String], rows: [[SQLValue]],
                scope: (column: String, value: SQLValue)? = nil) {
        self.table = table
        self.partition = partition
        self.columns = columns
        self.rows = rows
        self.scope = scope
    }

    /// The same rows with their content hash worked out now: a partition built on another thread is hashed there,
    /// so the writer, which writes one partition at a time, does not.
    public func hashed() -> PartitionRows {
        var copy = self
        copy.knownContentHash = contentHash
        return copy
    }

    /// When and from which file a row was processed is bookkeeping, not content: a re-run over the same data hashes
    /// the same, so an unchanged partition can be recognised and left alone.
    static let bookkeepingColumns: Set<String> = ["processed_at", "source_file_path"]

    /// Order-independent hash of the rows, so re-deriving the same content is recognisable. Each row is encoded as
    /// its kept values (`\0N`, `i<int>`, `r<double>`, `t<text>`, `b<bytes>`) joined by 0x1F; the encodings are sorted
    /// bytewise and hashed after the column names, each preceded by 0x1E. Built as bytes in one buffer, the rows
    /// sorted as spans of it: every partition write hashes every row.
    public var contentHash: String {
        if let knownContentHash { return knownContentHash }
        let kept = columns.indices.filter { !PartitionRows.bookkeepingColumns.contains(columns[$0]) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(rows.count * kept.count * 12)
        var spans: [(start: Int, count: Int)] = []
        spans.reserveCapacity(rows.count)
        for row in rows {
            let start = bytes.count
            for (position, index) in kept.enumerated() {
                if position > 0 { bytes.append(0x1F) }
                switch row[index] {
                case .null:
                    bytes.append(0)
                    bytes.append(UInt8(ascii: "N"))
                case .integer(let i):
                    bytes.append(UInt8(ascii: "i"))
                    Self.appendDecimal(i, to: &bytes)
                case .real(let d):
                    bytes.append(UInt8(ascii: "r"))
                    bytes.append(contentsOf: d.description.utf8)
                case .text(var text):
                    bytes.append(UInt8(ascii: "t"))
                    text.withUTF8 { bytes.append(contentsOf: $0) }
                case .blob(let blob):
                    bytes.append(UInt8(ascii: "b"))
                    for (offset, byte) in blob.enumerated() {
                        if offset > 0 { bytes.append(UInt8(ascii: ",")) }
                        Self.appendDecimal(Int64(byte), to: &bytes)
                    }
                }
            }
            spans.append((start, bytes.count - start))
        }
        var hasher = SHA256()
        hasher.update(kept.map { columns[$0] }.joined(separator: ","))
        var hashedRows = false
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            hashedRows = true
            spans.sort { a, b in
                let order = memcmp(base + a.start, base + b.start, min(a.count, b.count))
                return order != 0 ? order < 0 : a.count < b.count
            }
            let rowSeparator: [UInt8] = [0x1E]
            rowSeparator.withUnsafeBufferPointer { separator in
                for span in spans {
                    hasher.update(separator)
                    hasher.update(UnsafeBufferPointer(rebasing: buffer[span.start..<(span.start + span.count)]))
                }
            }
        }
        if !hashedRows { for _ in rows { hasher.update([0x1E]) } }  // no bytes at all: each row is its separator
        return hasher.finalizeHex()
    }

    /// `String(value)`'s digits, without making the String.
    static func appendDecimal(_ value: Int64, to bytes: inout [UInt8]) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var count = 0
            repeat {
                digits[count] = UInt8(truncatingIfNeeded: 48 + magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            for index in stride(from: count - 1, through: 0, by: -1) { bytes.append(digits[index]) }
        }
    }
}

/// What a partition write did.
public struct LoadRecord: Sendable, Equatable {
    public let table: TableName
    public let partition: String
    public let runID: String
    public let rowCount: Int
    public let contentHash: String
    public let mode: LoadMode
    /// True when the content hash matched the last load and nothing was rewritten.
    public let unchanged: Bool
}

/// Replaces one date's rows of one table and records the load in the dataset's `_loads`, in one transaction in that
/// dataset's file: a retry or a crash never leaves duplicates or a half-written partition.
public struct PartitionWriter: Sendable {
    public let warehouse: Warehouse

    public init(warehouse: Warehouse) { self.warehouse = warehouse }

    @discardableResult
    public func replace(_ partition: PartitionRows, runID: String, mode: LoadMode, loadedAt: String,
                        skipIfUnchanged: Bool = false) throws -> LoadRecord {
        try warehouse.write { tx in
            try PartitionWriter.replace(partition, in: tx, runID: runID, mode: mode, loadedAt: loadedAt,
                                        skipIfUnchanged: skipIfUnchanged)
        }
    }

    /// The same write inside a transaction the caller already holds (the caller's transaction is the unit).
    public static func replace(_ partition: PartitionRows, in tx: WarehouseTransaction, runID: String, mode: LoadMode,
                               loadedAt: String, skipIfUnchanged: Bool = false) throws -> LoadRecord {
        let table = partition.table
        guard let definition = SchemaCatalog.tables.first(where: { $0.name == table }) else {
            throw WarehouseError.unknownTable(table.description)
        }
        let scopeColumn: String, scopeValue: SQLValue
        if let scope = partition.scope {
            (scopeColumn, scopeValue) = (scope.column, scope.value)
        } else {
            guard let column = definition.partitionColumn else { throw WarehouseError.notPartitioned(table.description) }
            (scopeColumn, scopeValue) = (column, .text(partition.partition))
        }
        let known = Set(try tx.columns(of: table).map(\.name))
        for column in partition.columns where !known.contains(column) {
            throw WarehouseError.unknownColumn(table: table.description, column: column)
        }
        // Every row as wide as the columns, before anything reads a row by position (the hash, the date check).
        for row in partition.rows where row.count != partition.columns.count {
            throw WarehouseError.rowWidth(table: table.description, values: row.count, columns: partition.columns.count)
        }
        guard let partitionIndex = partition.columns.firstIndex(of: scopeColumn) else {
            throw WarehouseError.unknownColumn(table: table.description, column: scopeColumn)
        }
        for row in partition.rows where row[partitionIndex] != scopeValue {
            throw WarehouseError.rowOutsidePartition(table: table.description, partition: scopeValue.stringValue ?? "NULL",
                                                     found: row[partitionIndex].stringValue ?? "NULL")
        }

        let hash = partition.contentHash
        let loads = "\(table.dataset.rawValue)._loads"
        /// Records this load in the dataset's `_loads`, rewritten or not, and says what was done; `previous` is the place
        /// in commit order to keep (its `loaded_at` still says when the check was).
        func recordLoad(unchanged: Bool, matching previous: Int64? = nil) throws -> LoadRecord {
            let sequence = try previous ?? nextLoadSequence(loadedAt, tx)
            try tx.execute(
                "INSERT INTO \(loads) (table_name, partition_date, run_id, row_count, content_hash, mode, loaded_at, load_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [.text(table.table), .text(partition.partition), .text(runID), .integer(Int64(partition.rows.count)),
                 .text(hash), .text(mode.rawValue), .text(loadedAt), .integer(sequence)])
            return LoadRecord(table: table, partition: partition.partition, runID: runID, rowCount: partition.rows.count,
                              contentHash: hash, mode: mode, unchanged: unchanged)
        }
        // Rows with no bookkeeping column hold nothing but their content: the same hash means the same rows, so a
        // rewrite could not change a value and is skipped whether asked or not (the predictions, re-made through a
        // day from inputs that did not move).
        let carriesBookkeeping = partition.columns.contains(where: PartitionRows.bookkeepingColumns.contains)
        if skipIfUnchanged || !carriesBookkeeping {
            let last = try tx.query(
                "SELECT content_hash, load_seq FROM \(loads) WHERE table_name = ? AND partition_date = ? ORDER BY load_id DESC LIMIT 1",
                [.text(table.table), .text(partition.partition)]).rows.first
            if let last, last[0] == .text(hash) {
                // Not rewritten, but recorded: the load history says the partition was checked against newer input
                // and found the same, so a planner comparing input times with loads does not plan it again.
                // A raw partition (`skipIfUnchanged`: its input is the lake, compared by time) that reloaded the same
                // content keeps its place in commit order, so what was built from it is not made stale. A derived
                // partition that came out the same from newer input moves later: it was built after that input.
                return try recordLoad(unchanged: true, matching: skipIfUnchanged ? last[1].intValue.map(Int64.init) : nil)
            }
        }

        try tx.execute("DELETE FROM \(table.sql) WHERE \"\(scopeColumn)\" = ?", [scopeValue])
        try tx.insertMany(into: table.sql, columns: partition.columns, partition.rows)
        return try recordLoad(unchanged: false)
    }

    /// The next load's place in commit order, across every dataset and every process: after the last one, and no
    /// earlier than its load time (so one process's loads keep their clock order). The counter lives in the catalog,
    /// which every write transaction holds, so two processes cannot hand out the same number.
    static func nextLoadSequence(_ loadedAt: String, _ tx: WarehouseTransaction) throws -> Int64 {
        let last = try tx.scalar("SELECT value FROM settings WHERE key = 'load.sequence'").stringValue.flatMap { Int64($0) } ?? 0
        let byClock = PipelineCalendar.parseTimestamp(loadedAt).map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) * 1000 } ?? 0
        let next = max(last + 1, byClock)
        try tx.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('load.sequence', ?)", [.text(String(next))])
        return next
    }
}
