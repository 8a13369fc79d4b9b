import Foundation

/// Removes credentials from anything that will be stored or shown: The Odds API's `apiKey` query parameter,
/// `Authorization` headers (BallDontLie), and any value of the environment's configured secrets.
public struct SecretRedactor: Sendable {
    public static let mask = "[REDACTED]"
    private let secrets: [String]

    public init(secrets: [String] = []) {
        self.secrets = secrets.filter { $0.count >= 4 }.sorted { $0.count > $1.count }
    }

    public func redact(_ text: String) -> String {
        // Most bodies hold none of these: a byte scan decides before Foundation's string and regex machinery runs.
        var result = text
        for secret in secrets where Self.contains(result, secret, ignoringCase: false) {
            result = result.replacingOccurrences(of: secret, with: SecretRedactor.mask)
        }
        if Self.contains(result, "apikey=", ignoringCase: true) {
            result = SecretRedactor.replace(pattern: "(?i)(apiKey=)[^&\\s\"']+", in: result, template: "$1" + SecretRedactor.mask)
        }
        if Self.contains(result, "authorization", ignoringCase: true) {
            result = SecretRedactor.replace(pattern: "(?i)(authorization\"?\\s*[:=]\\s*\"?)(bearer\\s+)?[^\\s\"',}]+",
                                            in: result, template: "$1$2" + SecretRedactor.mask)
        }
        return result
    }

    /// Whether `needle` occurs in `text`, comparing bytes (ASCII letters case-folded when asked).
    static func contains(_ text: String, _ needle: String, ignoringCase: Bool) -> Bool {
        let pattern = Array(needle.utf8).map { ignoringCase ? fold($0) : $0 }
        guard let first = pattern.first else { return true }
        var text = text
        return text.withUTF8 { bytes in
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
    }

    private static func fold(_ byte: UInt8) -> UInt8 { byte >= 65 && byte <= 90 ? byte + 32 : byte }

    private static func replace(pattern: String, in text: String, template: String) -> String {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return text }
        let range = NSRange(text.startIndex..., in: text)
        return regex.stringByReplacingMatches(in: text, range: range, withTemplate: template)
    }
}
