import Foundation

/// JSON for the sources' wire formats, decoded and encoded without Foundation's JSON coders: the scrapers decode every
/// page they fetch and the scenario feed encodes every page it serves, and those two were an eighth of the demo's CPU.
/// `decode` gives what `JSONDecoder()` gives for the same bytes (default strategies), with the same `DecodingError`
/// cases and paths; `encode` gives the bytes `JSONEncoder` gives with `[.sortedKeys, .withoutEscapingSlashes]`.
/// Both serve plain documents — objects, arrays, strings, numbers, booleans, null; Foundation's special cases for
/// `Date`, `Data`, `URL` and `Decimal` are not reproduced (no wire format carries them).
public enum WireJSON {
    public static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        try bytes.withUnsafeBufferPointer { try decode(type, from: $0) }
    }

    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        try data.withUnsafeBytes { try decode(type, from: $0.bindMemory(to: UInt8.self)) }
    }

    /// Whether `bytes` are one JSON value (RFC 8259 plus the trailing comma Foundation's parser allows, well-formed
    /// UTF-8, at most 512 levels deep): what the HTTP client checks before calling a body "malformed" and retrying.
    public static func isWellFormed(_ bytes: [UInt8]) -> Bool { parse(bytes) != nil }

    /// A body parsed once: the HTTP client's well-formedness check keeps it on the response, and the scraper decodes
    /// from it instead of parsing the same bytes again.
    public struct Parsed: Sendable {
        let nodes: [JSONTape.Node]
        let count: Int
    }

    /// The parse of `bytes` when they are one well-formed JSON value (`isWellFormed`), else nil.
    public static func parse(_ bytes: [UInt8]) -> Parsed? {
        bytes.withUnsafeBufferPointer { buffer in (try? JSONTape(parsing: buffer)).map { Parsed(nodes: $0.nodes, count: buffer.count) } }
    }

    /// Decodes `bytes` from their parse when it is given (and is theirs, by length), else parses them first.
    public static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8], parsed: Parsed?) throws -> T {
        guard let parsed, parsed.count == bytes.count else { return try decode(type, from: bytes) }
        return try bytes.withUnsafeBufferPointer { try TapeDecoder(bytes: $0, nodes: parsed.nodes).value(T.self, at: 0, key: nil) }
    }

    static func decode<T: Decodable>(_ type: T.Type, from bytes: UnsafeBufferPointer<UInt8>) throws -> T {
        guard bytes.count < Int(Int32.max) else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "The given data is too large to decode (2 GB or more)."))
        }
        let tape: JSONTape
        do { tape = try JSONTape(parsing: bytes) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription:
                "The given data was not valid JSON: \(error.problem) at byte \(error.offset).", underlyingError: error))
        }
        return try TapeDecoder(bytes: bytes, nodes: tape.nodes).value(T.self, at: 0, key: nil)
    }
}

/// The `Decoder` over a tape. One instance serves a whole document: nested values move `node` and the path stack and
/// put them back, so decoding allocates no decoder per value; containers remember their path's depth, not a copy.
final class TapeDecoder: Decoder, SingleValueDecodingContainer {
    let bytes: UnsafeBufferPointer<UInt8>
    let nodes: [JSONTape.Node]
    /// The node the value being decoded starts at.
    var node = 0
    private var path: [any CodingKey] = []

    init(bytes: UnsafeBufferPointer<UInt8>, nodes: [JSONTape.Node], node: Int = 0, path: [any CodingKey] = []) {
        self.bytes = bytes
        self.nodes = nodes
        self.node = node
        self.path = path
    }

    /// A decoder of its own at `index`, for a container that may be used after this decoder has moved on.
    func detached(at index: Int, path: [any CodingKey]) -> TapeDecoder {
        TapeDecoder(bytes: bytes, nodes: nodes, node: index, path: path)
    }

    var codingPath: [any CodingKey] { path }
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    var depth: Int { path.count }
    func codingPath(depth: Int) -> [any CodingKey] { Array(path.prefix(depth)) }

    func value<T: Decodable>(_ type: T.Type, at index: Int, key: (any CodingKey)?) throws -> T {
        let saved = node
        node = index
        if let key { path.append(key) }
        defer {
            node = saved
            if key != nil { path.removeLast() }
        }
        return try T(from: self)
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard nodes[node].kind == .object else { throw mismatch([String: Any].self, at: node, path: path) }
        return KeyedDecodingContainer(KeyedTapeContainer<Key>(decoder: self, object: node, depth: path.count))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard nodes[node].kind == .array else { throw mismatch([Any].self, at: node, path: path) }
        return UnkeyedTapeContainer(decoder: self, array: node, depth: path.count)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    // MARK: the value at `node`, as a single-value container

    func decodeNil() -> Bool { nodes[node].kind == .null }
    func decode(_ type: Bool.Type) throws -> Bool { try bool(at: node, path: path) }
    func decode(_ type: String.Type) throws -> String { try string(at: node, path: path) }
    func decode(_ type: Double.Type) throws -> Double { try double(at: node, path: path) }
    func decode(_ type: Float.Type) throws -> Float { Float(try double(at: node, path: path)) }
    func decode(_ type: Int.Type) throws -> Int { try integer(at: node, path: path) }
    func decode(_ type: Int8.Type) throws -> Int8 { try integer(at: node, path: path) }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer(at: node, path: path) }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer(at: node, path: path) }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer(at: node, path: path) }
    func decode(_ type: UInt.Type) throws -> UInt { try integer(at: node, path: path) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(at: node, path: path) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(at: node, path: path) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(at: node, path: path) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(at: node, path: path) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try T(from: self) }

    // MARK: scalars from nodes

    func bool(at index: Int, path: @autoclosure () -> [any CodingKey]) throws -> Bool {
        switch nodes[index].kind {
        case .true: return true
        case .false: return false
        default: throw mismatch(Bool.self, at: index, path: path())
        }
    }

    func string(at index: Int, path: @autoclosure () -> [any CodingKey]) throws -> String {
        let node = nodes[index]
        switch node.kind {
        case .string:
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[Int(node.start)..<Int(node.end)]), as: UTF8.self)
        case .escapedString:
            return unescaped(node)
        default:
            throw mismatch(String.self, at: index, path: path())
        }
    }

    func integer<T: FixedWidthInteger>(at index: Int, path: @autoclosure () -> [any CodingKey]) throws -> T {
        let node = nodes[index]
        guard node.kind == .number else { throw mismatch(T.self, at: index, path: path()) }
        var at = Int(node.start)
        let end = Int(node.end)
        let negative = bytes[at] == UInt8(ascii: "-")
        if negative { at += 1 }
        var value: T = 0
        var whole = true
        while at < end {
            let digit = bytes[at] &- UInt8(ascii: "0")
            guard digit < 10 else { whole = false; break }
            let (times10, overflow) = value.multipliedReportingOverflow(by: 10)
            let (next, overflow2) = negative ? times10.subtractingReportingOverflow(T(digit)) : times10.addingReportingOverflow(T(digit))
            guard !overflow, !overflow2 else { whole = false; break }
            value = next
            at += 1
        }
        if whole { return value }
        // A fraction or an exponent (`1.0`, `1e2`) that is still a whole number fits, as with Foundation.
        if let exact = T(exactly: try double(at: index, path: path())) { return exact }
        throw DecodingError.dataCorrupted(.init(codingPath: path(), debugDescription:
            "Parsed JSON number <\(text(of: node))> does not fit in \(T.self)."))
    }

    func double(at index: Int, path: @autoclosure () -> [any CodingKey]) throws -> Double {
        let node = nodes[index]
        guard node.kind == .number else { throw mismatch(Double.self, at: index, path: path()) }
        if let fast = fastDouble(Int(node.start), Int(node.end)) { return fast }
        guard let parsed = Double(text(of: node)) else {
            throw DecodingError.dataCorrupted(.init(codingPath: path(), debugDescription: "Parsed JSON number <\(text(of: node))> is not a Double."))
        }
        return parsed
    }

    private static let exactPowersOfTen: [Double] = (0...22).map { exponent in
        var power = 1.0
        for _ in 0..<exponent { power *= 10 }
        return power
    }

    /// Clinger's fast path: a significand of at most 2^53 and a power of ten of at most 10^22 are both exact doubles,
    /// so one IEEE multiply or divide rounds correctly. Anything else goes to the standard library's parser.
    private func fastDouble(_ start: Int, _ end: Int) -> Double? {
        var at = start
        let negative = bytes[at] == UInt8(ascii: "-")
        if negative { at += 1 }
        var significand: UInt64 = 0
        var digits = 0
        var exponent = 0
        while at < end, bytes[at] &- UInt8(ascii: "0") < 10 {
            significand = significand &* 10 &+ UInt64(bytes[at] &- UInt8(ascii: "0"))
            digits += 1
            at += 1
        }
        if at < end, bytes[at] == UInt8(ascii: ".") {
            at += 1
            while at < end, bytes[at] &- UInt8(ascii: "0") < 10 {
                significand = significand &* 10 &+ UInt64(bytes[at] &- UInt8(ascii: "0"))
                digits += 1
                exponent -= 1
                at += 1
            }
        }
        if at < end {  // an exponent
            at += 1
            var exponentNegative = false
            if bytes[at] == UInt8(ascii: "+") { at += 1 } else if bytes[at] == UInt8(ascii: "-") { exponentNegative = true; at += 1 }
            var written = 0
            while at < end {
                written = written * 10 + Int(bytes[at] &- UInt8(ascii: "0"))
                if written > 1000 { return nil }
                at += 1
            }
            exponent += exponentNegative ? -written : written
        }
        guard digits <= 19, significand <= 1 << 53, (-22...22).contains(exponent) else { return nil }
        var value = Double(significand)
        value = exponent < 0 ? value / Self.exactPowersOfTen[-exponent] : value * Self.exactPowersOfTen[exponent]
        return negative ? -value : value
    }

    func text(of node: JSONTape.Node) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[Int(node.start)..<Int(node.end)]), as: UTF8.self)
    }

    func unescaped(_ node: JSONTape.Node) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(Int(node.end - node.start))
        var at = Int(node.start)
        let end = Int(node.end)
        while at < end {
            let byte = bytes[at]
            guard byte == UInt8(ascii: "\\") else { out.append(byte); at += 1; continue }
            let escape = bytes[at + 1]
            at += 2
            switch escape {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = hex4(at)
                at += 4
                // A surrogate pair is one scalar; a lone surrogate becomes U+FFFD, as String(decoding:) would make it.
                if (0xD800...0xDBFF).contains(scalar), at + 6 <= end, bytes[at] == UInt8(ascii: "\\"), bytes[at + 1] == UInt8(ascii: "u") {
                    let low = hex4(at + 2)
                    if (0xDC00...0xDFFF).contains(low) {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        at += 6
                    }
                }
                out.append(contentsOf: String(Character(Unicode.Scalar(scalar) ?? "\u{FFFD}")).utf8)
            default: out.append(escape)  // \" \\ \/
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private func hex4(_ at: Int) -> UInt32 {
        (0..<4).reduce(0) { $0 << 4 | (JSONTape.hexValue(bytes[at + $1]) ?? 0) }
    }

    // MARK: errors, worded as Foundation's

    func mismatch(_ type: Any.Type, at index: Int, path: [any CodingKey]) -> DecodingError {
        let kind = nodes[index].kind
        if kind == .null {
            return .valueNotFound(type, .init(codingPath: path, debugDescription: "Cannot get value of type \(type) -- found null value instead"))
        }
        let found: String
        switch kind {
        case .object: found = "a dictionary"
        case .array: found = "an array"
        case .string, .escapedString: found = "a string"
        case .number: found = "number"
        case .true, .false: found = "bool"
        case .null: found = "null"
        }
        let expected = type == [String: Any].self ? "Dictionary<String, Any>" : type == [Any].self ? "Array<Any>" : "\(type)"
        return .typeMismatch(type, .init(codingPath: path, debugDescription: "Expected to decode \(expected) but found \(found) instead."))
    }
}
