/// One JSON document parsed into a flat list of nodes in document order — what `WireJSONDecoder` walks. A container's
/// node knows where its subtree ends, so skipping a value is one index step; strings and numbers are byte ranges of
/// the input, turned into Swift values only when a decoder asks for them. Parsing builds no dictionaries and no
/// strings: Foundation's decoder built a keyed table of every object's keys before its first lookup.
///
/// The grammar is RFC 8259 with one allowance kept from Foundation's parser, which nbaops used before: a trailing
/// comma before `]` or `}`. Strings must be well-formed UTF-8.
struct JSONTape {
    enum Kind: UInt8 {
        case object, array, string, escapedString, number, `true`, `false`, null
    }

    struct Node {
        var kind: Kind
        /// Strings: the first byte inside the quotes. Numbers: the first byte. Containers: the opening bracket.
        var start: Int32
        /// Strings and numbers: one past the last byte. Containers: how many values (an object's are its members).
        var end: Int32
        /// The index of the node after this one's subtree.
        var next: Int32
    }

    struct SyntaxError: Error {
        let offset: Int
        let problem: String
    }

    static let deepest = 512

    private(set) var nodes: [Node] = []

    /// Parses `bytes`, which must outlive nothing: the tape keeps offsets only.
    init(parsing bytes: UnsafeBufferPointer<UInt8>) throws(SyntaxError) {
        nodes.reserveCapacity(max(16, bytes.count / 8))
        var parser = Parser(bytes: bytes)
        parser.skipSpace()
        try parser.value(into: &nodes, depth: 0)
        parser.skipSpace()
        guard parser.at == bytes.count else { throw parser.error("unexpected text after the JSON value") }
    }

    private struct Parser {
        let bytes: UnsafeBufferPointer<UInt8>
        var at = 0

        func error(_ problem: String) -> SyntaxError { SyntaxError(offset: at, problem: problem) }

        @inline(__always) var current: UInt8? { at < bytes.count ? bytes[at] : nil }

        @inline(__always) mutating func skipSpace() {
            while at < bytes.count {
                let byte = bytes[at]
                guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return }
                at += 1
            }
        }

        @inline(__always) mutating func take(_ byte: UInt8) -> Bool {
            guard at < bytes.count, bytes[at] == byte else { return false }
            at += 1
            return true
        }

        mutating func value(into nodes: inout [Node], depth: Int) throws(SyntaxError) {
            guard let byte = current else { throw error("unexpected end of data") }
            switch byte {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                guard depth < JSONTape.deepest else { throw error("nested deeper than \(JSONTape.deepest) levels") }
                try container(into: &nodes, keyed: byte == UInt8(ascii: "{"), depth: depth)
            case UInt8(ascii: "\""):
                JSONTape.append(leaf: try string(), to: &nodes)
            case UInt8(ascii: "t"):
                try literal("true", .true, into: &nodes)
            case UInt8(ascii: "f"):
                try literal("false", .false, into: &nodes)
            case UInt8(ascii: "n"):
                try literal("null", .null, into: &nodes)
            default:
                JSONTape.append(leaf: try number(), to: &nodes)
            }
        }

        mutating func container(into nodes: inout [Node], keyed: Bool, depth: Int) throws(SyntaxError) {
            let index = nodes.count
            nodes.append(Node(kind: keyed ? .object : .array, start: Int32(at), end: 0, next: 0))
            let close = keyed ? UInt8(ascii: "}") : UInt8(ascii: "]")
            at += 1
            skipSpace()
            var count: Int32 = 0
            if !take(close) {
                while true {
                    if keyed {
                        guard current == UInt8(ascii: "\"") else { throw error("expected a member name in quotes") }
                        JSONTape.append(leaf: try string(), to: &nodes)
                        skipSpace()
                        guard take(UInt8(ascii: ":")) else { throw error("expected ':' after a member name") }
                        skipSpace()
                    }
                    try value(into: &nodes, depth: depth + 1)
                    count += 1
                    skipSpace()
                    if take(close) { break }
                    guard take(UInt8(ascii: ",")) else { throw error(keyed ? "expected ',' or '}'" : "expected ',' or ']'") }
                    skipSpace()
                    if take(close) { break }  // the trailing comma Foundation's parser took
                }
            }
            nodes[index].end = count
            nodes[index].next = Int32(nodes.count)
        }

        mutating func literal(_ word: StaticString, _ kind: Kind, into nodes: inout [Node]) throws(SyntaxError) {
            let count = word.utf8CodeUnitCount
            guard bytes.count - at >= count else { throw error("unexpected end of data") }
            for offset in 0..<count where bytes[at + offset] != word.utf8Start[offset] { throw error("unexpected character") }
            JSONTape.append(leaf: Node(kind: kind, start: Int32(at), end: Int32(at + count), next: 0), to: &nodes)
            at += count
        }

        @inline(__always) mutating func digits() -> Bool {
            let start = at
            while at < bytes.count, bytes[at] &- UInt8(ascii: "0") < 10 { at += 1 }
            return at > start
        }

        mutating func number() throws(SyntaxError) -> Node {
            let start = at
            _ = take(UInt8(ascii: "-"))
            if take(UInt8(ascii: "0")) {
                // no leading zeros
            } else if let byte = current, byte &- UInt8(ascii: "1") < 9 {
                _ = digits()
            } else {
                throw error("unexpected character")
            }
            if take(UInt8(ascii: ".")) { guard digits() else { throw error("expected a digit after '.'") } }
            if take(UInt8(ascii: "e")) || take(UInt8(ascii: "E")) {
                if !take(UInt8(ascii: "+")) { _ = take(UInt8(ascii: "-")) }
                guard digits() else { throw error("expected a digit in the exponent") }
            }
            return Node(kind: .number, start: Int32(start), end: Int32(at), next: 0)
        }

        mutating func string() throws(SyntaxError) -> Node {
            at += 1  // the opening quote
            let start = at
            var escaped = false
            while at < bytes.count {
                let byte = bytes[at]
                if byte == UInt8(ascii: "\"") {
                    at += 1
                    return Node(kind: escaped ? .escapedString : .string, start: Int32(start), end: Int32(at - 1), next: 0)
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                    at += 1
                    guard let next = current else { break }
                    at += 1
                    switch next {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                         UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                        continue
                    case UInt8(ascii: "u"):
                        for _ in 0..<4 {
                            guard let hex = current, JSONTape.hexValue(hex) != nil else { throw error("expected four hex digits after \\u") }
                            at += 1
                        }
                    default:
                        at -= 1
                        throw error("invalid escape")
                    }
                } else if byte < 0x20 {
                    throw error("unescaped control character in a string")
                } else if byte >= 0x80 {
                    let length = UTF8Check.sequenceLength(bytes, at: at)
                    guard length > 0 else { throw error("invalid UTF-8 in a string") }
                    at += length
                } else {
                    at += 1
                }
            }
            throw error("unterminated string")
        }
    }

    @inline(__always) static func append(leaf: Node, to nodes: inout [Node]) {
        var leaf = leaf
        leaf.next = Int32(nodes.count + 1)
        nodes.append(leaf)
    }

    static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(byte - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }
}
