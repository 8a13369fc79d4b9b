/// How the client treats one host: its request budget and its breaker thresholds. Comes from config/pipeline.yaml.
public struct HostPolicy: Sendable, Equatable {
    public var requestsPerMinute: Double
    public var maxAttempts: Int
    /// Consecutive 429s that open the host's breaker, and how long it stays open.
    public var breakerThreshold: Int
    public var breakerOpenSeconds: Double
    /// Backoff for errors without a Retry-After: full jitter over `min(cap, base · 2^(attempt−1))`.
    public var backoffBaseSeconds: Double
    public var backoffCapSeconds: Double
    public var timeoutSeconds: Int

    public init(requestsPerMinute: Double = 600, maxAttempts: Int = 5, breakerThreshold: Int = 10,
                breakerOpenSeconds: Double = 300, backoffBaseSeconds: Double = 2, backoffCapSeconds: Double = 120,
                timeoutSeconds: Int = 30) {
        self.requestsPerMinute = requestsPerMinute
        self.maxAttempts = maxAttempts
        self.breakerThreshold = breakerThreshold
        self.breakerOpenSeconds = breakerOpenSeconds
        self.backoffBaseSeconds = backoffBaseSeconds
        self.backoffCapSeconds = backoffCapSeconds
        self.timeoutSeconds = timeoutSeconds
    }

    public static let standard = HostPolicy()
}
