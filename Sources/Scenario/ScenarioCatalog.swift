import SourceFormats

/// Named fault sets for the feed (`nbaops feed serve --scenario NAME`, `feed fault load NAME`).
public enum ScenarioCatalog {
    public static let names = ["clean", "incident", "faulty-night"]

    public static func rules(named name: String, league: ScenarioLeague) -> [FaultRule]? {
        switch name {
        case "clean": return []
        case "incident": return incident(league)
        case "faulty-night": return faultyNight
        default: return nil
        }
    }

    /// The January 2026 incident's source side (pipeline-domain §9): BallDontLie returns 1 of 9 games on Jan 15 and 4
    /// of 7 on Jan 20 (TOR@GSW, MIA@SAC, LAL@DEN absent), drops Pacific-venue games now and then in early January,
    /// and BigDataBall fails every attempt from Jan 15.
    static func incident(_ league: ScenarioLeague) -> [FaultRule] {
        let jan15 = league.games(on: Day("2026-01-15")!)
        let kept = jan15.first { !["Pacific"].contains(Teams.team($0.home)!.division) } ?? jan15[0]
        let omitted15 = jan15.filter { $0 != kept }.map(\.nbaGameID).joined(separator: ",")
        let jan20 = league.games(on: Day("2026-01-20")!).filter { game in
            [("GSW", "TOR"), ("SAC", "MIA"), ("DEN", "LAL")].contains { pin in pin.0 == game.home && pin.1 == game.away }
        }.map(\.nbaGameID).joined(separator: ",")
        let lines = [
            "bdl omit dates=2026-01-15 games=\(omitted15)",
            "bdl omit dates=2026-01-20 games=\(jan20)",
            "bdl omit dates=2026-01-02..2026-01-12 teams=GSW,LAC,LAL,PHX,SAC,POR p=0.3",
            "bigdataball status=500 dates=2026-01-15..2026-01-21",
        ]
        return lines.map { try! FaultRule(parsing: $0) }
    }

    /// DESIGN §9's faulty night: 20 % 429s (half with Retry-After), 5 % 5xx, 2 % timeouts, 1 % truncated JSON and 1 %
    /// HTML challenge pages, across every source.
    static let faultyNight: [FaultRule] = [
        "any status=429 retry-after=2 p=0.1", "any status=429 p=0.111", "any status=503 p=0.0633", "any timeout p=0.0267",
        "any truncate p=0.0137", "any html p=0.0139",
    ].map { try! FaultRule(parsing: $0) }
}
