import Foundation
import Testing
@testable import Warehouse

@Suite struct WarehouseFingerprints {
    func insert(_ warehouse: Warehouse, _ rows: [(Int, String, String)]) throws {
        try warehouse.write { tx in
            for (id, status, processed) in rows {
                try tx.execute("""
                    INSERT INTO nba_raw.bdl_injuries (scrape_date, bdl_player_id, player_full_name, injury_status, processed_at)
                    VALUES ('2026-01-20', ?, 'A Player', ?, ?)
                    """, [.integer(Int64(id)), .text(status), .text(processed)])
            }
        }
    }

    @Test func theSameRowsWrittenInAnotherOrderGiveTheSameLines() throws {
        let a = try makeWarehouse(), b = try makeWarehouse()
        try insert(a, [(1, "Out", "t1"), (2, "Day-To-Day", "t1")])
        try insert(b, [(2, "Day-To-Day", "t1"), (1, "Out", "t1")])
        let fa = try a.read { try WarehouseFingerprint.of($0) }, fb = try b.read { try WarehouseFingerprint.of($0) }
        #expect(fa == fb)
        #expect(fa.tables.count == SchemaCatalog.tables.count)
        #expect(fa.tables.contains { $0.hasPrefix("nba_raw.bdl_injuries 2 ") })
    }

    @Test func aChangedValueNamesItsTableUnlessTheColumnIsLeftOut() throws {
        let a = try makeWarehouse(), b = try makeWarehouse()
        try insert(a, [(1, "Out", "t1")])
        try insert(b, [(1, "Out", "t2")])
        let fa = try a.read { try WarehouseFingerprint.of($0) }, fb = try b.read { try WarehouseFingerprint.of($0) }
        #expect(fa.differing(from: fb).map { $0.components(separatedBy: " ")[0] } == ["nba_raw.bdl_injuries"])
        let leaving = try a.read { try WarehouseFingerprint.of($0, leaving: ["processed_at"]) }
        #expect(leaving == (try b.read { try WarehouseFingerprint.of($0, leaving: ["processed_at"]) }))
        // NULL, 0 and '0' are three different values.
        let c = try makeWarehouse(), d = try makeWarehouse()
        try c.write { try $0.execute("INSERT INTO nba_raw.bdl_injuries (scrape_date, bdl_player_id, return_date) VALUES ('d', 1, NULL)") }
        try d.write { try $0.execute("INSERT INTO nba_raw.bdl_injuries (scrape_date, bdl_player_id, return_date) VALUES ('d', 1, 'NULL')") }
        #expect(try c.read { try WarehouseFingerprint.of($0, datasets: [.raw]) } != d.read { try WarehouseFingerprint.of($0, datasets: [.raw]) })
    }

    @Test func aScopedFingerprintReadsOnlyItsDatasetsAndFindsNoRepeatedKeys() throws {
        let a = try makeWarehouse()
        try insert(a, [(1, "Out", "t1"), (2, "Out", "t2")])
        let found = try a.read { try WarehouseFingerprint.of($0, datasets: [.raw]) }
        #expect(found.duplicatedKeys.isEmpty, "keys are unique constraints; the check guards a migration that drops one")
        #expect(!found.tables.isEmpty && found.tables.allSatisfy { $0.hasPrefix("nba_raw.") })
    }
}
