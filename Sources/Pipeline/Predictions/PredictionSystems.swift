import Foundation
import Warehouse

/// Everything a prediction system may use about one player's next game: built once per player and date by the
/// coordinator, from that date's `player_daily_cache` (games strictly before the date) and the schedule.
public struct PredictionInput: Sendable {
    public let player: String
    public let gameID: String
    public let home: Bool
    public let opponent: String
    public let backToBack: Bool
    public let last5: Double
    public let last10: Double
    public let season: Double
    public let spread10: Double
    public let minutes10: Double
    public let usage10: Double
    public let games: Int
    public let productionReady: Bool
    /// The feature store's quality score and tier for this player and date, when Phase 4 produced one.
    public let featureQuality: Double?
    public let featureTier: String?

    /// The model's feature vector (intercept first).
    var features: [Double] {
        [1, last5, last10, season, spread10, minutes10, usage10, home ? 1 : 0, backToBack ? 1 : 0]
    }
    static let featureNames = ["intercept", "points_avg_last_5", "points_avg_last_10", "points_avg_season",
                               "points_std_last_10", "minutes_avg_last_10", "usage_rate_last_10", "home", "back_to_back"]
}

public struct SystemPrediction: Sendable {
    public let points: Double
    public let confidence: Double
    public let warnings: [String]
}

/// One prediction system: its id, how it predicts, and its bet rule.
protocol PredictionSystem: Sendable {
    var systemID: String { get }
    func predict(_ input: PredictionInput) -> SystemPrediction
    func recommend(edge: Double, confidence: Double) -> String
}

/// 0.5·L5 + 0.3·L10 + 0.2·season, home +0.5, away −0.5, back-to-back −1.5; bet when edge > 2 and confidence > 0.45.
struct MovingAverageSystem: PredictionSystem {
    let systemID = "moving_average"

    func predict(_ input: PredictionInput) -> SystemPrediction {
        SystemPrediction(points: Self.predict(l5: input.last5, l10: input.last10, season: input.season, home: input.home,
                                              backToBack: input.backToBack),
                         confidence: Self.confidence(games: input.games, spread: input.spread10), warnings: [])
    }

    func recommend(edge: Double, confidence: Double) -> String {
        guard confidence > 0.45 else { return "PASS" }
        return edge > 2 ? "OVER" : edge < -2 ? "UNDER" : "PASS"
    }

    static func predict(l5: Double, l10: Double, season: Double, home: Bool, backToBack: Bool) -> Double {
        max(0, 0.5 * l5 + 0.3 * l10 + 0.2 * season + (home ? 0.5 : -0.5) + (backToBack ? -1.5 : 0))
    }

    /// 0.5, up with games seen, down with volatility, within 0.2–0.8.
    static func confidence(games: Int, spread: Double) -> Double {
        min(0.8, max(0.2, 0.5 + 0.3 * Double(min(games, 10)) / 10 - min(0.3, spread / 25)))
    }
}

/// Ridge regression over the cache's features, trained walk-forward: the model for date D is fitted only on
/// player-games before D. Until it has enough history it falls back to the moving-average blend and says so.
struct RidgeRegressionSystem: PredictionSystem {
    let systemID = "ridge_v1"
    let model: RidgeModel?

    func predict(_ input: PredictionInput) -> SystemPrediction {
        guard let model else {
            return SystemPrediction(points: 0.5 * input.last5 + 0.3 * input.last10 + 0.2 * input.season,
                                    confidence: 0.35, warnings: ["MODEL_BOOTSTRAP"])
        }
        let points = max(0, zip(model.coefficients, input.features).reduce(0) { $0 + $1.0 * $1.1 })
        // Confidence from how large the model's typical error is against this player's own volatility.
        let confidence = min(0.85, max(0.25, 0.95 - model.residualRMSE / 15 - min(0.2, input.spread10 / 50)
                                           - (input.productionReady ? 0 : 0.1)))
        return SystemPrediction(points: points, confidence: confidence, warnings: [])
    }

    func recommend(edge: Double, confidence: Double) -> String {
        guard confidence >= 0.6 else { return "PASS" }
        return edge >= 1.5 ? "OVER" : edge <= -1.5 ? "UNDER" : "PASS"
    }
}

/// Fixed-weight blend of the other systems (ridge .6, moving average .4), with a small bonus when they agree.
struct EnsembleSystem: PredictionSystem {
    let systemID = "ensemble_v1"
    let members: [(system: any PredictionSystem, weight: Double)]

    func predict(_ input: PredictionInput) -> SystemPrediction {
        let predictions = members.map { ($0.system.predict(input), $0.weight) }
        let total = predictions.reduce(0) { $0 + $1.1 }
        let points = predictions.reduce(0) { $0 + $1.0.points * $1.1 } / total
        var confidence = predictions.reduce(0) { $0 + $1.0.confidence * $1.1 } / total
        let spread = (predictions.map(\.0.points).max() ?? 0) - (predictions.map(\.0.points).min() ?? 0)
        if spread < 1 { confidence = min(0.9, confidence + 0.05) }
        return SystemPrediction(points: points, confidence: confidence, warnings: [])
    }

    func recommend(edge: Double, confidence: Double) -> String {
        guard confidence >= 0.65 else { return "PASS" }
        return edge >= 1.5 ? "OVER" : edge <= -1.5 ? "UNDER" : "PASS"
    }
}

/// β = (XᵀX + λI)⁻¹ Xᵀy from sufficient statistics, so training reads an aggregate, not every row.
struct RidgeModel: Sendable, Equatable {
    let coefficients: [Double]
    let trainingRows: Int
    let residualRMSE: Double

    static let minimumRows = 300
    static let lambda = 10.0

    /// Solves the normal equations; `xtx` is n×n row-major, the intercept (index 0) is not penalised.
    static func fit(xtx: [Double], xty: [Double], rows: Int, residualRMSE: Double = 0) -> RidgeModel? {
        let n = xty.count
        guard rows >= minimumRows, xtx.count == n * n else { return nil }
        var a = xtx
        for i in 1..<n { a[i * n + i] += lambda }
        var b = xty
        // Gaussian elimination with partial pivoting.
        for column in 0..<n {
            var pivot = column
            for row in column + 1..<n where abs(a[row * n + column]) > abs(a[pivot * n + column]) { pivot = row }
            guard abs(a[pivot * n + column]) > 1e-12 else { return nil }
            if pivot != column {
                for k in 0..<n { a.swapAt(column * n + k, pivot * n + k) }
                b.swapAt(column, pivot)
            }
            for row in column + 1..<n {
                let factor = a[row * n + column] / a[column * n + column]
                for k in column..<n { a[row * n + k] -= factor * a[column * n + k] }
                b[row] -= factor * b[column]
            }
        }
        var beta = [Double](repeating: 0, count: n)
        for row in stride(from: n - 1, through: 0, by: -1) {
            var sum = b[row]
            for k in row + 1..<n { sum -= a[row * n + k] * beta[k] }
            beta[row] = sum / a[row * n + row]
        }
        return RidgeModel(coefficients: beta, trainingRows: rows, residualRMSE: residualRMSE)
    }
}

/// One earlier game of the player, as the similarity system compares it with the coming one.
struct PastGame: Sendable {
    let date: Day
    let home: Bool
    let rested: Bool
    let opponentAllowed: Double?
    let minutes: Double
    let points: Int
}

/// `similarity_balanced_v1`: the player's earlier games that resemble the coming one — same venue (30), same rest
/// (20), an opponent allowing a similar number of points (up to 30), similar minutes (20) — scored 0–100; with five or
/// more scoring ≥ 70, predicts their average points. Fewer: no prediction from this system. Confidence from 0.35,
/// up with the number of similar games; bet on edge ≥ 2.
struct SimilaritySystem: PredictionSystem {
    let systemID = "similarity_balanced_v1"
    let history: [String: [PastGame]]
    let opponentAllowed: Double?
    static let threshold = 70.0
    static let minimumSimilar = 5

    func similar(_ input: PredictionInput) -> [PastGame] {
        (history[input.player] ?? []).filter { Self.score($0, input: input, opponentAllowed: opponentAllowed) >= Self.threshold }
    }

    static func score(_ game: PastGame, input: PredictionInput, opponentAllowed: Double?) -> Double {
        var score = 0.0
        if game.home == input.home { score += 30 }
        if game.rested == !input.backToBack { score += 20 }
        if let now = opponentAllowed, let then = game.opponentAllowed { score += max(0, 30 - abs(now - then) * 3) } else { score += 15 }
        if input.minutes10 > 0, abs(game.minutes - input.minutes10) <= 0.2 * input.minutes10 { score += 20 }
        return score
    }

    func predict(_ input: PredictionInput) -> SystemPrediction {
        let games = similar(input)
        guard games.count >= Self.minimumSimilar else {
            return SystemPrediction(points: input.last10, confidence: 0, warnings: ["INSUFFICIENT_SIMILAR_GAMES"])
        }
        let points = Double(games.reduce(0) { $0 + $1.points }) / Double(games.count)
        return SystemPrediction(points: points, confidence: min(0.75, 0.35 + 0.04 * Double(games.count - Self.minimumSimilar)),
                                warnings: [])
    }

    func recommend(edge: Double, confidence: Double) -> String {
        edge >= 2 ? "OVER" : edge <= -2 ? "UNDER" : "PASS"
    }
}

/// `zone_matchup_v1`: the moving-average blend, with its field-goal share (about 80 % of points) scaled by how the
/// opponent defends the zones the player scores from, relative to the league. Bet rule as the moving average's.
/// Zones estimated from the box score (no play-by-play) lower its confidence and say so.
struct ZoneMatchupSystem: PredictionSystem {
    let systemID = "zone_matchup_v1"
    let matchups: ZoneMatchups

    func predict(_ input: PredictionInput) -> SystemPrediction {
        let base = MovingAverageSystem.predict(l5: input.last5, l10: input.last10, season: input.season, home: input.home,
                                               backToBack: input.backToBack)
        guard let matchup = matchups.matchup(player: input.player, opponent: input.opponent) else {
            return SystemPrediction(points: base, confidence: 0, warnings: ["ZONE_DATA_MISSING"])
        }
        let factor = min(1.25, max(0.75, matchup.scoringFactor))
        var confidence = MovingAverageSystem.confidence(games: input.games, spread: input.spread10)
        var warnings: [String] = []
        if !matchup.fromPlayByPlay {
            confidence = max(0.2, confidence - 0.1)
            warnings.append("ZONES_ESTIMATED")
        }
        return SystemPrediction(points: max(0, base * (0.2 + 0.8 * factor)), confidence: confidence, warnings: warnings)
    }

    func recommend(edge: Double, confidence: Double) -> String {
        MovingAverageSystem().recommend(edge: edge, confidence: confidence)
    }
}
