import Foundation
import Testing
@testable import Pipeline
import Warehouse

/// A backfill builds a processor's next partition while writing its previous one. A processor that reads its own
/// earlier dates must still see each of them; a build that fails stops the backfill at that date, as before.
@Suite struct BuildAheadInBackfills {
    /// Writes one `bdl_injuries` row per date whose id is how many earlier dates it found in the table.
    struct EarlierDatesCounter: PartitionProcessor {
        let name = "EarlierDatesCounter"
        let phase = PipelinePhase.phase3
        let output = TableName(.raw, "bdl_injuries")
        let upstream: [TableName] = []
        let dependencies: [Dependency] = []
        let readsItsOwnEarlierPartitions: Bool
        var failOn: Day? = nil

        func build(_ date: Day, in tx: WarehouseTransaction, context: ProcessingContext) throws -> PartitionRows {
            if date == failOn { throw LakeReader.ReadError.unreadable("fixture/\(date)", "made to fail") }
            let earlier = try tx.scalar("SELECT COUNT(*) FROM nba_raw.bdl_injuries WHERE scrape_date < ?", [.text(date.description)]).intValue ?? -1
            return PartitionRows(table: output, partition: date.description, columns: ["scrape_date", "bdl_player_id"],
                                 rows: [[.text(date.description), .integer(Int64(earlier))]])
        }
    }

    let days = DayRange(Day("2026-01-01")!, Day("2026-01-12")!)!

    func run(_ processor: EarlierDatesCounter, _ warehouse: Warehouse) throws -> BackfillSummary {
        try Backfiller(warehouse: warehouse).run(days.map { PlannedPartition(processor: processor, date: $0, reason: .forced) },
                                                 context: Fixtures.context())
    }

    func ids(_ warehouse: Warehouse) throws -> [Int] {
        try warehouse.read { tx in
            try tx.query("SELECT bdl_player_id FROM nba_raw.bdl_injuries ORDER BY scrape_date").rows.map { $0[0].intValue ?? -1 }
        }
    }

    @Test func aProcessorReadingItsOwnDatesSeesEachOneWritten() throws {
        let warehouse = try Fixtures.warehouse()
        #expect(try run(EarlierDatesCounter(readsItsOwnEarlierPartitions: true), warehouse).built == 12)
        #expect(try ids(warehouse) == Array(0..<12))
    }

    @Test func aFailedBuildStopsTheBackfillAtItsDate() throws {
        let warehouse = try Fixtures.warehouse()
        var failing = EarlierDatesCounter(readsItsOwnEarlierPartitions: false)
        failing.failOn = Day("2026-01-05")
        #expect(throws: LakeReader.ReadError.self) { try run(failing, warehouse) }
        #expect(try ids(warehouse).count == 4, "Jan 1–4 written, nothing from Jan 5 on")
    }
}
