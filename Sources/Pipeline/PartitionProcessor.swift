import Warehouse

/// The phases a backfill can rebuild, in dependency order.
public enum PipelinePhase: String, CaseIterable, Sendable, Comparable {
    case phase2, phase3, phase4, phase5, grading

    public static func < (a: PipelinePhase, b: PipelinePhase) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// Which of an upstream table's dates a processor's build for date D reads, so that only loads of those dates make
/// the partition stale: D's own partition, D's and every earlier one, or only earlier ones (a season's history).
public enum ReadWindow: Sendable {
    case sameDate, throughDate, beforeDate
}

/// What every processor run knows besides its date.
public struct ProcessingContext: Sendable {
    public let runID: String
    /// The runtime clock's instant, as written into `processed_at` and `_loads.loaded_at`.
    public let processedAt: String
    public let mode: LoadMode
    /// The warehouse's lake, which Phase 2 reads.
    public var lakeDirectory: String?

    public init(runID: String, processedAt: String, mode: LoadMode, lakeDirectory: String? = nil) {
        self.runID = runID
        self.processedAt = processedAt
        self.mode = mode
        self.lakeDirectory = lakeDirectory
    }
}

/// A processor is a pure transform: it reads upstream partitions inside the transaction it is given and returns one
/// partition of its output table. The caller writes it (PartitionWriter) in the same transaction.
public protocol PartitionProcessor: Sendable {
    var name: String { get }
    var phase: PipelinePhase { get }
    var output: TableName { get }
    /// Tables whose newer loads make this processor's partitions stale.
    var upstream: [TableName] { get }
    /// Which dates of an upstream table a build reads (by default D's own, and for Phase 4 and later D's and every
    /// earlier date of the analytics and precompute tables they take history from).
    func window(of upstream: TableName) -> ReadWindow
    /// Freshness requirements checked before a normal-mode run (none by default; see DependencyCheck).
    var dependencies: [Dependency] { get }
    /// True when building a date reads what this processor wrote for other dates (rosters: when each player was first
    /// seen). Only such a processor's partitions must wait for the write before them; the others are built ahead on
    /// another thread (`Backfiller`). Every `build` only reads.
    var readsItsOwnEarlierPartitions: Bool { get }
    /// Every table `build` may read, whatever the data (nil: not declared, so its builds never overlap a write). A
    /// build that reads none of the tables the writes before it make can be built alongside them and give the same
    /// rows (`Backfiller`, the runtime's services). A test holds each processor's declaration to the statements it
    /// runs on a scraped warehouse.
    var reads: Set<TableName>? { get }
    func build(_ date: Day, in tx: WarehouseTransaction, context: ProcessingContext) throws -> PartitionRows
}

extension PartitionProcessor {
    public var readsItsOwnEarlierPartitions: Bool { false }
    public var reads: Set<TableName>? { nil }

    public func window(of upstream: TableName) -> ReadWindow {
        (phase == .phase4 || phase == .phase5) && (upstream.dataset == .analytics || upstream.dataset == .precompute) ? .throughDate : .sameDate
    }

    /// Whether this build may run while the given writes are not yet committed: it reads none of their tables.
    public func canBuild(aheadOf pendingWrites: some Sequence<TableName>) -> Bool {
        guard let reads else { return false }
        return !pendingWrites.contains(where: reads.contains)
    }
}

/// What a build's inputs were when it read them: the newest load (in commit order) of every table the processor
/// declares it reads, and the catalogue's count of ad-hoc writes. A partition built ahead, outside the transaction that
/// writes it, is used only if its inputs are still at this version there (the write transaction holds the warehouse's
/// write lock, so nothing can commit in between); any other process's load of one of them since makes it build again.
public struct InputVersion: Equatable, Sendable {
    let newestLoads: [Int64?]
    let adHocWrites: String

    /// Nil when the processor does not declare its reads. Its own table counts by the date's partition alone unless it
    /// reads its other dates: the predictions read the date's earlier versions, and the run before them in a backfill
    /// writes another date.
    public static func of(_ processor: any PartitionProcessor, date: Day, _ tx: WarehouseTransaction) throws -> InputVersion? {
        guard let reads = processor.reads else { return nil }
        // One table at a time: SQLite answers MAX over an index prefix (`_loads_order`) with one step down it.
        let newest = try reads.sorted { $0.description < $1.description }.map { table in
            let loads = "\(table.dataset.rawValue)._loads"
            if table == processor.output && !processor.readsItsOwnEarlierPartitions {
                return try tx.scalar("SELECT MAX(load_seq) FROM \(loads) WHERE table_name = ? AND partition_date = ?",
                                     [.text(table.table), .text(date.description)]).intValue.map(Int64.init)
            }
            return try tx.scalar("SELECT MAX(load_seq) FROM \(loads) WHERE table_name = ?", [.text(table.table)]).intValue.map(Int64.init)
        }
        return InputVersion(newestLoads: newest, adHocWrites: try LoadedPartitions.adHocWrites(tx))
    }
}

/// One row of a query, its values looked up by column name through the position map its table shares.
struct Record {
    let values: [SQLValue]
    let positions: [String: Int]

    subscript(_ column: String) -> SQLValue? { positions[column].map { values[$0] } }
}

extension ResultTable {
    /// Rows by column name, for processors that read a few columns of a query (one name map for the whole table, not
    /// a dictionary per row).
    var records: [Record] {
        let positions = Dictionary(columns.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        return rows.map { Record(values: $0, positions: positions) }
    }
}

/// Rounds for storage so that re-derived content hashes identically across runs and machines.
func rounded(_ value: Double?, _ places: Int = 4) -> SQLValue {
    guard let value, value.isFinite else { return .null }
    let scale = pow10(places)
    return .real((value * scale).rounded() / scale)
}

private func pow10(_ n: Int) -> Double { (0..<n).reduce(1.0) { acc, _ in acc * 10 } }
