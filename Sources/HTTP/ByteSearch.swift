import Foundation

/// Whether a needle's bytes occur in a text or body, ASCII letters case-folded when asked: the redactor's keys and the
/// body checks' markers are matched byte for byte, where Foundation's searches walk Characters. A needle is anchored
/// on its byte least likely in a body, found with the C library's `memchr` (in both cases for a case-folded letter),
/// and checked around it.
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
        guard !pattern.isEmpty else { return true }
        guard let base = bytes.baseAddress, bytes.count >= pattern.count else { return false }
        let anchor = pattern.indices.min { rarity(pattern[$0]) < rarity(pattern[$1]) }!
        let variants: [UInt8] = ignoringCase && isLetter(pattern[anchor]) ? [pattern[anchor], pattern[anchor] - 32] : [pattern[anchor]]
        for variant in variants {
            var from = anchor
            while from < bytes.count - (pattern.count - 1 - anchor) {
                guard let found = memchr(base + from, Int32(variant), bytes.count - from) else { break }
                let at = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                let start = at - anchor
                if start + pattern.count > bytes.count { break }
                var index = 0
                if ignoringCase {
                    while index < pattern.count, fold(bytes[start + index]) == pattern[index] { index += 1 }
                } else {
                    while index < pattern.count, bytes[start + index] == pattern[index] { index += 1 }
                }
                if index == pattern.count { return true }
                from = at + 1
            }
        }
        return false
    }

    private static func fold(_ byte: UInt8) -> UInt8 { byte >= 65 && byte <= 90 ? byte + 32 : byte }
    private static func isLetter(_ folded: UInt8) -> Bool { folded >= 97 && folded <= 122 }

    /// Lower is rarer in the bodies searched (JSON, CSV, HTML): uncommon punctuation first, then letters from least
    /// to most frequent (upper-case ones rarer still), then the digits and punctuation every body is full of.
    private static func rarity(_ byte: UInt8) -> Int {
        if let rank = lettersByFrequency.firstIndex(of: byte) { return 10 + rank }
        if let rank = lettersByFrequency.firstIndex(of: byte + 32), byte >= 65, byte <= 90 { return 5 + rank / 4 }
        if (48...57).contains(byte) || commonPunctuation.contains(byte) { return byte == UInt8(ascii: "=") ? 8 : 60 }
        return 0
    }

    private static let lettersByFrequency = Array("zqxjkvbpygfwmucldhrsnioate".utf8)
    private static let commonPunctuation = Array("\" ,:.-_{}[]/<>=\n".utf8)
}
