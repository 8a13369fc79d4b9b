import CSQLite
import Foundation
import GRDB

/// Copies the write-ahead logs back into the dataset files on a thread of its own. SQLite's automatic checkpoint runs
/// inside the commit that crosses the threshold, on the writing thread, and ends in two `fdatasync`s: on disk that
/// was ~0.9 s of a demo build's critical path (444 checkpoints, every one on the thread that writes). The writer's
/// connection reports each commit's log size (`sqlite3_wal_hook`, which replaces the automatic checkpoint); past the
/// same threshold this thread runs a PASSIVE checkpoint of that dataset on its own connection — never blocking the
/// writer or a reader — while the writer goes on. Durability is unchanged: commits are not synced (WAL with
/// `synchronous = NORMAL`), checkpoints are, and a process killed in the middle of one leaves a log SQLite completes
/// on the next open. A log the writer keeps appending to is only rewound when a writer finds it wholly copied back,
/// which a checkpoint on another thread seldom leaves it: past `inlineLimit` pages the writer checkpoints itself (only
/// the tail the background has not copied yet), so the log restarts and stays bounded (~32 MB a dataset).
final class BackgroundCheckpointer: @unchecked Sendable {
    /// Log pages (4 KB) past the last request before another: SQLite's default automatic checkpoint.
    static let threshold: Int32 = 1000
    static let inlineLimit: Int32 = 8000

    private let directory: String
    private let condition = NSCondition()
    private var pending: [String] = []
    private var requestedAt: [String: Int32] = [:]
    private var running = false
    private var stopped = false
    /// Checkpoints this thread has run (for tests).
    private var checkpointsRun = 0
    var completed: Int { condition.lock(); defer { condition.unlock() }; return checkpointsRun }

    init(directory: String) { self.directory = directory }

    /// Installs the log-size hook on a writing connection. The hook holds the checkpointer for the connection's life.
    func install(on db: Database) {
        guard let connection = db.sqliteConnection else { return }
        let context = Unmanaged.passRetained(self).toOpaque()
        _ = sqlite3_wal_hook(connection, { context, connection, schema, pages in
            guard let context, let schema else { return SQLITE_OK }
            if pages >= BackgroundCheckpointer.inlineLimit {
                _ = sqlite3_wal_checkpoint_v2(connection, schema, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
                return SQLITE_OK
            }
            Unmanaged<BackgroundCheckpointer>.fromOpaque(context).takeUnretainedValue().committed(schema: String(cString: schema), pages: pages)
            return SQLITE_OK
        }, context)
    }

    /// Called after every commit with the log's size in pages; asks for a checkpoint each `threshold` new pages (a
    /// smaller size than last time means the writer restarted the log after a complete checkpoint).
    private func committed(schema: String, pages: Int32) {
        condition.lock()
        defer { condition.unlock() }
        guard !stopped else { return }
        let last = requestedAt[schema].map { pages < $0 ? 0 : $0 } ?? 0
        guard pages - last >= Self.threshold else {
            requestedAt[schema] = last
            return
        }
        requestedAt[schema] = pages
        if !pending.contains(schema) { pending.append(schema) }
        if !running {
            running = true
            let thread = Thread { [self] in work() }
            thread.name = "wal-checkpoints"
            thread.start()
        }
        condition.signal()
    }

    func stop() {
        condition.lock()
        stopped = true
        condition.signal()
        condition.unlock()
    }

    private func work() {
        // Its own connection with every dataset attached, as the writer's (the hook is never installed on it).
        let queue = try? DatabaseQueue(path: directory + "/" + Warehouse.catalogueFile,
                                       configuration: Warehouse.configuration(directory: directory, readonly: false))
        while true {
            condition.lock()
            while pending.isEmpty && !stopped { condition.wait() }
            if stopped {
                running = false
                condition.unlock()
                return
            }
            let schema = pending.removeFirst()
            condition.unlock()
            // BUSY (another checkpoint under way, e.g. another process's) is fine: the next request tries again.
            _ = try? queue?.writeWithoutTransaction { try $0.checkpoint(.passive, on: schema) }
            condition.lock()
            checkpointsRun += 1
            condition.unlock()
        }
    }
}
