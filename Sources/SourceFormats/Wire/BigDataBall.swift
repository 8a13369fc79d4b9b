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
        withCells(of: line) { cells in (0..<cells.count).map { cells[$0] } }
    }

    /// The cells of one CSV line as byte ranges of it, each made into a String only when asked for: a play-by-play
    /// row has 44 cells and the raw processor reads 15 of them. Byte by byte over the line's UTF-8 buffer: the
    /// separators are ASCII, so a multi-byte character can never be split.
    public static func withCells<T>(of line: Substring, _ body: (CSVCells) throws -> T) rethrows -> T {
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ",")
        var line = line
        return try line.withUTF8 { bytes in
            var cells: [(range: Range<Int>, quoted: Bool)] = []
            var start = 0, quoted = false, hasQuote = false
            for index in 0..<bytes.count {
                let byte = bytes[index]
                if byte == quote {
                    quoted.toggle()  // a doubled quote inside quotes toggles twice: still inside
                    hasQuote = true
                } else if byte == comma && !quoted {
                    cells.append((start..<index, hasQuote))
                    start = index + 1
                    hasQuote = false
                }
            }
            cells.append((start..<bytes.count, hasQuote))
            return try body(CSVCells(bytes: bytes, cells: cells))
        }
    }

    public struct CSVCells {
        let bytes: UnsafeBufferPointer<UInt8>
        let cells: [(range: Range<Int>, quoted: Bool)]

        public var count: Int { cells.count }

        public subscript(_ index: Int) -> String {
            let (range, quoted) = cells[index]
            guard quoted else { return String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) }
            // Quotes open and close; a doubled quote inside them is a quote; text after a closing quote stays in the cell.
            let quote = UInt8(ascii: "\"")
            var cell: [UInt8] = []
            var inside = false
            var at = range.lowerBound
            while at < range.upperBound {
                let byte = bytes[at]
                at += 1
                if inside && byte == quote {
                    if at < range.upperBound && bytes[at] == quote { cell.append(quote); at += 1 } else { inside = false }
                } else if byte == quote {
                    inside = true
                } else {
                    cell.append(byte)
                }
            }
            return String(decoding: cell, as: UTF8.self)
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
            bytes.append(contentsOf: BigDataBall.quote(text).utf8)  // the cell itself unless it needs quotes
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
