/// How a player plays, as per-minute rates taken from a real 2022-23 player who held the same roster slot.
public struct PlayerProfile: Sendable, Equatable {
    public let games: Int
    public let minMean: Double
    public let minSD: Double
    public let fgaPerMin: Double
    public let threeShare: Double
    public let twoPct: Double
    public let threePct: Double
    public let ftaPerFga: Double
    public let ftPct: Double
    public let orebPerMin: Double
    public let drebPerMin: Double
    public let astPerMin: Double
    public let stlPerMin: Double
    public let blkPerMin: Double
    public let tovPerMin: Double
    public let pfPerMin: Double

    /// Points per minute this profile scores on average against a league-average defence.
    public var pointsPerMinute: Double {
        let twoAttempts = fgaPerMin * (1 - threeShare)
        let threeAttempts = fgaPerMin * threeShare
        return twoAttempts * twoPct * 2 + threeAttempts * threePct * 3 + fgaPerMin * ftaPerFga * ftPct
    }
}
