import Foundation
import SourceFormats
import Warehouse

/// What a backfill was asked to do.
public struct BackfillRequest: Sendable {
    public let phase: PipelinePhase
    public let range: DayRange
    /// Continue downstream through this phase (inclusive); nil means only `phase`.
    public let through: PipelinePhase?
    /// Skip partitions that are already loaded and not stale.
    public let onlyMissing: Bool
    /// Partitions a caller cannot build (self-heal: no summaries for unplayed games) are left out of the plan, so
    /// they make nothing downstream look stale either.
    public let include: (@Sendable (any PartitionProcessor, Day, WarehouseTransaction) -> Bool)?

    public init(phase: PipelinePhase, range: DayRange, through: PipelinePhase?, onlyMissing: Bool,
                include: (@Sendable (any PartitionProcessor, Day, WarehouseTransaction) -> Bool)? = nil) {
        self.phase = phase
        self.range = range
        self.through = through
        self.onlyMissing = onlyMissing
        self.include = include
    }

    public var phases: [PipelinePhase] {
        PipelinePhase.allCases.filter { $0 >= phase && $0 <= max(phase, through ?? phase) }
    }
}

public enum BackfillError: Error, Equatable, Sendable, CustomStringConvertible {
    case phaseNotRebuildable(PipelinePhase, String)
    case throughBeforePhase(PipelinePhase, PipelinePhase)

    public var description: String {
        switch self {
        case .phaseNotRebuildable(let phase, let why): return "\(phase.rawValue) cannot be backfilled yet: \(why)"
        case .throughBeforePhase(let phase, let through):
            return "--through \(through.rawValue) comes before \(phase.rawValue); --through names a later phase"
        }
    }
}

/// One partition the backfill will build, and why.
public struct PlannedPartition: Sendable {
    public enum Reason: String, Sendable { case missing, stale, forced }
    public let processor: any PartitionProcessor
    public let date: Day
    public let reason: Reason
}

public struct BackfillSummary: Sendable {
    public let runID: String
    public let planned: Int
    public let built: Int
    public let rows: Int
    public let unchanged: Int
    public let perTable: [(table: String, partitions: Int, rows: Int)]
    public let interrupted: Bool
    /// Dependency warnings (normal mode only; backfill mode skips the checks).
    public let warnings: [String]
}

/// Plans and runs backfills: only what is asked for (and what depends on it, with --through), one date-partition per
/// transaction, phase by phase so that later phases see the finished earlier ones.
public struct Backfiller: Sendable {
    public let warehouse: Warehouse

    public init(warehouse: Warehouse) { self.warehouse = warehouse }

    public func plan(_ request: BackfillRequest) throws -> [PlannedPartition] {
        if let through = request.through, through < request.phase {
            throw BackfillError.throughBeforePhase(request.phase, through)
        }
        let lake = LakeReader(root: warehouse.lakeDirectory)
        return try warehouse.read { tx in
            var scheduled = try tx.query("""
                SELECT DISTINCT game_date FROM nba_raw.nbac_schedule WHERE game_date BETWEEN ? AND ? ORDER BY game_date
                """, [.text(request.range.first.description), .text(request.range.last.description)])
                .rows.compactMap { $0[0].stringValue.flatMap(Day.init) }
            var planned: [PlannedPartition] = []
            for phase in request.phases {
                for processor in PipelineRegistry.processors(for: phase) {
                    if let raw = processor as? any RawProcessor {
                        planned += try Self.planRaw(raw, lake: lake, request: request, tx)
                            .filter { request.include?($0.processor, $0.date, tx) ?? true }
                        continue
                    }
                    let own = try Self.loadOrder(of: processor.output, tx)
                    // Each upstream table counts over the dates the build reads of it (`ReadWindow`): a later load of
                    // one of those dates, or a rebuild of one in this same run, makes the partition stale.
                    let edges = try processor.upstream.map { table in
                        try UpstreamEdge(window: processor.window(of: table), loads: Self.loadOrder(of: table, tx),
                                         rebuilt: planned.filter { $0.processor.output == table }.map(\.date))
                    }
                    for date in scheduled where request.include?(processor, date, tx) ?? true {
                        let reason: PlannedPartition.Reason
                        if let loaded = own[date.description] {
                            let newer = edges.contains { $0.isNewer(than: loaded, for: date) }
                            if newer { reason = .stale } else if request.onlyMissing { continue } else { reason = .forced }
                        } else {
                            reason = .missing
                        }
                        planned.append(PlannedPartition(processor: processor, date: date, reason: reason))
                    }
                }
                // A schedule this run loads from the lake adds its dates to what later phases build.
                if phase == .phase2 {
                    let loaded = planned.filter { $0.processor is ScheduleRawProcessor }.map(\.date)
                    scheduled = Array(Set(scheduled + loaded)).sorted()
                }
            }
            return planned
        }
    }

    /// Phase 2 builds the dates the lake has files for; a loaded partition is stale when the lake has a file newer
    /// than its load.
    static func planRaw(_ processor: any RawProcessor, lake: LakeReader, request: BackfillRequest,
                        _ tx: WarehouseTransaction) throws -> [PlannedPartition] {
        let own = try loads(of: processor.output, tx)
        let newestSchedule = processor is ScheduleRawProcessor ? lake.newestScheduleStamp() : nil
        return try processor.availableDates(lake, in: request.range).compactMap { date in
            guard let loaded = own[date.description] else { return PlannedPartition(processor: processor, date: date, reason: .missing) }
            let newest = newestSchedule ?? lake.names(processor.lakeInput, date.description).last.flatMap(LakeLayout.instant(fromStamp:))
            if let newest, newest.replacingOccurrences(of: "Z", with: ".000Z") > loaded {
                return PlannedPartition(processor: processor, date: date, reason: .stale)
            }
            return request.onlyMissing ? nil : PlannedPartition(processor: processor, date: date, reason: .forced)
        }
    }

    /// The latest load of each partition of a table, in commit order (`load_seq`): what "loaded later" means between
    /// tables, whichever process and clock loaded them.
    static func loadOrder(of table: TableName, _ tx: WarehouseTransaction) throws -> [String: Int64] {
        let rows = try tx.query("""
            SELECT partition_date, MAX(load_seq) FROM \(table.dataset.rawValue)._loads WHERE table_name = ? GROUP BY partition_date
            """, [.text(table.table)]).rows
        return Dictionary(uniqueKeysWithValues: rows.compactMap { row in
            row[0].stringValue.map { ($0, row[1].intValue.map(Int64.init) ?? Int64.min) }
        })
    }

    /// For each partition date of the given tables, the newest load of that date or any earlier one (sorted dates
    /// with a running maximum).
    static func newestLoadUpTo(_ tables: [[String: Int64]]) -> [(date: String, newest: Int64)] {
        var merged: [String: Int64] = [:]
        for table in tables { for (date, seq) in table { merged[date] = max(merged[date] ?? Int64.min, seq) } }
        var running = Int64.min
        return merged.keys.sorted().map { date in
            running = max(running, merged[date]!)
            return (date, running)
        }
    }

    /// The running maximum at the last date on or before `date`.
    static func lookup(_ history: [(date: String, newest: Int64)], upTo date: String) -> Int64? {
        var low = 0, high = history.count
        while low < high {
            let middle = (low + high) / 2
            if history[middle].date <= date { low = middle + 1 } else { high = middle }
        }
        return low == 0 ? nil : history[low - 1].newest
    }

    /// Latest `loaded_at` per partition of a table (compared with the lake's file times, which are clock times).
    static func loads(of table: TableName, _ tx: WarehouseTransaction) throws -> [String: String] {
        let rows = try tx.query("""
            SELECT partition_date, MAX(loaded_at) FROM \(table.dataset.rawValue)._loads WHERE table_name = ? GROUP BY partition_date
            """, [.text(table.table)]).rows
        return Dictionary(uniqueKeysWithValues: rows.compactMap { row in row[0].stringValue.map { ($0, row[1].stringValue ?? "") } })
    }

    /// Builds the planned partitions in order. `progress` is called after each; `isCancelled` is checked between
    /// partitions, so a cancellation never leaves a half-written one.
    public func run(_ plan: [PlannedPartition], context: ProcessingContext,
                    progress: (_ done: Int, _ total: Int, _ partition: PlannedPartition) -> Void = { _, _, _ in },
                    isCancelled: () -> Bool = { false }) throws -> BackfillSummary {
        var built = 0, rows = 0, unchanged = 0
        var perTable: [String: (partitions: Int, rows: Int)] = [:]
        var order: [String] = []
        var interrupted = false
        var warnings: [String] = []
        var context = context
        if context.lakeDirectory == nil { context.lakeDirectory = warehouse.lakeDirectory }
        // A processor's next partitions are built (and their content hashed) on other threads, each in a read
        // transaction, while its previous one is written, so building and writing overlap on two cores; two builds
        // ahead keep both cores busy when a processor builds slower than it writes. Writes stay one at a time, in
        // plan order. Only the same processor's partitions overlap: everything upstream of it is already committed,
        // and a processor that reads its own other dates never overlaps.
        let buildsAhead = 2
        let overlaps = { (index: Int) -> Bool in
            index > 0 && index < plan.count && plan[index].processor.name == plan[index - 1].processor.name
                && !plan[index].processor.readsItsOwnEarlierPartitions
        }
        var ahead: [Int: BuildAhead] = [:]
        defer { for build in ahead.values { try? build.wait() } }  // never leave a build running past the backfill
        for (index, partition) in plan.enumerated() {
            if isCancelled() { interrupted = true; break }
            let current = ahead.removeValue(forKey: index)
            var next = index + 1
            while next <= index + buildsAhead, overlaps(next) {
                if ahead[next] == nil {
                    let (planned, processor) = (plan[next], plan[next].processor)
                    ahead[next] = BuildAhead(processor, date: planned.date, context: context, warehouse: warehouse)
                }
                next += 1
            }
            let record = try warehouse.write { tx in
                if context.mode != .backfill {
                    warnings += try DependencyCheck.run(partition.processor, date: partition.date, processedAt: context.processedAt, tx)
                }
                let output = try current?.result(in: tx) ?? partition.processor.build(partition.date, in: tx, context: context)
                // Raw partitions whose content did not change are not rewritten (the scrape found nothing new).
                return try PartitionWriter.replace(output, in: tx, runID: context.runID, mode: context.mode,
                                                   loadedAt: context.processedAt,
                                                   skipIfUnchanged: partition.processor.phase == .phase2)
            }
            built += 1
            rows += record.rowCount
            if record.unchanged { unchanged += 1 }
            let name = record.table.description
            if perTable[name] == nil { order.append(name) }
            perTable[name, default: (0, 0)].partitions += 1
            perTable[name, default: (0, 0)].rows += record.rowCount
            progress(built, plan.count, partition)
        }
        try warehouse.write { tx in
            try tx.execute("""
                INSERT INTO nba_orchestration.runs (run_id, kind, processor_name, phase, game_date, trigger_source, backfill_mode,
                  status, started_at, finished_at, rows_written, details)
                VALUES (?, 'backfill', 'backfill', ?, ?, 'manual_backfill', 1, ?, ?, ?, ?, ?)
                ON CONFLICT(run_id) DO UPDATE SET status = excluded.status, rows_written = excluded.rows_written
                """, [.text(context.runID), SQLValue(plan.first?.processor.phase.rawValue), SQLValue(plan.first?.date.description),
                      .text(interrupted ? "interrupted" : "success"), .text(context.processedAt), .text(context.processedAt),
                      .integer(Int64(rows)), .text("{\"planned\":\(plan.count),\"built\":\(built)}")])
        }
        return BackfillSummary(runID: context.runID, planned: plan.count, built: built, rows: rows, unchanged: unchanged,
                               perTable: order.map { ($0, perTable[$0]!.partitions, perTable[$0]!.rows) },
                               interrupted: interrupted, warnings: warnings)
    }
}

/// One upstream table of a processor as the planner sees it: its loads in commit order and the dates this run rebuilds,
/// over the dates the processor's build reads of it.
struct UpstreamEdge {
    let window: ReadWindow
    let loads: [String: Int64]
    /// For the windows over earlier dates: the newest load of each date or any before it.
    let history: [(date: String, newest: Int64)]
    let rebuilt: Set<Day>
    let earliestRebuilt: Day?

    init(window: ReadWindow, loads: [String: Int64], rebuilt: [Day]) {
        self.window = window
        self.loads = loads
        history = window == .sameDate ? [] : Backfiller.newestLoadUpTo([loads])
        self.rebuilt = Set(rebuilt)
        earliestRebuilt = rebuilt.min()
    }

    func isNewer(than loaded: Int64, for date: Day) -> Bool {
        switch window {
        case .sameDate:
            return rebuilt.contains(date) || (loads[date.description] ?? Int64.min) > loaded
        case .throughDate:
            return earliestRebuilt.map { $0 <= date } ?? false
                || (Backfiller.lookup(history, upTo: date.description) ?? Int64.min) > loaded
        case .beforeDate:
            return earliestRebuilt.map { $0 < date } ?? false
                || (Backfiller.lookup(history, upTo: date.adding(days: -1).description) ?? Int64.min) > loaded
        }
    }
}

/// One partition being built on a background thread, in its own read transaction, with the version of the inputs it
/// read (`InputVersion`); `result(in:)` waits for it and hands it over only if the inputs are still at that version in
/// the writing transaction (else nil: build it there).
public final class BuildAhead: @unchecked Sendable {
    private var outcome: Result<(rows: PartitionRows, inputs: InputVersion?), Error>?
    private let finished = DispatchSemaphore(value: 0)
    private let processor: any PartitionProcessor
    private let date: Day

    public init(_ processor: any PartitionProcessor, date: Day, context: ProcessingContext, warehouse: Warehouse) {
        self.processor = processor
        self.date = date
        DispatchQueue.global(qos: .userInitiated).async {
            self.outcome = Result {
                try warehouse.read { tx in
                    (try processor.build(date, in: tx, context: context).hashed(), try InputVersion.of(processor, date: date, tx))
                }
            }
            self.finished.signal()
        }
    }

    /// Waits for the build (so none is left running); an error it met is thrown.
    public func wait() throws { _ = try built() }

    private func built() throws -> (rows: PartitionRows, inputs: InputVersion?) {
        finished.wait()
        finished.signal()  // a second wait (the deferred one) returns at once
        return try outcome!.get()
    }

    public func result(in tx: WarehouseTransaction) throws -> PartitionRows? {
        let built = try built()
        guard let inputs = built.inputs else { return built.rows }  // undeclared reads: the caller vouches (own dates only)
        return try InputVersion.of(processor, date: date, tx) == inputs ? built.rows : nil
    }
}
