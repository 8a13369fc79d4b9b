import Warehouse

/// The latest BallDontLie injury report scraped on or before a date: what the player and team contexts know of who is
/// out when they are built.
enum InjuryReport {
    /// Each listed player with his status, lowercased, in the report's row order.
    static func latest(through date: Day, _ tx: WarehouseTransaction) throws -> [(player: String, status: String)] {
        try tx.query("""
            SELECT player_lookup, injury_status FROM nba_raw.bdl_injuries
            WHERE scrape_date = (SELECT MAX(scrape_date) FROM nba_raw.bdl_injuries WHERE scrape_date <= ?)
            """, [.text(date.description)]).rows.compactMap { row in
            row[0].stringValue.map { ($0, (row[1].stringValue ?? "").lowercased()) }
        }
    }
}
