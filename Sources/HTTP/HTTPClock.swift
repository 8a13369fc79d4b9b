import Foundation

/// The only notion of time the HTTP layer has: backoff sleeps, Retry-After waits, rate budgets and breaker windows
/// all go through it, so under a simulated clock a 60-second wait costs no real time. The runtime's clocks conform.
public protocol HTTPClock: Sendable {
    var now: Date { get }
    /// Waits `seconds` on this clock: a simulated clock jumps ahead, a wall clock really sleeps.
    func sleep(seconds: Double)
}
