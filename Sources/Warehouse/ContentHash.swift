internal import Crypto

/// SHA-256 for partition content hashes and short ids, through swift-crypto (BoringSSL's implementation, which uses
/// the CPU's SHA instructions where it has them: every partition write hashes every row, and this is several times
/// faster than the portable code it replaced, with the same digests).
public struct SHA256 {
    private var hasher = Crypto.SHA256()

    public init() {}

    /// Bytes straight from contiguous storage.
    public mutating func update(_ bytes: UnsafeBufferPointer<UInt8>) {
        hasher.update(bufferPointer: UnsafeRawBufferPointer(bytes))
    }

    public mutating func update<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        if bytes.withContiguousStorageIfAvailable({ update($0) }) != nil { return }
        Array(bytes).withUnsafeBufferPointer { update($0) }
    }

    public mutating func update(_ string: String) {
        var string = string
        string.withUTF8 { update($0) }
    }

    /// The digest as 64 lowercase hex digits.
    public func finalizeHex() -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in hasher.finalize() {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0xf)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    public static func hex(_ string: String) -> String {
        var hasher = SHA256()
        hasher.update(string)
        return hasher.finalizeHex()
    }
}
