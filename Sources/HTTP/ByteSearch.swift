/// Whether a needle's bytes occur in a text or body, ASCII letters case-folded when asked: the redactor's keys and the
/// body checks' markers are matched byte for byte, where Foundation's searches walk Characters.
enum ByteSearch {
    static func contains(_ text: String, _ needle: String, ignoringCase: Bool) -> Bool {
        var text = text
        return text.withUTF8 { contains($0, needle, ignoringCase: ignoringCase) }
    }

    static func contains(_ bytes: [UInt8], _ needle: String, ignoringCase: Bool) -> Bool {
        bytes.withUnsafeBufferPointer { contains($0, needle, ignoringCase: ignoringCase) }
    }

    static func contains(_ bytes: UnsafeBufferPointer<UInt8>, _ needle: String, ignoringCase: Bool) -> Bool {
        let pattern = Array(needle.utf8).map { ignoringCase ? fold($0) : $0 }
        guard let first = pattern.first else { return true }
        guard bytes.count >= pattern.count else { return false }
        var i = 0
        let last = bytes.count - pattern.count
        while i <= last {
            if (ignoringCase ? fold(bytes[i]) : bytes[i]) == first {
                var j = 1
                while j < pattern.count, (ignoringCase ? fold(bytes[i + j]) : bytes[i + j]) == pattern[j] { j += 1 }
                if j == pattern.count { return true }
            }
            i += 1
        }
        return false
    }

    private static func fold(_ byte: UInt8) -> UInt8 { byte >= 65 && byte <= 90 ? byte + 32 : byte }
}
