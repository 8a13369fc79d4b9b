import Warehouse

/// One player's zones against one opponent's zone defence, read from D's two zone tables.
struct ZoneMatchup {
    /// Share of the player's shots per zone, his percentage there, what the opponent allows there and the league's.
    let rate: [ShotZone: Double]
    let pct: [ShotZone: Double]
    let allowed: [ShotZone: Double]
    let league: [ShotZone: Double]
    let fromPlayByPlay: Bool

    /// Σ share × (allowed − league) in percentage points, doubled and kept within ±10: positive when the opponent is
    /// weak where the player shoots.
    var mismatchScore: Double {
        let raw = ShotZone.allCases.reduce(0.0) { $0 + (rate[$1] ?? 0) * ((allowed[$1] ?? 0) - (league[$1] ?? 0)) * 100 }
        return min(10, max(-10, raw * 2))
    }

    /// How the opponent changes the player's field-goal scoring: each zone's share of his points, weighted by how
    /// much more (or less) than the league the opponent lets in there.
    var scoringFactor: Double {
        var weights: [ShotZone: Double] = [:]
        for zone in ShotZone.allCases {
            weights[zone] = (rate[zone] ?? 0) * (pct[zone] ?? ShotZone.typicalPct[zone]!) * zone.value
        }
        let total = weights.values.reduce(0, +)
        guard total > 0 else { return 1 }
        return ShotZone.allCases.reduce(0.0) { sum, zone in
            let l = league[zone] ?? 0, a = allowed[zone] ?? l
            return sum + weights[zone]! / total * (l > 0 ? a / l : 1)
        }
    }
}

/// D's zone tables, keyed for lookup by player and by team.
struct ZoneMatchups {
    private var players: [String: Record] = [:]
    private var teams: [String: Record] = [:]

    init(on date: Day, _ tx: WarehouseTransaction) throws {
        let day = SQLValue.text(date.description)
        for r in try tx.query("SELECT * FROM nba_precompute.player_shot_zone_analysis WHERE analysis_date = ?", [day]).records {
            if let p = r["player_lookup"]?.stringValue { players[p] = r }
        }
        for r in try tx.query("SELECT * FROM nba_precompute.team_defense_zone_analysis WHERE analysis_date = ?", [day]).records {
            if let t = r["team_abbr"]?.stringValue { teams[t] = r }
        }
    }

    func matchup(player: String, opponent: String) -> ZoneMatchup? {
        guard let p = players[player], let t = teams[opponent] else { return nil }
        let prefixes: [ShotZone: String] = [.paint: "paint", .midRange: "mid_range", .three: "three_pt"]
        var rate: [ShotZone: Double] = [:], pct: [ShotZone: Double] = [:], allowed: [ShotZone: Double] = [:], league: [ShotZone: Double] = [:]
        for (zone, prefix) in prefixes {
            rate[zone] = p["\(prefix)_rate_last_10"]?.doubleValue
            pct[zone] = p["\(prefix)_pct_last_10"]?.doubleValue
            let a = t["\(prefix)_pct_allowed_last_15"]?.doubleValue
            allowed[zone] = a
            league[zone] = a.map { $0 - (t["\(prefix)_defense_vs_league"]?.doubleValue ?? 0) / 100 }
        }
        let fromPlayByPlay = p["data_source"]?.stringValue == "bigdataball" && t["data_source"]?.stringValue == "bigdataball"
        return ZoneMatchup(rate: rate, pct: pct, allowed: allowed, league: league, fromPlayByPlay: fromPlayByPlay)
    }
}
