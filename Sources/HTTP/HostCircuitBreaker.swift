import Foundation

/// One breaker per host: `threshold` consecutive 429s open it for `openSeconds`; after that one trial request is let
/// through (half-open) and its outcome closes or re-opens it.
public struct BreakerSnapshot: Sendable, Equatable {
    public enum State: String, Sendable { case closed, open, halfOpen = "half_open" }
    public let host: String
    public let state: State
    public let consecutiveRateLimits: Int
    public let openedAt: Date?
    public let reopensAt: Date?
}

final class HostCircuitBreakers: @unchecked Sendable {
    private struct Entry {
        var consecutive = 0
        var openedAt: Date?
        var trialInFlight = false
    }

    private let lock = NSLock()
    private var entries: [String: Entry] = [:]

    enum Admission: Equatable { case allowed, trial, rejected(until: Date) }

    func admit(host: String, policy: HostPolicy, now: Date) -> Admission {
        lock.withLock {
            var entry = entries[host, default: Entry()]
            defer { entries[host] = entry }
            guard let opened = entry.openedAt else { return .allowed }
            let reopens = opened + policy.breakerOpenSeconds
            if now < reopens || entry.trialInFlight { return .rejected(until: max(reopens, now)) }
            entry.trialInFlight = true
            return .trial
        }
    }

    /// Records an attempt's outcome; returns the new snapshot when the state changed.
    func record(host: String, rateLimited: Bool, policy: HostPolicy, now: Date) -> BreakerSnapshot? {
        lock.withLock {
            var entry = entries[host, default: Entry()]
            let wasOpen = entry.openedAt != nil
            entry.trialInFlight = false
            if rateLimited {
                entry.consecutive += 1
                if wasOpen || entry.consecutive >= policy.breakerThreshold { entry.openedAt = now }
            } else {
                entry.consecutive = 0
                entry.openedAt = nil
            }
            entries[host] = entry
            let isOpen = entry.openedAt != nil
            guard isOpen != wasOpen || (isOpen && rateLimited) else { return nil }
            return snapshot(host: host, entry: entry, policy: policy, now: now)
        }
    }

    func snapshots(policy: (String) -> HostPolicy, now: Date) -> [BreakerSnapshot] {
        lock.withLock {
            entries.keys.sorted().map { snapshot(host: $0, entry: entries[$0]!, policy: policy($0), now: now) }
        }
    }

    private func snapshot(host: String, entry: Entry, policy: HostPolicy, now: Date) -> BreakerSnapshot {
        let reopens = entry.openedAt.map { $0 + policy.breakerOpenSeconds }
        let state: BreakerSnapshot.State
        if let reopens { state = now < reopens ? .open : .halfOpen } else { state = .closed }
        return BreakerSnapshot(host: host, state: state, consecutiveRateLimits: entry.consecutive,
                               openedAt: entry.openedAt, reopensAt: reopens)
    }
}
