import Foundation

/// A token bucket per host, shared by every caller of one client: scrapers, backfills and re-scrapes all draw from
/// the same budget, so a backfill cannot starve tonight's scrape of a host's quota by running beside it.
final class RateBudget: @unchecked Sendable {
    private let lock = NSLock()
    private var tokens: [String: Double] = [:]
    private var refilledAt: [String: Date] = [:]

    /// Takes one request's token for `host`, returning how long the caller must wait first (0 when one is free).
    func reserve(host: String, perMinute: Double, now: Date) -> Double {
        lock.withLock {
            let capacity = max(1, perMinute / 60)  // at most one second's worth at once
            let rate = perMinute / 60
            var available = tokens[host] ?? capacity
            if let last = refilledAt[host] { available = min(capacity, available + now.timeIntervalSince(last) * rate) }
            refilledAt[host] = now
            available -= 1
            tokens[host] = available
            return available >= 0 ? 0 : -available / rate
        }
    }
}
