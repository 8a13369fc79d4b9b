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

    /// The file's non-empty lines, split at line-feed bytes (a carriage return before one is dropped). Splitting the
    /// String on "\n" walks Characters, and would keep a CRLF file as one line: "\r\n" is a single Character.
    public static func lines(_ text: String) -> [Substring] {
        var lines: [Substring] = []
        let utf8 = text.utf8
        var start = utf8.startIndex
        var index = start
        func close(_ end: String.Index) {
            var end = end
            if end > start, utf8[utf8.index(before: end)] == UInt8(ascii: "\r") { end = utf8.index(before: end) }
            if end > start { lines.append(text[start..<end]) }
        }
        while index < utf8.endIndex {
            if utf8[index] == UInt8(ascii: "\n") {
                close(index)
                start = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        close(utf8.endIndex)
        return lines
    }

    /// Splits one CSV line, honouring double-quoted cells with doubled quotes inside.
    public static func splitLine(_ line: Substring) -> [String] {
        // Byte by byte over the line's UTF-8 buffer: the separators are ASCII, so a multi-byte character can never
        // be split, and walking Characters (or the substring's UTF-8 view index by index) costs several times more
        // over a season of play-by-play.
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ",")
        var line = line
        return line.withUTF8 { bytes in
            var cells: [String] = []
            var cell: [UInt8] = []
            var quoted = false
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                if quoted {
                    if byte == quote {
                        guard index < bytes.count else { quoted = false; continue }
                        // A doubled quote is a quote; anything else closes the quotes and is read again outside them.
                        if bytes[index] == quote { cell.append(quote); index += 1 } else { quoted = false }
                    } else { cell.append(byte) }
                } else if byte == quote {
                    quoted = true
                } else if byte == comma {
                    cells.append(String(decoding: cell, as: UTF8.self))
                    cell.removeAll(keepingCapacity: true)
                } else { cell.append(byte) }
            }
            cells.append(String(decoding: cell, as: UTF8.self))
            return cells
        }
    }

    public static func quote(_ cell: String) -> String {
        // A byte scan first: almost no cell needs quoting, and Foundation's substring search is slow per call.
        guard cell.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") }) else { return cell }
        return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Writes a CSV file cell by cell into bytes, quoting as `quote` does: the feed writes every play of a game this
    /// way rather than building an array of cell strings per row and joining them.
    public struct CSVWriter {
        public private(set) var bytes: [UInt8] = []
        private var rowStarted = false

        public init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

        public mutating func cell(_ text: String) {
            separate()
            if text.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") }) {
                bytes.append(contentsOf: BigDataBall.quote(text).utf8)
            } else {
                bytes.append(contentsOf: text.utf8)
            }
        }

        public mutating func cell(_ number: Int) {
            separate()
            bytes.append(contentsOf: String(number).utf8)
        }

        public mutating func endRow() {
            bytes.append(UInt8(ascii: "\n"))
            rowStarted = false
        }

        private mutating func separate() {
            if rowStarted { bytes.append(UInt8(ascii: ",")) }
            rowStarted = true
        }
    }
}
