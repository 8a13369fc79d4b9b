extension WireJSON {
    /// The bytes `JSONEncoder` writes for `value` with `[.sortedKeys, .withoutEscapingSlashes]`: members in byte order
    /// of their names, no spaces, `/` as is, whole doubles without `.0`. Written as the value encodes itself, with no
    /// tree in between.
    public static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let encoder = StreamEncoder()
        try value.encode(to: encoder)
        encoder.close(deeperThan: -1)
        guard !encoder.out.isEmpty else {
            throw EncodingError.invalidValue(value, .init(codingPath: [], debugDescription: "Top-level \(T.self) did not encode any values."))
        }
        return encoder.out
    }
}

/// Writes JSON as `encode(to:)` calls arrive. Codable never says when a container is finished, so each open container
/// sits on a stack with the depth of the value it belongs to, and is closed when something is written at its depth or
/// above, or when its value's `encode(to:)` returns. An object is written in the order its members arrive and, if
/// their names are out of order, its members are put in order when it closes.
final class StreamEncoder: Encoder, SingleValueEncodingContainer {
    // The encoder is used from one thread and its containers never hold an access across a call, so the runtime's
    // exclusivity checks on every append (a third of the encoder's time in profiles) guard nothing here.
    @exclusivity(unchecked) var out: [UInt8] = []
    /// The depth of the value being encoded: the top level is 0, a member or element of a depth-d container is d + 1.
    var depth = 0
    private var path: [any CodingKey] = []

    private struct Open {
        let keyed: Bool
        let depth: Int
        var count = 0
        /// Where this object's entries start in `entries`.
        let firstEntry: Int
    }
    @exclusivity(unchecked) private var open: [Open] = []
    /// For every member written into an open object: the offset of its name's opening quote.
    @exclusivity(unchecked) private var entries: [Int] = []

    init() { out.reserveCapacity(4096) }

    var codingPath: [any CodingKey] { path }
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    func codingPath(depth: Int) -> [any CodingKey] { Array(path.prefix(depth)) }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        close(deeperThan: depth)
        if open.last.map({ $0.depth != depth || !$0.keyed }) ?? true {
            out.append(UInt8(ascii: "{"))
            open.append(Open(keyed: true, depth: depth, firstEntry: entries.count))
        }
        return KeyedEncodingContainer(KeyedStreamContainer<Key>(encoder: self, depth: depth))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        close(deeperThan: depth)
        out.append(UInt8(ascii: "["))
        open.append(Open(keyed: false, depth: depth, firstEntry: entries.count))
        return UnkeyedStreamContainer(encoder: self, depth: depth)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { self }

    // MARK: writing

    /// Starts the next member of the object at `depth`: its separator and name.
    func member(_ name: String, depth: Int) {
        close(deeperThan: depth)
        if open[open.count - 1].count > 0 { out.append(UInt8(ascii: ",")) }
        open[open.count - 1].count += 1
        entries.append(out.count)
        write(name)
        out.append(UInt8(ascii: ":"))
    }

    /// Starts the next element of the array at `depth`.
    func element(depth: Int) {
        close(deeperThan: depth)
        if open[open.count - 1].count > 0 { out.append(UInt8(ascii: ",")) }
        open[open.count - 1].count += 1
    }

    /// Encodes a member's or element's value, one level down.
    func nested<T: Encodable>(_ value: T, key: any CodingKey, depth: Int) throws {
        let mark = out.count
        self.depth = depth + 1
        path.append(key)
        defer {
            path.removeLast()
            self.depth = depth
        }
        try value.encode(to: self)
        close(deeperThan: depth)
        if out.count == mark { out.append(contentsOf: [UInt8(ascii: "{"), UInt8(ascii: "}")]) }  // encoded nothing: {}
    }

    /// Closes the containers opened for values deeper than `depth`, innermost first.
    func close(deeperThan depth: Int) {
        while let last = open.last, last.depth > depth {
            open.removeLast()
            if last.keyed {
                out.append(UInt8(ascii: "}"))
                sortMembers(from: last.firstEntry)
                entries.removeSubrange(last.firstEntry...)
            } else {
                out.append(UInt8(ascii: "]"))
            }
        }
    }

    /// Puts the members of the object just closed (its `}` is the last byte written) in byte order of their names,
    /// which is what Foundation's `.sortedKeys` gives for names without escapes. Most objects arrive in order.
    private func sortMembers(from first: Int) {
        let count = entries.count - first
        guard count > 1 else { return }
        var sorted = true
        for index in first..<(entries.count - 1) where nameOrder(entries[index], entries[index + 1]) > 0 {
            sorted = false
            break
        }
        if sorted { return }
        let start = entries[first]
        let close = out.count - 1
        // Each member's bytes run from its name's quote to the byte before the next member's quote (a comma) or the `}`.
        let ranges = (first..<entries.count).map { index in
            entries[index]..<(index + 1 < entries.count ? entries[index + 1] - 1 : close)
        }
        let order = ranges.indices.sorted { a, b in
            let comparison = nameOrder(ranges[a].lowerBound, ranges[b].lowerBound)
            return comparison != 0 ? comparison < 0 : a < b
        }
        var rewritten: [UInt8] = []
        rewritten.reserveCapacity(close - start)
        for (position, index) in order.enumerated() {
            if position > 0 { rewritten.append(UInt8(ascii: ",")) }
            rewritten.append(contentsOf: out[ranges[index]])
        }
        out.replaceSubrange(start..<close, with: rewritten)
    }

    /// Compares the names whose opening quotes are at `a` and `b` byte by byte.
    private func nameOrder(_ a: Int, _ b: Int) -> Int {
        var i = a + 1, j = b + 1
        while true {
            let x = out[i], y = out[j]
            let xEnds = x == UInt8(ascii: "\""), yEnds = y == UInt8(ascii: "\"")
            if xEnds || yEnds { return xEnds && yEnds ? 0 : xEnds ? -1 : 1 }
            if x != y { return x < y ? -1 : 1 }
            i += 1
            j += 1
        }
    }

    func write(_ string: String) {
        out.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { bytes in
            var plain = bytes.startIndex
            for index in bytes.indices {
                let byte = bytes[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[plain..<index]))
                plain = index + 1
                switch byte {
                case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
                case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
                case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
                case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
                case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
                case 0x08: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
                case 0x0C: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
                default:
                    let hex: [UInt8] = Array("0123456789abcdef".utf8)
                    out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                            hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[plain...]))
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Every integer type Codable knows fits in 64 bits and a sign.
    func write<T: BinaryInteger>(integer value: T) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = UInt64(value.magnitude)
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var at = 20
            repeat {
                at -= 1
                digits[at] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            out.append(contentsOf: UnsafeBufferPointer(rebasing: digits[at...]))
        }
    }

    /// A number as Swift prints it, whole ones without `.0` (`1`, `0.456`, `1e-07`), as Foundation writes it.
    func write<F: BinaryFloatingPoint & LosslessStringConvertible>(floating value: F) throws {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, .init(codingPath: path, debugDescription:
                "Unable to encode \(F.self).\(value.isNaN ? "nan" : value < 0 ? "-infinity" : "infinity") directly in JSON."))
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        out.append(contentsOf: text.utf8)
    }

    // MARK: the value at the current depth, as a single-value container

    func encodeNil() { out.append(contentsOf: [UInt8(ascii: "n"), UInt8(ascii: "u"), UInt8(ascii: "l"), UInt8(ascii: "l")]) }
    func encode(_ value: Bool) { out.append(contentsOf: value ? Array("true".utf8) : Array("false".utf8)) }
    func encode(_ value: String) { write(value) }
    func encode(_ value: Double) throws { try write(floating: value) }
    func encode(_ value: Float) throws { try write(floating: value) }
    func encode(_ value: Int) { write(integer: value) }
    func encode(_ value: Int8) { write(integer: value) }
    func encode(_ value: Int16) { write(integer: value) }
    func encode(_ value: Int32) { write(integer: value) }
    func encode(_ value: Int64) { write(integer: value) }
    func encode(_ value: UInt) { write(integer: value) }
    func encode(_ value: UInt8) { write(integer: value) }
    func encode(_ value: UInt16) { write(integer: value) }
    func encode(_ value: UInt32) { write(integer: value) }
    func encode(_ value: UInt64) { write(integer: value) }
    func encode<T: Encodable>(_ value: T) throws { try value.encode(to: self) }
}
