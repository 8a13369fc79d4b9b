import Foundation

/// `player_lookup`: the name key every source joins on — lowercase, diacritics folded, no spaces or punctuation
/// (`LeBron James` → `lebronjames`, `Nikola Jokić` → `nikolajokic`).
public enum PlayerLookup {
    public static func normalize(_ name: String) -> String {
        let folded = name.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive],
                                  locale: Locale(identifier: "en_US_POSIX"))
        return String(folded.lowercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) && $0.isASCII }
            .map(Character.init))
    }
}
