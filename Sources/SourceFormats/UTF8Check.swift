/// UTF-8 well-formedness, byte by byte: what decoding a body to a String would have to repair.
public enum UTF8Check {
    /// The length of the well-formed multi-byte sequence starting at `at` (a lead byte and the continuation bytes it
    /// announces, no overlong forms, no surrogates, nothing past U+10FFFF), or 0 when there is none.
    public static func sequenceLength(_ bytes: UnsafeBufferPointer<UInt8>, at: Int) -> Int {
        let lead = bytes[at]
        let length: Int, low: UInt32
        switch lead {
        case 0xC2...0xDF: (length, low) = (2, 0x80)
        case 0xE0...0xEF: (length, low) = (3, 0x800)
        case 0xF0...0xF4: (length, low) = (4, 0x10000)
        default: return 0
        }
        guard bytes.count - at >= length else { return 0 }
        var value = UInt32(lead) & (0xFF >> UInt32(length + 1))
        for offset in 1..<length {
            let next = bytes[at + offset]
            guard next & 0xC0 == 0x80 else { return 0 }
            value = value << 6 | UInt32(next & 0x3F)
        }
        guard value >= low, value <= 0x10FFFF, !(0xD800...0xDFFF).contains(value) else { return 0 }
        return length
    }

    /// Whether every byte belongs to a well-formed sequence; ASCII runs are checked eight bytes at a time.
    public static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        var at = 0
        while at < bytes.count {
            if bytes.count - at >= 8 {
                let word = UnsafeRawPointer(base + at).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 == 0 {
                    at += 8
                    continue
                }
            }
            if bytes[at] < 0x80 {
                at += 1
                continue
            }
            let length = sequenceLength(bytes, at: at)
            guard length > 0 else { return false }
            at += length
        }
        return true
    }
}
