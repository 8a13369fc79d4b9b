import HTTP

/// One data source as config/pipeline.yaml describes it: where it is, which environment variable holds its key, and
/// the host policy the shared HTTP client applies to it.
public struct SourceSettings: Sendable, Equatable {
    public enum Name: String, Sendable, CaseIterable { case bdl, nbacom, odds, br, bigdataball }
    public var name: Name
    public var baseURL: String
    public var keyEnvironmentVariable: String?
    public var policy: HostPolicy
    /// Rows per page for cursor-paged endpoints (BallDontLie allows at most 100).
    public var pageSize: Int

    public init(name: Name, baseURL: String, keyEnvironmentVariable: String? = nil, policy: HostPolicy = .standard,
                pageSize: Int = 100) {
        self.name = name
        self.baseURL = baseURL
        self.keyEnvironmentVariable = keyEnvironmentVariable
        self.policy = policy
        self.pageSize = pageSize
    }
}

/// Where every source is, and the keys to use. `real` points at the production APIs; `scenario` at the feed.
public struct SourceDirectory: Sendable {
    public var sources: [SourceSettings.Name: SourceSettings]
    /// Keys by source, read from the environment (or handed over by an in-process scenario feed).
    public var keys: [SourceSettings.Name: String]
    /// Set in scenario mode: requests carry the simulated instant so the feed serves what exists at that time.
    public var sendsScenarioClock: Bool

    public init(sources: [SourceSettings], keys: [SourceSettings.Name: String] = [:], sendsScenarioClock: Bool = false) {
        self.sources = Dictionary(uniqueKeysWithValues: sources.map { ($0.name, $0) })
        self.keys = keys
        self.sendsScenarioClock = sendsScenarioClock
    }

    public func settings(_ name: SourceSettings.Name) -> SourceSettings { sources[name]! }
    public var secrets: [String] { Array(keys.values) }

    /// The same sources with every base URL moved under one feed server (`http://127.0.0.1:PORT/<prefix>`).
    public func pointed(atFeed base: String, keys: [SourceSettings.Name: String]) -> SourceDirectory {
        let prefixes: [SourceSettings.Name: String] = [.bdl: "/balldontlie/v1", .nbacom: "/nba-cdn", .odds: "/the-odds-api/v4",
                                                        .br: "/basketball-reference", .bigdataball: "/bigdataball"]
        var moved = self
        for (name, var settings) in sources {
            settings.baseURL = base + prefixes[name]!
            moved.sources[name] = settings
        }
        moved.keys = keys
        moved.sendsScenarioClock = true
        return moved
    }
}
