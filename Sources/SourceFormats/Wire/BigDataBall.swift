/// BigDataBall play-by-play CSV (source-formats §5): columns in their delivered order, and file names
/// `[YYYY-MM-DD]-{gameId}-{AWY}@{HOM}.csv`.
public enum BigDataBall {
    public static let columns = [
        "game_id", "data_set", "date", "a1", "a2", "a3", "a4", "a5", "h1", "h2", "h3", "h4", "h5", "period",
        "away_score", "home_score", "remaining_time", "elapsed", "play_length", "play_id", "team", "event_type",
        "assist", "away", "home", "block", "entered", "left", "num", "opponent", "outof", "player", "points",
        "possession", "reason", "result", "steal", "type", "shot_distance", "original_x", "original_y", "converted_x",
        "converted_y", "description",
    ]

    public static func fileName(date: String, nbaGameID: String, away: String, home: String) -> String {
        "[\(date)]-\(nbaGameID)-\(away)@\(home).csv"
    }

    /// Splits one CSV line, honouring double-quoted cells with doubled quotes inside.
    public static func splitLine(_ line: Substring) -> [String] {
        var cells: [String] = [], cell = "", quoted = false
        var iterator = line.makeIterator()
        while let c = iterator.next() {
            if quoted {
                if c == "\"" {
                    if let n = iterator.next() {
                        if n == "\"" { cell.append("\"") } else { quoted = false; if n == "," { cells.append(cell); cell = "" } else { cell.append(n) } }
                    } else { quoted = false }
                } else { cell.append(c) }
            } else if c == "\"" { quoted = true } else if c == "," { cells.append(cell); cell = "" } else { cell.append(c) }
        }
        cells.append(cell)
        return cells
    }

    public static func quote(_ cell: String) -> String {
        // A byte scan first: almost no cell needs quoting, and Foundation's substring search is slow per call.
        guard cell.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") }) else { return cell }
        return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
