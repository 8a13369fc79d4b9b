import Foundation
import SourceFormats

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
        for secret in secrets where ByteSearch.contains(result, secret, ignoringCase: false) {
            result = result.replacingOccurrences(of: secret, with: SecretRedactor.mask)
        }
        if ByteSearch.contains(result, "apikey=", ignoringCase: true) {
            result = SecretRedactor.replace(pattern: "(?i)(apiKey=)[^&\\s\"']+", in: result, template: "$1" + SecretRedactor.mask)
        }
        if ByteSearch.contains(result, "authorization", ignoringCase: true) {
            result = SecretRedactor.replace(pattern: "(?i)(authorization\"?\\s*[:=]\\s*\"?)(bearer\\s+)?[^\\s\"',}]+",
                                            in: result, template: "$1$2" + SecretRedactor.mask)
        }
        return result
    }

    /// Whether `redact` would give back exactly these bytes: well-formed UTF-8 (decoding repairs nothing) holding
    /// no secret, no `apikey=` and no `authorization`. Bytes that pass can be stored as they are, never decoded.
    public func leavesUnchanged(_ body: [UInt8]) -> Bool {
        body.withUnsafeBufferPointer { bytes in
            !secrets.contains { ByteSearch.contains(bytes, $0, ignoringCase: false) }
                && !ByteSearch.contains(bytes, "apikey=", ignoringCase: true)
                && !ByteSearch.contains(bytes, "authorization", ignoringCase: true)
                && UTF8Check.isValid(bytes)
        }
    }

    private static func replace(pattern: String, in text: String, template: String) -> String {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return text }
        let range = NSRange(text.startIndex..., in: text)
        return regex.stringByReplacingMatches(in: text, range: range, withTemplate: template)
    }
}
