import Foundation
import Testing
@testable import Pipeline
import Warehouse

/// The shot totals both shot-zone processors read are kept per loaded partition; a reload, or rows written around the
/// partition writer, must never be answered from what was kept.
@Suite struct ShotTotalsKeptPerLoad {
    let columns = ["game_id", "game_date", "event_sequence", "event_type", "team_abbr", "player_lookup", "shot_made", "shot_zone"]

    func shots(_ date: String, _ made: [Int]) -> PartitionRows {
        PartitionRows(table: TableName(.raw, "bigdataball_play_by_play"), partition: date, columns: columns,
                      rows: made.enumerated().map { index, made in
                          [.text("g-\(date)"), .text(date), .integer(Int64(index)), .text("shot"), .text("DEN"), .text("nikolajokic"),
                           .integer(Int64(made)), .text(index % 2 == 0 ? "paint" : "three")]
                      } + [[.text("g-\(date)"), .text(date), .integer(99), .text("foul"), .text("DEN"), .text("nikolajokic"), .null, .null]])
    }

    /// Each game, player and zone's attempts/makes, from the per-player totals; the team's totals and the date's league
    /// totals must add up to the same.
    func totals(_ warehouse: Warehouse) throws -> [String] {
        try warehouse.read { tx in
            var lines: [String] = []
            for (date, day) in try ShotTotals.shared.days(from: Day("2026-01-01")!, before: Day("2026-01-31")!, tx) {
                var players = ZoneTotals(), teams = ZoneTotals()
                for (player, games) in day.byPlayer {
                    for (game, zones) in games {
                        players.add(zones)
                        for zone in ShotZone.allCases where zones.attempts(zone) > 0 {
                            lines.append("\(game) \(player) \(zone.rawValue) \(Int(zones.attempts(zone)))/\(Int(zones.makes(zone)))")
                        }
                    }
                }
                for games in day.byTeam.values { for zones in games.values { teams.add(zones) } }
                for zone in ShotZone.allCases {
                    #expect(players.attempts(zone) == day.league.attempts(zone) && teams.attempts(zone) == day.league.attempts(zone), "\(date)")
                    #expect(players.makes(zone) == day.league.makes(zone) && teams.makes(zone) == day.league.makes(zone), "\(date)")
                }
                #expect(day.isEmpty == day.byPlayer.isEmpty)
            }
            return lines.sorted()
        }
    }

    @Test func aReloadAndARowWrittenAroundTheWriterAreSeen() throws {
        let warehouse = try Fixtures.warehouse()
        let writer = PartitionWriter(warehouse: warehouse)
        _ = try writer.replace(shots("2026-01-10", [1, 0, 1]), runID: "a", mode: .normal, loadedAt: "2026-01-11T00:00:00.000Z")
        _ = try writer.replace(shots("2026-01-12", [0]), runID: "a", mode: .normal, loadedAt: "2026-01-13T00:00:00.000Z")
        let first = try totals(warehouse)
        #expect(first == ["g-2026-01-10 nikolajokic paint 2/2", "g-2026-01-10 nikolajokic three 1/0", "g-2026-01-12 nikolajokic paint 1/0"])
        #expect(try totals(warehouse) == first, "read again, from what was kept")

        _ = try writer.replace(shots("2026-01-10", [0, 1]), runID: "b", mode: .normal, loadedAt: "2026-01-14T00:00:00.000Z")
        #expect(try totals(warehouse) == ["g-2026-01-10 nikolajokic paint 1/0", "g-2026-01-10 nikolajokic three 1/1",
                                          "g-2026-01-12 nikolajokic paint 1/0"])

        try warehouse.writeStatements { tx in  // as `sql --write` does
            try tx.execute("""
                INSERT INTO nba_raw.bigdataball_play_by_play (game_id, game_date, event_sequence, event_type, team_abbr, player_lookup,
                  shot_made, shot_zone) VALUES ('g-2026-01-12', '2026-01-12', 5, 'shot', 'DEN', 'nikolajokic', 1, 'paint')
                """)
        }
        #expect(try totals(warehouse).last == "g-2026-01-12 nikolajokic paint 2/1", "a row count unlike the last load's is aggregated afresh")
    }
}
