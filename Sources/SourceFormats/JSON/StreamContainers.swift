/// The keyed and unkeyed containers of `StreamEncoder`: each knows the depth of the value it writes, and every write
/// first closes whatever a nested container left open below it.
struct KeyedStreamContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: StreamEncoder
    let depth: Int

    var codingPath: [any CodingKey] { encoder.codingPath(depth: depth) }

    func encodeNil(forKey key: Key) { encoder.member(key.stringValue, depth: depth); encoder.encodeNil() }
    func encode(_ value: Bool, forKey key: Key) { encoder.member(key.stringValue, depth: depth); encoder.encode(value) }
    func encode(_ value: String, forKey key: Key) { encoder.member(key.stringValue, depth: depth); encoder.write(value) }
    func encode(_ value: Double, forKey key: Key) throws { encoder.member(key.stringValue, depth: depth); try encoder.write(floating: value) }
    func encode(_ value: Float, forKey key: Key) throws { encoder.member(key.stringValue, depth: depth); try encoder.write(floating: value) }
    func encode(_ value: Int, forKey key: Key) { encoder.member(key.stringValue, depth: depth); encoder.write(integer: value) }
    func encode(_ value: Int8, forKey key: Key) { encoder.member(key.stringValue, depth: depth); encoder.write(integer: value) }
    func encode(_ value: Int16, forKey key: Key) { encoder.member(key.stringValue, depth: depth); encoder.write(integer: value) }
    func encode(_ value: Int32, forKey key: Key) { encoder.member(key.stringValue, depth: depth); encoder.write(integer: value) }
    func encode(_ value: Int64, forKey key: Key) { encoder.member(key.stringValue, depth: depth); encoder.write(integer: value) }
    func encode(_ value: UInt, forKey key: Key) { encoder.member(key.stringValue, depth: depth); encoder.write(integer: value) }
    func encode(_ value: UInt8, forKey key: Key) { encoder.member(key.stringValue, depth: depth); encoder.write(integer: value) }
    func encode(_ value: UInt16, forKey key: Key) { encoder.member(key.stringValue, depth: depth); encoder.write(integer: value) }
    func encode(_ value: UInt32, forKey key: Key) { encoder.member(key.stringValue, depth: depth); encoder.write(integer: value) }
    func encode(_ value: UInt64, forKey key: Key) { encoder.member(key.stringValue, depth: depth); encoder.write(integer: value) }
    func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        encoder.member(key.stringValue, depth: depth)
        try encoder.nested(value, key: key, depth: depth)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        encoder.member(key.stringValue, depth: depth)
        encoder.depth = depth + 1
        defer { encoder.depth = depth }
        return encoder.container(keyedBy: keyType)
    }

    func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        encoder.member(key.stringValue, depth: depth)
        encoder.depth = depth + 1
        defer { encoder.depth = depth }
        return encoder.unkeyedContainer()
    }

    func superEncoder() -> any Encoder { superEncoder(named: "super") }
    func superEncoder(forKey key: Key) -> any Encoder { superEncoder(named: key.stringValue) }

    /// `super` writes into the member as the caller goes on; the member stays open until this object's next write.
    private func superEncoder(named name: String) -> any Encoder {
        encoder.member(name, depth: depth)
        return DepthEncoder(encoder: encoder, depth: depth + 1)
    }
}

struct UnkeyedStreamContainer: UnkeyedEncodingContainer {
    let encoder: StreamEncoder
    let depth: Int
    private(set) var count = 0

    init(encoder: StreamEncoder, depth: Int) {
        self.encoder = encoder
        self.depth = depth
    }

    var codingPath: [any CodingKey] { encoder.codingPath(depth: depth) }

    private mutating func next() {
        encoder.element(depth: depth)
        count += 1
    }

    mutating func encodeNil() { next(); encoder.encodeNil() }
    mutating func encode(_ value: Bool) { next(); encoder.encode(value) }
    mutating func encode(_ value: String) { next(); encoder.write(value) }
    mutating func encode(_ value: Double) throws { next(); try encoder.write(floating: value) }
    mutating func encode(_ value: Float) throws { next(); try encoder.write(floating: value) }
    mutating func encode(_ value: Int) { next(); encoder.write(integer: value) }
    mutating func encode(_ value: Int8) { next(); encoder.write(integer: value) }
    mutating func encode(_ value: Int16) { next(); encoder.write(integer: value) }
    mutating func encode(_ value: Int32) { next(); encoder.write(integer: value) }
    mutating func encode(_ value: Int64) { next(); encoder.write(integer: value) }
    mutating func encode(_ value: UInt) { next(); encoder.write(integer: value) }
    mutating func encode(_ value: UInt8) { next(); encoder.write(integer: value) }
    mutating func encode(_ value: UInt16) { next(); encoder.write(integer: value) }
    mutating func encode(_ value: UInt32) { next(); encoder.write(integer: value) }
    mutating func encode(_ value: UInt64) { next(); encoder.write(integer: value) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        let index = count
        next()
        try encoder.nested(value, key: IndexKey(index), depth: depth)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        next()
        encoder.depth = depth + 1
        defer { encoder.depth = depth }
        return encoder.container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        next()
        encoder.depth = depth + 1
        defer { encoder.depth = depth }
        return encoder.unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        next()
        return DepthEncoder(encoder: encoder, depth: depth + 1)
    }
}

/// The encoder as seen from a `super` member: containers it makes belong to that member's depth.
private struct DepthEncoder: Encoder {
    let encoder: StreamEncoder
    let depth: Int

    var codingPath: [any CodingKey] { encoder.codingPath(depth: depth - 1) }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        encoder.depth = depth
        defer { encoder.depth = depth - 1 }
        return encoder.container(keyedBy: type)
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        encoder.depth = depth
        defer { encoder.depth = depth - 1 }
        return encoder.unkeyedContainer()
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { encoder }
}
