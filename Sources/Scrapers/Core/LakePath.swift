import HTTP

/// Where Phase 1 keeps a raw response: `lake/<source>/<kind>/<game_date>/<timestamp>[-page].json`, the cloud bucket's
/// layout. Names never carry a secret: anything that came from a request URL goes through the redactor first.
public struct LakePath: Sendable, Equatable {
    public let source: String
    public let kind: String
    public let gameDate: String
    public let timestamp: String
    public let page: Int?
    /// What distinguishes files of one scrape: a game id, an event id, a team.
    public let item: String?
    public let fileExtension: String

    public init(source: String, kind: String, gameDate: String, timestamp: String, page: Int? = nil, item: String? = nil,
                fileExtension: String = "json") {
        self.source = source
        self.kind = kind
        self.gameDate = gameDate
        self.timestamp = timestamp
        self.page = page
        self.item = item
        self.fileExtension = fileExtension
    }

    /// Relative to the warehouse's `lake/` directory.
    public var relative: String {
        let stamp = LakePath.safe(timestamp)
        var name = stamp
        if let item { name += "-" + LakePath.safe(item) }
        if let page { name += "-p" + String(format: "%03d", page) }
        return "\(LakePath.safe(source))/\(LakePath.safe(kind))/\(gameDate)/\(name).\(LakePath.safe(fileExtension))"
    }

    /// Keeps names to a portable set: no separators, no `..`, nothing a shell or a URL would mangle.
    static func safe(_ component: String) -> String {
        let redacted = SecretRedactor().redact(component)
        return String(redacted.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "-" })
    }
}
