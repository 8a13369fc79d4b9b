import Foundation
import Testing
@testable import Warehouse

@Suite struct PartitionWrites {
    let table = TableName(.raw, "bdl_player_boxscores")
    let columns = ["game_id", "game_date", "bdl_player_id", "player_lookup", "points"]

    func rows(_ date: String, _ players: [(Int64, String, Int64)]) -> PartitionRows {
        PartitionRows(table: table, partition: date, columns: columns,
                      rows: players.map { [.text("\(date.replacingOccurrences(of: "-", with: ""))_LAL_DEN"), .text(date),
                                           .integer($0.0), .text($0.1), .integer($0.2)] })
    }

    func content(_ warehouse: Warehouse, _ date: String) throws -> [[SQLValue]] {
        try warehouse.read { tx in
            try tx.query("SELECT bdl_player_id, player_lookup, points FROM nba_raw.bdl_player_boxscores WHERE game_date = ? ORDER BY bdl_player_id",
                         [.text(date)]).rows
        }
    }

    @Test func writingTheSamePartitionTwiceLeavesOneCopy() throws {
        let warehouse = try makeWarehouse()
        let writer = PartitionWriter(warehouse: warehouse)
        let partition = rows("2026-01-16", [(1, "lebronjames", 31), (2, "nikolajokic", 28)])
        try writer.replace(partition, runID: "run-1", mode: .normal, loadedAt: "2026-01-17T04:00:00Z")
        try writer.replace(partition, runID: "run-2", mode: .backfill, loadedAt: "2026-01-17T05:00:00Z")
        #expect(try content(warehouse, "2026-01-16").count == 2)
        let loads = try warehouse.read { tx in
            try tx.query("SELECT run_id, row_count, mode FROM nba_raw._loads WHERE table_name = 'bdl_player_boxscores' ORDER BY load_id")
        }
        #expect(loads.rows == [[.text("run-1"), .integer(2), .text("normal")], [.text("run-2"), .integer(2), .text("backfill")]])
    }

    @Test func loadsAreOrderedByCommitEvenWhenAClockRunsBehind() throws {
        // A second process on an earlier simulated clock still loads "later": heal compares this order, not times.
        let warehouse = try makeWarehouse()
        let writer = PartitionWriter(warehouse: warehouse)
        try writer.replace(rows("2026-01-16", [(1, "lebronjames", 31)]), runID: "ahead", mode: .normal, loadedAt: "2026-01-22T05:00:00.000Z")
        try writer.replace(rows("2026-01-17", [(1, "lebronjames", 20)]), runID: "behind", mode: .normal, loadedAt: "2026-01-21T13:00:00.000Z")
        try writer.replace(rows("2026-01-18", [(1, "lebronjames", 25)]), runID: "later", mode: .normal, loadedAt: "2026-01-23T05:00:00.000Z")
        let order = try warehouse.read { tx in
            try tx.query("SELECT run_id FROM nba_raw._loads ORDER BY load_seq").rows.compactMap { $0[0].stringValue }
        }
        #expect(order == ["ahead", "behind", "later"])
    }

    @Test func aReplacementRemovesRowsThatAreGoneAndLeavesOtherDates() throws {
        let warehouse = try makeWarehouse()
        let writer = PartitionWriter(warehouse: warehouse)
        try writer.replace(rows("2026-01-15", [(9, "stephencurry", 40)]), runID: "a", mode: .normal, loadedAt: "t")
        try writer.replace(rows("2026-01-16", [(1, "lebronjames", 31), (2, "nikolajokic", 28)]), runID: "b", mode: .normal, loadedAt: "t")
        try writer.replace(rows("2026-01-16", [(1, "lebronjames", 33)]), runID: "c", mode: .normal, loadedAt: "t")
        #expect(try content(warehouse, "2026-01-16") == [[.integer(1), .text("lebronjames"), .integer(33)]])
        #expect(try content(warehouse, "2026-01-15") == [[.integer(9), .text("stephencurry"), .integer(40)]])
    }

    @Test func anErrorHalfWayLeavesThePreviousContentUntouched() throws {
        let warehouse = try makeWarehouse()
        let writer = PartitionWriter(warehouse: warehouse)
        let original = rows("2026-01-16", [(1, "lebronjames", 31), (2, "nikolajokic", 28)])
        try writer.replace(original, runID: "good", mode: .normal, loadedAt: "t")
        // The third row repeats the key of the first: the insert fails after two rows were already written.
        let broken = rows("2026-01-16", [(1, "lebronjames", 10), (3, "jokic", 11), (1, "lebronjames", 12)])
        #expect(throws: WarehouseError.self) {
            try writer.replace(broken, runID: "bad", mode: .normal, loadedAt: "t")
        }
        #expect(try content(warehouse, "2026-01-16") == [[.integer(1), .text("lebronjames"), .integer(31)],
                                                          [.integer(2), .text("nikolajokic"), .integer(28)]])
        let runs = try warehouse.read { tx in try tx.query("SELECT run_id FROM nba_raw._loads").rows }
        #expect(runs == [[.text("good")]])
    }

    /// Rows go through multi-row statements in groups and the rest one by one: every count around a group's size
    /// stores every row, in the given order (rowids follow it), whatever its values.
    @Test(arguments: [1, WarehouseTransaction.rowsPerStatement - 1, WarehouseTransaction.rowsPerStatement,
                      WarehouseTransaction.rowsPerStatement + 1, 2 * WarehouseTransaction.rowsPerStatement + 7])
    func everyRowIsWrittenInOrder(count: Int) throws {
        let warehouse = try makeWarehouse("rows\(count)")
        let players = (0..<count).map { index in (Int64(count - index), "player \(index) ' é", Int64(index % 3 == 0 ? -index : index)) }
        var values = rows("2026-01-16", players).rows
        values[0][4] = .null
        let partition = PartitionRows(table: table, partition: "2026-01-16", columns: columns, rows: values)
        try PartitionWriter(warehouse: warehouse).replace(partition, runID: "run-1", mode: .normal, loadedAt: "2026-01-17T04:00:00Z")
        let stored = try warehouse.read { tx in
            try tx.query("SELECT bdl_player_id, player_lookup, points FROM nba_raw.bdl_player_boxscores ORDER BY rowid").rows
        }
        #expect(stored == partition.rows.map { [$0[2], $0[3], $0[4]] })
    }

    @Test func aRowOfAnotherWidthWritesNothing() throws {
        let warehouse = try makeWarehouse()
        var values = rows("2026-01-16", (0..<40).map { (Int64($0), "p\($0)", 10) }).rows
        values[35].removeLast()
        let partition = PartitionRows(table: table, partition: "2026-01-16", columns: columns, rows: values)
        #expect(throws: WarehouseError.rowWidth(table: "nba_raw.bdl_player_boxscores", values: 4, columns: 5)) {
            try PartitionWriter(warehouse: warehouse).replace(partition, runID: "run-1", mode: .normal, loadedAt: "2026-01-17T04:00:00Z")
        }
        #expect(try content(warehouse, "2026-01-16").isEmpty)
    }

    @Test func rowsOfAnotherDateAreRefused() throws {
        let warehouse = try makeWarehouse()
        var partition = rows("2026-01-16", [(1, "lebronjames", 31)])
        partition = PartitionRows(table: table, partition: "2026-01-17", columns: columns, rows: partition.rows)
        #expect(throws: WarehouseError.rowOutsidePartition(table: "nba_raw.bdl_player_boxscores", partition: "2026-01-17",
                                                           found: "2026-01-16")) {
            try PartitionWriter(warehouse: warehouse).replace(partition, runID: "x", mode: .normal, loadedAt: "t")
        }
        #expect(try content(warehouse, "2026-01-16").isEmpty)
    }

    @Test func unknownColumnsAndUnpartitionedTablesAreRefused() throws {
        let warehouse = try makeWarehouse()
        let writer = PartitionWriter(warehouse: warehouse)
        let bad = PartitionRows(table: table, partition: "2026-01-16", columns: ["game_date", "nonsense"],
                                rows: [[.text("2026-01-16"), .integer(1)]])
        #expect(throws: WarehouseError.unknownColumn(table: "nba_raw.bdl_player_boxscores", column: "nonsense")) {
            try writer.replace(bad, runID: "x", mode: .normal, loadedAt: "t")
        }
        let rosters = PartitionRows(table: TableName(.raw, "br_rosters_current"), partition: "2026-01-16", columns: [], rows: [])
        #expect(throws: WarehouseError.notPartitioned("nba_raw.br_rosters_current")) {
            try writer.replace(rosters, runID: "x", mode: .normal, loadedAt: "t")
        }
    }

    @Test func unchangedContentIsNotRewrittenWhenAsked() throws {
        let warehouse = try makeWarehouse()
        let writer = PartitionWriter(warehouse: warehouse)
        let partition = rows("2026-01-16", [(1, "lebronjames", 31), (2, "nikolajokic", 28)])
        let first = try writer.replace(partition, runID: "a", mode: .normal, loadedAt: "t", skipIfUnchanged: true)
        let rowIDs = { try warehouse.read { tx in try tx.query("SELECT rowid FROM \(table.sql) ORDER BY rowid").rows } }
        let before = try rowIDs()
        let reordered = PartitionRows(table: table, partition: "2026-01-16", columns: columns, rows: partition.rows.reversed())
        let second = try writer.replace(reordered, runID: "b", mode: .normal, loadedAt: "t", skipIfUnchanged: true)
        #expect(!first.unchanged)
        #expect(second.unchanged)
        #expect(first.contentHash == second.contentHash)
        #expect(try rowIDs() == before, "the rows were not deleted and re-inserted")
        let loads = try warehouse.read { tx in try tx.query("SELECT run_id, content_hash, load_seq FROM nba_raw._loads ORDER BY load_id").rows }
        #expect(loads.count == 2 && loads[0][1] == loads[1][1], "the unchanged check is recorded with the same hash")
        // ... and keeps its place in commit order, so nothing built from the first load looks older than the raw data.
        #expect(loads[1][2] == loads[0][2])
        let changed = rows("2026-01-16", [(1, "lebronjames", 32), (2, "nikolajokic", 28)])
        #expect(!(try writer.replace(changed, runID: "c", mode: .normal, loadedAt: "t", skipIfUnchanged: true).unchanged))
    }
}

/// A partition with bookkeeping columns is rewritten unless asked not to be (its `processed_at` moves on); one without
/// any holds only content, so the same content is never rewritten.
@Suite struct RewritesThatCannotChangeAValue {
    @Test func onlyPartitionsWithoutBookkeepingSkipUnasked() throws {
        let warehouse = try makeWarehouse()
        let writer = PartitionWriter(warehouse: warehouse)
        func partition(_ table: TableName, _ columns: [String], _ row: [SQLValue]) -> PartitionRows {
            PartitionRows(table: table, partition: "2026-01-16", columns: columns, rows: [row])
        }
        let summary = partition(TableName(.analytics, "player_game_summary"), ["game_id", "game_date", "player_lookup", "processed_at"],
                                [.text("g1"), .text("2026-01-16"), .text("lebronjames"), .text("2026-01-16T10:00:00Z")])
        let later = partition(summary.table, summary.columns,
                              [.text("g1"), .text("2026-01-16"), .text("lebronjames"), .text("2026-01-17T10:00:00Z")])
        _ = try writer.replace(summary, runID: "a", mode: .normal, loadedAt: "t")
        #expect(!(try writer.replace(later, runID: "b", mode: .normal, loadedAt: "t").unchanged), "processed_at moves on")
        let stamp = try warehouse.read { tx in try tx.scalar("SELECT processed_at FROM nba_analytics.player_game_summary") }
        #expect(stamp == .text("2026-01-17T10:00:00Z"))

        let predictions = partition(TableName(.predictions, "player_prop_predictions"),
                                    ["prediction_id", "system_id", "player_lookup", "game_date", "run_id"],
                                    [.text("p1"), .text("ensemble_v1"), .text("lebronjames"), .text("2026-01-16"), .text("run-1")])
        _ = try writer.replace(predictions, runID: "a", mode: .normal, loadedAt: "t")
        #expect(try writer.replace(predictions, runID: "b", mode: .normal, loadedAt: "t").unchanged)
        // A derived partition that comes out the same was still built after its newer input: it moves later in commit
        // order (only a raw reload keeps its place).
        let sequences = try warehouse.read { tx in
            try tx.query("SELECT load_seq FROM nba_predictions._loads ORDER BY load_id").rows.compactMap { $0[0].intValue }
        }
        #expect(sequences.count == 2 && sequences[1] > sequences[0])
        let changed = partition(predictions.table, predictions.columns,
                                [.text("p1"), .text("ensemble_v1"), .text("lebronjames"), .text("2026-01-16"), .text("run-2")])
        #expect(!(try writer.replace(changed, runID: "c", mode: .normal, loadedAt: "t").unchanged))
        let run = try warehouse.read { tx in try tx.scalar("SELECT run_id FROM nba_predictions.player_prop_predictions") }
        #expect(run == .text("run-2"))
    }
}

@Suite struct Hashing {
    @Test func sha256MatchesTheStandardVectors() {
        #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hex(String(repeating: "a", count: 1_000_000))
            == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// The content hash is recorded in every `_loads` row and compared on the next load: building it faster must not
    /// change it. The reference is the definition written out with strings.
    @Test func contentHashIsTheDefinedOne() {
        let table = TableName(.raw, "bdl_player_boxscores")
        let columns = ["game_date", "player_lookup", "points", "minutes", "note", "blob", "processed_at"]
        let rows: [[SQLValue]] = [
            [.text("2026-01-20"), .text("nikolajokic"), .integer(31), .real(36.5), .null, .blob([1, 2, 250]), .text("now")],
            [.text("2026-01-20"), .text("lukadončić"), .integer(-2), .real(0.1 + 0.2), .text("Jokić, \"ok\""), .null, .text("later")],
            [.text("2026-01-20"), .text("a"), .integer(Int64.max), .real(-1e300), .text(""), .blob([]), .null],
            [.text("2026-01-20"), .text("a"), .integer(Int64.min), .real(.nan), .text("日本"), .null, .null],
            [.text("2026-01-20"), .text("a"), .integer(0), .real(-0.0), .text("a\u{1f}b"), .blob([0, 9, 10, 255]), .null],
            [.text("2026-01-20"), .text("a"), .integer(0), .real(-0.0), .text("a\u{1f}b"), .blob([0, 9, 10, 255]), .text("twice")],
        ]
        func reference(_ rows: [[SQLValue]]) -> String {
            let kept = columns.indices.filter { columns[$0] != "processed_at" }
            let encoded = rows.map { row in
                kept.map { row[$0] }.map { value -> String in
                    switch value {
                    case .null: return "\u{0}N"
                    case .integer(let i): return "i\(i)"
                    case .real(let d): return "r\(d)"
                    case .text(let s): return "t" + s
                    case .blob(let b): return "b" + b.map(String.init).joined(separator: ",")
                    }
                }.joined(separator: "\u{1f}")
            }.sorted()
            var hasher = SHA256()
            hasher.update(kept.map { columns[$0] }.joined(separator: ","))
            for line in encoded {
                hasher.update("\u{1e}")
                hasher.update(line)
            }
            return hasher.finalizeHex()
        }
        let partition = PartitionRows(table: table, partition: "2026-01-20", columns: columns, rows: rows)
        #expect(partition.contentHash == reference(rows))
        #expect(partition.hashed().contentHash == reference(rows), "worked out ahead, the same hash")
        let shuffled = PartitionRows(table: table, partition: "2026-01-20", columns: columns, rows: rows.reversed())
        #expect(shuffled.contentHash == partition.contentHash, "row order does not count")
        var changed = rows
        changed[0][2] = .integer(32)
        #expect(PartitionRows(table: table, partition: "2026-01-20", columns: columns, rows: changed).contentHash != partition.contentHash)
        changed = rows
        changed[0][6] = .text("another time")
        #expect(PartitionRows(table: table, partition: "2026-01-20", columns: columns, rows: changed).contentHash == partition.contentHash,
                "bookkeeping columns do not count")
    }

    /// Fed in pieces of every size around the 64-byte block, from strings, arrays and lazy sequences, the digest is the
    /// one of the whole.
    @Test func piecesHashAsTheWhole() {
        let text = (0..<300).map { "row \($0) x|" }.joined()  // ASCII: a string piece must not split a character
        let whole = SHA256.hex(text)
        for size in [1, 7, 55, 56, 63, 64, 65, 128, 1000] {
            var hasher = SHA256()
            let bytes = Array(text.utf8)
            var start = 0, turn = 0
            while start < bytes.count {
                let end = min(bytes.count, start + size)
                switch turn % 3 {
                case 0: hasher.update(bytes[start..<end])
                case 1: hasher.update(String(decoding: bytes[start..<end], as: UTF8.self))
                default: hasher.update(bytes[start..<end].lazy.map { $0 })
                }
                start = end
                turn += 1
            }
            #expect(hasher.finalizeHex() == whole, "pieces of \(size)")
        }
    }
}

@Suite struct Days {
    @Test(arguments: ["2026-02-30", "2026-13-01", "2026-00-10", "2026-1-5", "26-01-05", "2026-01-32", "abcd-ef-gh", ""])
    func impossibleOrMalformedDatesAreRejected(_ text: String) {
        #expect(Day(text) == nil)
    }

    @Test func leapYearsAndArithmetic() throws {
        #expect(Day("2024-02-29") != nil)
        #expect(Day("2100-02-29") == nil)
        #expect(Day("2000-02-29") != nil)
        let day = try #require(Day("2026-01-30"))
        #expect(day.adding(days: 3).description == "2026-02-02")
        #expect(day.adding(days: -30).description == "2025-12-31")
        #expect(Day(ordinal: day.ordinal) == day)
        #expect(Day("1970-01-01")!.ordinal == 0)
        #expect(Day("2026-01-20")!.weekday == 2)  // a Tuesday
        #expect(DayRange(Day("2026-01-16")!, Day("2026-01-21")!)!.count == 6)
        #expect(DayRange(Day("2026-01-21")!, Day("2026-01-16")!) == nil)
    }
}
