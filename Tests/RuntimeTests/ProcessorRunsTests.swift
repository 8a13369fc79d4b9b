import Foundation
import Testing
import Pipeline
@testable import Runtime
import Warehouse

/// A service's runs built ahead of their turn come out as if run one by one: a run that reads what an earlier one
/// writes waits for it, one that reads nothing pending is built ahead, and one whose turn comes at another instant is
/// built again with that instant.
@Suite struct ProcessorRunsAhead {
    /// One `bdl_injuries` row for its date whose id counts the rows of earlier dates it saw (`reads` the table), or a
    /// fixed id when it reads nothing.
    struct InjuryCounter: PartitionProcessor {
        let name: String
        let phase = PipelinePhase.phase3
        let output = TableName(.raw, "bdl_injuries")
        let upstream: [TableName] = []
        let dependencies: [Dependency] = []
        let readsTable: Bool
        var reads: Set<TableName>? { readsTable ? [output] : [] }

        func build(_ date: Day, in tx: WarehouseTransaction, context: ProcessingContext) throws -> PartitionRows {
            let id = readsTable
                ? try tx.scalar("SELECT COUNT(*) FROM nba_raw.bdl_injuries WHERE scrape_date < ?", [.text(date.description)]).intValue ?? -1
                : 99
            return PartitionRows(table: output, partition: date.description, columns: ["scrape_date", "bdl_player_id", "processed_at"],
                                 rows: [[.text(date.description), .integer(Int64(id)), .text(context.processedAt)]])
        }
    }

    func rows(_ rt: PipelineRuntime) throws -> [[SQLValue]] {
        try rt.warehouse.read { tx in
            try tx.query("SELECT scrape_date, bdl_player_id, processed_at FROM nba_raw.bdl_injuries ORDER BY scrape_date").rows
        }
    }

    @Test func aRunReadingAnEarlierRunsTableSeesItsWrite() throws {
        let rt = try bareRuntime()
        let items: [ProcessorRuns.Item] = [
            .init(processor: InjuryCounter(name: "first", readsTable: true), date: Day("2026-01-10")!),
            .init(processor: InjuryCounter(name: "second", readsTable: true), date: Day("2026-01-11")!),
            .init(processor: InjuryCounter(name: "fixed", readsTable: false), date: Day("2026-01-12")!),
            .init(processor: InjuryCounter(name: "third", readsTable: true), date: Day("2026-01-13")!),
        ]
        let runs = ProcessorRuns(rt.runner, items, correlationID: "c", trigger: "test")
        let outcomes = items.indices.map { runs.run($0) }
        #expect(outcomes.allSatisfy { $0.succeeded })
        #expect(try rows(rt).map { $0[1].intValue } == [0, 1, 99, 3], "each counting run saw every write before it")
    }

    @Test func aRunWhoseTurnComesLaterIsBuiltWithItsOwnInstant() throws {
        let rt = try bareRuntime("2026-01-15T03:00:00Z")
        let items: [ProcessorRuns.Item] = [
            .init(processor: InjuryCounter(name: "first", readsTable: false), date: Day("2026-01-10")!),
            .init(processor: InjuryCounter(name: "second", readsTable: false), date: Day("2026-01-11")!),
        ]
        let runs = ProcessorRuns(rt.runner, items, correlationID: "c", trigger: "test")
        let first = runs.run(0)  // builds the second ahead, at 03:00
        (rt.clock as! VirtualClock).advance(by: 60)
        let second = runs.run(1)
        #expect(first.succeeded && second.succeeded)
        #expect(try rows(rt).map { $0[2].stringValue } == ["2026-01-15T03:00:00.000Z", "2026-01-15T03:01:00.000Z"])
        #expect(first.runID != second.runID)
    }

    /// Counts the schedule's rows into its `bdl_injuries` row (reads only the schedule).
    struct ScheduleCounter: PartitionProcessor {
        let name = "ScheduleCounter"
        let phase = PipelinePhase.phase3
        let output = TableName(.raw, "bdl_injuries")
        let upstream: [TableName] = []
        let dependencies: [Dependency] = []
        var reads: Set<TableName>? { [TableName(.raw, "nbac_schedule")] }

        func build(_ date: Day, in tx: WarehouseTransaction, context: ProcessingContext) throws -> PartitionRows {
            let count = try tx.scalar("SELECT COUNT(*) FROM nba_raw.nbac_schedule").intValue ?? -1
            return PartitionRows(table: output, partition: date.description, columns: ["scrape_date", "bdl_player_id", "processed_at"],
                                 rows: [[.text(date.description), .integer(Int64(count)), .text(context.processedAt)]])
        }
    }

    /// Another process loads a table a build made ahead had read: at its turn the build is made again, from what is
    /// there now.
    @Test func aBuildWhoseInputsAnotherProcessLoadedIsMadeAgain() throws {
        let rt = try bareRuntime()
        let items: [ProcessorRuns.Item] = [
            .init(processor: InjuryCounter(name: "first", readsTable: false), date: Day("2026-01-10")!),
            .init(processor: ScheduleCounter(), date: Day("2026-01-11")!),
        ]
        let runs = ProcessorRuns(rt.runner, items, correlationID: "c", trigger: "test")
        #expect(runs.run(0).succeeded)  // builds the schedule counter ahead: no schedule yet
        runs.waitForBuildsAhead()
        let other = try Warehouse(directory: rt.warehouse.directory)
        try PartitionWriter(warehouse: other).replace(
            PartitionRows(table: TableName(.raw, "nbac_schedule"), partition: "2026-01-11", columns: ["game_date", "game_id"],
                          rows: [[.text("2026-01-11"), .text("0022500600")]]),
            runID: "other-process", mode: .manual, loadedAt: "2026-01-15T03:00:00.000Z")
        #expect(runs.run(1).succeeded)
        #expect(try rows(rt).map { $0[1].intValue } == [99, 1], "the counter saw the schedule the other process loaded")
    }
}
