import Foundation

/// `player_lookup`: the name key every source joins on — lowercase, diacritics folded, no spaces or punctuation
/// (`LeBron James` → `lebronjames`, `Nikola Jokić` → `nikolajokic`).
public enum PlayerLookup {
    public static func normalize(_ name: String) -> String {
        asciiKey(name) ?? foldedKey(name)
    }

    /// The definition: Foundation's folding, then ASCII letters and digits.
    static func foldedKey(_ name: String) -> String {
        let folded = name.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive],
                                  locale: Locale(identifier: "en_US_POSIX"))
        return String(folded.lowercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) && $0.isASCII }
            .map(Character.init))
    }

    /// Almost every name is plain ASCII, where folding changes nothing but case: the key is its letters and digits,
    /// lowercased, byte by byte (Foundation's folding is most of a processor's time otherwise). Nil for anything else.
    static func asciiKey(_ name: String) -> String? {
        var name = name
        return name.withUTF8 { bytes -> String? in
            var key: [UInt8] = []
            key.reserveCapacity(bytes.count)
            for byte in bytes {
                switch byte {
                case 0x80...: return nil
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): key.append(byte + 32)
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): key.append(byte)
                default: continue
                }
            }
            return String(decoding: key, as: UTF8.self)
        }
    }
}
