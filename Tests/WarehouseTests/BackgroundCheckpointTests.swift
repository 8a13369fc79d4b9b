import Foundation
import Testing
@testable import Warehouse

/// The write-ahead log is copied back into a dataset's file by the checkpoint thread, not by the committing writer
/// (whose automatic checkpoint the log-size hook replaces), and nothing written is lost on the way.
@Suite struct BackgroundCheckpoints {
    @Test func aLargeCommitIsCheckpointedOnAnotherThreadAndReadsBackWhole() throws {
        let warehouse = try makeWarehouse()
        let file = warehouse.directory + "/" + Dataset.raw.fileName
        func size(_ path: String) -> Int { (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0 }
        let before = size(file)
        // ~1,500 log pages in one commit: past the threshold, below the writer's own limit.
        let payload = String(repeating: "x", count: 1000)
        let rows = (0..<6000).map { [SQLValue.integer(Int64($0)), .text(payload)] }
        try warehouse.write { tx in
            try tx.execute("CREATE TABLE nba_raw.filler (n INTEGER, payload TEXT)")
            try tx.insertMany(into: "nba_raw.filler", columns: ["n", "payload"], rows)
        }
        let deadline = Date().addingTimeInterval(20)
        while warehouse.checkpointer.completed == 0 && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        #expect(warehouse.checkpointer.completed >= 1, "the checkpoint thread ran")
        #expect(size(file) > before + 5_000_000, "the rows reached the dataset file: \(before) → \(size(file)) bytes")
        let stored = try warehouse.read { try $0.scalar("SELECT COUNT(*) || ':' || SUM(LENGTH(payload)) FROM nba_raw.filler") }
        #expect(stored == .text("6000:6000000"))
        // A second process's view: a fresh warehouse object on the same files reads the same rows.
        let reopened = try Warehouse(directory: warehouse.directory)
        #expect(try reopened.read { try $0.scalar("SELECT COUNT(*) FROM nba_raw.filler") } == .integer(6000))

        // After a long build the logs are emptied, so the next process opens compact files.
        try warehouse.write { tx in try tx.execute("UPDATE nba_raw.filler SET n = n + 1 WHERE n < 100") }
        #expect(size(file + "-wal") > 0)
        try warehouse.checkpoint()
        for dataset in Dataset.allCases { #expect(size(warehouse.directory + "/" + dataset.fileName + "-wal") == 0, "\(dataset)") }
        #expect(try reopened.read { try $0.scalar("SELECT SUM(n) FROM nba_raw.filler") } == .integer(Int64(5999 * 6000 / 2 + 100)))
    }
}
