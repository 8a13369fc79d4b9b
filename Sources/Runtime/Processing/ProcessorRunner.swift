import Foundation
import Pipeline
import Warehouse

/// Runs one processor for one date as a service would: dependency checks (skipped in backfill mode), the partition
/// write in one transaction, a `runs` row with its correlation id, and the processor's breaker. Failures are values.
public struct ProcessorRunner: Sendable {
    public struct Outcome: Sendable {
        public let processor: String
        public let table: String
        public let date: Day
        public let runID: String
        public let rows: Int
        public let status: String
        public let error: String?
        public let warnings: [String]
        /// The partition's content was the same as its last load, so nothing was rewritten.
        public var unchanged = false
        public var succeeded: Bool { status == "success" }
    }

    let warehouse: Warehouse
    let clock: any RuntimeClock
    let breakers: CircuitBreakers
    let log: RuntimeLog
    let faults: RuntimeFaults

    /// A run's id and context at an instant: what a build made ahead of its turn was made with.
    func context(_ processor: any PartitionProcessor, date: Day, correlationID: String, mode: LoadMode, at started: Date)
        -> ProcessingContext
    {
        let runID = "run-" + String(SHA256.hex("\(processor.name)|\(date)|\(PipelineCalendar.timestamp(started))|\(correlationID)").prefix(10))
        return ProcessingContext(runID: runID, processedAt: PipelineCalendar.timestamp(started), mode: mode,
                                 lakeDirectory: warehouse.lakeDirectory)
    }

    /// `prebuilt`: the partition built ahead (`ProcessorRuns`); used when it was built with this run's context (the
    /// clock has not moved since), else built again here.
    public func run(_ processor: any PartitionProcessor, date: Day, correlationID: String, trigger: String,
                    backfillMode: Bool = false, mode: LoadMode? = nil, prebuilt: PrebuiltPartition? = nil) -> Outcome {
        let mode = mode ?? (backfillMode ? .backfill : .normal)
        let started = clock.now
        let context = context(processor, date: date, correlationID: correlationID, mode: mode, at: started)
        let runID = context.runID
        let ahead = prebuilt.flatMap { $0.context.runID == runID && $0.context.mode == mode ? $0.build : nil }
        let table = processor.output.description
        guard breakers.allows("processor", processor.name) else {
            let message = "circuit open for \(processor.name) after \(CircuitBreakers.threshold) failures; retried after it half-opens"
            record(runID, processor, date, correlationID, trigger, backfillMode, started, "skipped", 0, message)
            return Outcome(processor: processor.name, table: table, date: date, runID: runID, rows: 0, status: "skipped",
                           error: message, warnings: [])
        }
        do {
            try faults.check("processor:\(processor.name)", date: date)
            let (load, warnings) = try warehouse.write { tx -> (LoadRecord, [String]) in
                let warnings = mode != .normal ? [] : try DependencyCheck.run(processor, date: date, processedAt: context.processedAt, tx)
                let output = try ahead?.result(in: tx) ?? processor.build(date, in: tx, context: context)
                return (try PartitionWriter.replace(output, in: tx, runID: runID, mode: context.mode, loadedAt: context.processedAt,
                                                    skipIfUnchanged: processor.phase == .phase2), warnings)
            }
            breakers.record("processor", processor.name, success: true)
            record(runID, processor, date, correlationID, trigger, backfillMode, started, "success", load.rowCount, nil)
            for warning in warnings { log.warning(processor.name, warning, correlationID: correlationID, gameDate: date.description) }
            return Outcome(processor: processor.name, table: table, date: date, runID: runID, rows: load.rowCount,
                           status: "success", error: nil, warnings: warnings, unchanged: load.unchanged)
        } catch {
            let message = String(describing: error)
            breakers.record("processor", processor.name, success: false, error: message)
            record(runID, processor, date, correlationID, trigger, backfillMode, started, "failed", 0, message)
            log.error(processor.name, "\(date): \(message)", correlationID: correlationID, gameDate: date.description)
            return Outcome(processor: processor.name, table: table, date: date, runID: runID, rows: 0, status: "failed",
                           error: message, warnings: [])
        }
    }

    private func record(_ runID: String, _ processor: any PartitionProcessor, _ date: Day, _ correlationID: String,
                        _ trigger: String, _ backfill: Bool, _ started: Date, _ status: String, _ rows: Int, _ error: String?) {
        try? warehouse.write { tx in
            try tx.execute("""
                INSERT OR REPLACE INTO nba_orchestration.runs (run_id, kind, processor_name, phase, game_date, correlation_id,
                  trigger_source, backfill_mode, status, started_at, finished_at, duration_ms, rows_written, error_message)
                VALUES (?, 'processor', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, [.text(runID), .text(processor.name), .text(processor.phase.rawValue), .text(date.description),
                      .text(correlationID), .text(trigger), .integer(backfill ? 1 : 0), .text(status),
                      .text(PipelineCalendar.timestamp(started)), .text(PipelineCalendar.timestamp(clock.now)),
                      .real(clock.now.timeIntervalSince(started) * 1000), .integer(Int64(rows)), SQLValue(error)])
        }
    }
}

/// A partition being built ahead of its run, and the context it is built with.
public struct PrebuiltPartition: Sendable {
    let context: ProcessingContext
    let build: BuildAhead
}
