import Foundation
import HTTP
import Scrapers
import Yams

/// config/pipeline.yaml, read with Yams. The built-in `standard` value equals the committed file (a test holds them
/// together), so a binary run from anywhere behaves as one run from the repository.
public struct PipelineConfig: Sendable, Equatable {
    public var sources: [SourceSettings]
    public var scenarioSeed: UInt64
    public var scenarioFeedURL: String?
    public var scenarioTimeoutSeconds: Int
    /// Per-source budgets against the local feed: under the limits it enforces (BallDontLie 600/min, Odds 30/s).
    public var scenarioRequestsPerMinute: [SourceSettings.Name: Double]
    /// The scheduler's jobs: Eastern times of day (or hours before the first tip for betting lines), and whether on.
    public var jobs: [String: JobTiming]
    /// Alerts are also POSTed here when set (`$NBAOPS_WEBHOOK_URL` overrides).
    public var alertWebhookURL: String?

    public struct JobTiming: Sendable, Equatable {
        public struct Time: Sendable, Equatable { public let hour: Int; public let minute: Int }
        public var times: [Time]
        public var hoursBeforeFirstTip: [Double]
        public var enabled: Bool
    }

    public enum ConfigError: Error, CustomStringConvertible {
        case unreadable(String, String)
        case invalid(String, String)
        public var description: String {
            switch self {
            case .unreadable(let path, let why): "cannot read \(path): \(why)"
            case .invalid(let path, let why): "\(path): \(why)"
            }
        }
    }

    /// `$NBAOPS_CONFIG`, else `config/pipeline.yaml` under the working directory, else the built-in copy.
    public static func load(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> PipelineConfig {
        if let path = environment["NBAOPS_CONFIG"], !path.isEmpty { return try load(path: path) }
        if FileManager.default.fileExists(atPath: "config/pipeline.yaml") { return try load(path: "config/pipeline.yaml") }
        return standard
    }

    public static func load(path: String) throws -> PipelineConfig {
        guard let data = FileManager.default.contents(atPath: path) else { throw ConfigError.unreadable(path, "no such file") }
        return try parse(String(decoding: data, as: UTF8.self), path: path)
    }

    public static func parse(_ text: String, path: String = "pipeline.yaml") throws -> PipelineConfig {
        let root: [String: Any]
        do { root = try Yams.load(yaml: text) as? [String: Any] ?? [:] } catch {
            throw ConfigError.invalid(path, "not valid YAML: \(error)")
        }
        guard let sourceMap = root["sources"] as? [String: Any] else { throw ConfigError.invalid(path, "no 'sources' section") }
        var sources: [SourceSettings] = []
        for name in SourceSettings.Name.allCases {
            guard let entry = sourceMap[name.rawValue] as? [String: Any] else {
                throw ConfigError.invalid(path, "sources.\(name.rawValue) is missing")
            }
            guard let base = entry["base_url"] as? String, !base.isEmpty else {
                throw ConfigError.invalid(path, "sources.\(name.rawValue).base_url is missing")
            }
            let number = { (key: String, fallback: Double) -> Double in
                (entry[key] as? Double) ?? (entry[key] as? Int).map(Double.init) ?? fallback
            }
            let policy = HostPolicy(requestsPerMinute: number("requests_per_minute", 600),
                                    maxAttempts: Int(number("max_attempts", 5)),
                                    breakerThreshold: Int(number("breaker_threshold", 10)),
                                    breakerOpenSeconds: number("breaker_open_seconds", 300),
                                    backoffBaseSeconds: number("backoff_base_seconds", 2),
                                    backoffCapSeconds: number("backoff_cap_seconds", 120),
                                    timeoutSeconds: Int(number("timeout_seconds", 30)))
            sources.append(SourceSettings(name: name, baseURL: base, keyEnvironmentVariable: entry["key_env"] as? String,
                                          policy: policy, pageSize: Int(number("page_size", 100))))
        }
        let scenario = root["scenario"] as? [String: Any] ?? [:]
        let feedURL = (scenario["feed_url"] as? String).flatMap { $0.isEmpty ? nil : $0 }
        var budgets: [SourceSettings.Name: Double] = [:]
        for (key, value) in scenario["requests_per_minute"] as? [String: Any] ?? [:] {
            guard let name = SourceSettings.Name(rawValue: key) else {
                throw ConfigError.invalid(path, "scenario.requests_per_minute.\(key) is not a source")
            }
            budgets[name] = (value as? Double) ?? (value as? Int).map(Double.init)
        }
        var jobs: [String: JobTiming] = [:]
        for (name, value) in root["scheduler"] as? [String: Any] ?? [:] {
            guard let entry = value as? [String: Any] else { throw ConfigError.invalid(path, "scheduler.\(name) is not a mapping") }
            var timing = JobTiming(times: [], hoursBeforeFirstTip: [], enabled: (entry["enabled"] as? Bool) ?? true)
            for text in entry["times"] as? [String] ?? [] {
                let parts = text.split(separator: ":")
                guard parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]), (0..<24).contains(h), (0..<60).contains(m) else {
                    throw ConfigError.invalid(path, "scheduler.\(name): '\(text)' is not HH:MM")
                }
                timing.times.append(.init(hour: h, minute: m))
            }
            if let every = entry["every_minutes"] as? Int, every > 0 {
                timing.times = stride(from: 0, to: 24 * 60, by: every).map { JobTiming.Time(hour: $0 / 60, minute: $0 % 60) }
            }
            timing.hoursBeforeFirstTip = (entry["hours_before_first_tip"] as? [Any] ?? []).compactMap { ($0 as? Double) ?? ($0 as? Int).map(Double.init) }
            jobs[name] = timing
        }
        return PipelineConfig(sources: sources, scenarioSeed: UInt64((scenario["seed"] as? Int) ?? 2026),
                              scenarioFeedURL: feedURL, scenarioTimeoutSeconds: (scenario["timeout_seconds"] as? Int) ?? 3,
                              scenarioRequestsPerMinute: budgets, jobs: jobs,
                              alertWebhookURL: ((root["alerts"] as? [String: Any])?["webhook_url"] as? String).flatMap { $0.isEmpty ? nil : $0 })
    }

    public static let standard: PipelineConfig = {
        let policy = { (perMinute: Double) in HostPolicy(requestsPerMinute: perMinute) }
        return PipelineConfig(sources: [
            SourceSettings(name: .bdl, baseURL: "https://api.balldontlie.io/v1", keyEnvironmentVariable: "BDL_API_KEY", policy: policy(600)),
            SourceSettings(name: .nbacom, baseURL: "https://cdn.nba.com", policy: policy(30)),
            SourceSettings(name: .odds, baseURL: "https://api.the-odds-api.com/v4", keyEnvironmentVariable: "ODDS_API_KEY", policy: policy(600)),
            SourceSettings(name: .br, baseURL: "https://www.basketball-reference.com", policy: policy(17)),
            SourceSettings(name: .bigdataball, baseURL: "https://www.googleapis.com", keyEnvironmentVariable: "BIGDATABALL_TOKEN", policy: policy(120)),
        ], scenarioSeed: 2026, scenarioFeedURL: nil, scenarioTimeoutSeconds: 3,
           scenarioRequestsPerMinute: [.bdl: 540, .odds: 900, .nbacom: 6000, .br: 6000, .bigdataball: 6000],
           jobs: PipelineRuntime.defaultJobTimings, alertWebhookURL: nil)
    }()

    /// The real sources with keys from the environment.
    public func realSources(environment: [String: String] = ProcessInfo.processInfo.environment) -> SourceDirectory {
        var keys: [SourceSettings.Name: String] = [:]
        for source in sources {
            if let variable = source.keyEnvironmentVariable, let key = environment[variable], !key.isEmpty { keys[source.name] = key }
        }
        return SourceDirectory(sources: sources, keys: keys)
    }

    /// The sources pointed at a scenario feed, with the scenario's short timeouts and generous budget.
    public func scenarioSources(feedURL: String, keys: [SourceSettings.Name: String]) -> SourceDirectory {
        let local = sources.map { source -> SourceSettings in
            var s = source
            s.policy.timeoutSeconds = scenarioTimeoutSeconds
            s.policy.requestsPerMinute = scenarioRequestsPerMinute[source.name] ?? source.policy.requestsPerMinute
            return s
        }
        return SourceDirectory(sources: local).pointed(atFeed: feedURL, keys: keys)
    }
}
