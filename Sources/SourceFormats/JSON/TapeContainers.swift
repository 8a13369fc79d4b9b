/// The keyed and unkeyed containers of `TapeDecoder`. A keyed lookup walks the object's members comparing bytes —
/// objects in the wire formats have a few dozen members at most, so a scan beats building a table of them.
struct KeyedTapeContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: TapeDecoder
    let object: Int
    let depth: Int

    var codingPath: [any CodingKey] { decoder.codingPath(depth: depth) }

    var allKeys: [Key] {
        var keys: [Key] = []
        var index = object + 1
        let end = Int(decoder.nodes[object].next)
        while index < end {
            if let name = try? decoder.string(at: index, path: []), let key = Key(stringValue: name) { keys.append(key) }
            index = Int(decoder.nodes[index + 1].next)
        }
        return keys
    }

    /// The node of `key`'s value, the first member of that name.
    func find(_ key: Key) -> Int? {
        var name = key.stringValue
        return name.withUTF8 { wanted -> Int? in
            let nodes = decoder.nodes, bytes = decoder.bytes
            var index = object + 1
            let end = Int(nodes[object].next)
            while index < end {
                let member = nodes[index]
                if member.kind == .string {
                    if Int(member.end - member.start) == wanted.count {
                        var at = Int(member.start), offset = 0
                        while offset < wanted.count, bytes[at] == wanted[offset] { at += 1; offset += 1 }
                        if offset == wanted.count { return index + 1 }
                    }
                } else if decoder.unescaped(member).utf8.elementsEqual(wanted) {
                    return index + 1
                }
                index = Int(nodes[index + 1].next)
            }
            return nil
        }
    }

    func value(_ key: Key) throws -> Int {
        guard let index = find(key) else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription:
                "No value associated with key \(key) (\"\(key.stringValue)\")."))
        }
        return index
    }

    /// The value's node, or nil when the key is missing or its value is null.
    func present(_ key: Key) -> Int? {
        guard let index = find(key), decoder.nodes[index].kind != .null else { return nil }
        return index
    }

    func path(_ key: Key) -> [any CodingKey] { codingPath + [key] }

    func contains(_ key: Key) -> Bool { find(key) != nil }
    func decodeNil(forKey key: Key) throws -> Bool { decoder.nodes[try value(key)].kind == .null }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try decoder.bool(at: try value(key), path: path(key)) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try decoder.string(at: try value(key), path: path(key)) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try decoder.double(at: try value(key), path: path(key)) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { Float(try decoder.double(at: try value(key), path: path(key))) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try decoder.integer(at: try value(key), path: path(key)) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try decoder.integer(at: try value(key), path: path(key)) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try decoder.integer(at: try value(key), path: path(key)) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try decoder.integer(at: try value(key), path: path(key)) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try decoder.integer(at: try value(key), path: path(key)) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try decoder.integer(at: try value(key), path: path(key)) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try decoder.integer(at: try value(key), path: path(key)) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try decoder.integer(at: try value(key), path: path(key)) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try decoder.integer(at: try value(key), path: path(key)) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try decoder.integer(at: try value(key), path: path(key)) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try decoder.value(T.self, at: try value(key), key: key) }

    // One lookup for an optional member (the protocol's defaults look the key up three times).
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try present(key).map { try decoder.bool(at: $0, path: path(key)) } }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try present(key).map { try decoder.string(at: $0, path: path(key)) } }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try present(key).map { try decoder.double(at: $0, path: path(key)) } }
    func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? { try present(key).map { Float(try decoder.double(at: $0, path: path(key))) } }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try present(key).map { try decoder.integer(at: $0, path: path(key)) } }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try present(key).map { try decoder.integer(at: $0, path: path(key)) } }
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        try present(key).map { try decoder.value(T.self, at: $0, key: key) }
    }

    // Nested containers and `super` get a decoder of their own: they may outlive the member's turn on this one.
    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try decoder.detached(at: try value(key), path: path(key)).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try decoder.detached(at: try value(key), path: path(key)).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        guard let key = Key(stringValue: "super") else {
            throw DecodingError.keyNotFound(SuperKey(), .init(codingPath: codingPath, debugDescription: "No value associated with key super."))
        }
        return try superDecoder(forKey: key)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder { decoder.detached(at: try value(key), path: path(key)) }
}

struct SuperKey: CodingKey {
    var stringValue: String { "super" }
    var intValue: Int? { nil }
    init() {}
    init?(stringValue: String) { guard stringValue == "super" else { return nil } }
    init?(intValue: Int) { nil }
}

/// An array element's place in a path, spelled as Foundation spells it (`Index 3`) only when asked.
struct IndexKey: CodingKey {
    let index: Int
    var stringValue: String { "Index \(index)" }
    var intValue: Int? { index }
    init(_ index: Int) { self.index = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { index = intValue }
}

struct UnkeyedTapeContainer: UnkeyedDecodingContainer {
    let decoder: TapeDecoder
    let depth: Int
    let count: Int?
    private(set) var currentIndex = 0
    /// The node of the element at `currentIndex`.
    private var position: Int

    init(decoder: TapeDecoder, array: Int, depth: Int) {
        self.decoder = decoder
        self.depth = depth
        count = Int(decoder.nodes[array].end)
        position = array + 1
    }

    var codingPath: [any CodingKey] { decoder.codingPath(depth: depth) }
    var isAtEnd: Bool { currentIndex >= count! }

    private func element(_ type: Any.Type) throws -> Int {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(type, .init(codingPath: codingPath + [IndexKey(currentIndex)], debugDescription: "Unkeyed container is at end."))
        }
        return position
    }

    private mutating func advance() {
        position = Int(decoder.nodes[position].next)
        currentIndex += 1
    }

    private func path() -> [any CodingKey] { codingPath + [IndexKey(currentIndex)] }

    mutating func decodeNil() throws -> Bool {
        guard decoder.nodes[try element(Never.self)].kind == .null else { return false }
        advance()
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { defer { advance() }; return try decoder.bool(at: try element(type), path: path()) }
    mutating func decode(_ type: String.Type) throws -> String { defer { advance() }; return try decoder.string(at: try element(type), path: path()) }
    mutating func decode(_ type: Double.Type) throws -> Double { defer { advance() }; return try decoder.double(at: try element(type), path: path()) }
    mutating func decode(_ type: Float.Type) throws -> Float { defer { advance() }; return Float(try decoder.double(at: try element(type), path: path())) }
    mutating func decode(_ type: Int.Type) throws -> Int { defer { advance() }; return try decoder.integer(at: try element(type), path: path()) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { defer { advance() }; return try decoder.integer(at: try element(type), path: path()) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { defer { advance() }; return try decoder.integer(at: try element(type), path: path()) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { defer { advance() }; return try decoder.integer(at: try element(type), path: path()) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { defer { advance() }; return try decoder.integer(at: try element(type), path: path()) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { defer { advance() }; return try decoder.integer(at: try element(type), path: path()) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { defer { advance() }; return try decoder.integer(at: try element(type), path: path()) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { defer { advance() }; return try decoder.integer(at: try element(type), path: path()) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { defer { advance() }; return try decoder.integer(at: try element(type), path: path()) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { defer { advance() }; return try decoder.integer(at: try element(type), path: path()) }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let index = try element(type)
        let value = try decoder.value(T.self, at: index, key: IndexKey(currentIndex))
        advance()
        return value
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let nested = decoder.detached(at: try element(type), path: path())
        defer { advance() }
        return try nested.container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let nested = decoder.detached(at: try element([Any].self), path: path())
        defer { advance() }
        return try nested.unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        let nested = decoder.detached(at: try element(Never.self), path: path())
        advance()
        return nested
    }
}
