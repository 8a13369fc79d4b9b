import Foundation
import HTTP

/// An instant as the runtime sees it. Everything that needs "now" asks a `RuntimeClock`, never the system.
public protocol RuntimeClock: HTTPClock {
    var now: Date { get }
    var isSimulated: Bool { get }
}

/// Real time, for the daemon and for wall-time stamps in transcripts. The one place that reads the system clock.
public struct WallClock: RuntimeClock {
    public init() {}
    public var now: Date { Date() }
    public var isSimulated: Bool { false }
    public func sleep(seconds: Double) { if seconds > 0 { Thread.sleep(forTimeInterval: seconds) } }
}

/// Simulated time: it moves only when told to, so runs are reproducible. (The discrete-event queue that drives it
/// arrives with the runtime; here it holds and advances the instant.)
public final class VirtualClock: RuntimeClock, @unchecked Sendable {
    private let lock = NSLock()
    private var instant: Date

    public init(start: Date) { instant = start }

    public var now: Date { lock.withLock { instant } }
    public var isSimulated: Bool { true }
    /// A wait on simulated time costs no real time: the clock jumps by the waited amount.
    public func sleep(seconds: Double) { advance(by: seconds) }

    public func advance(to date: Date) { lock.withLock { if date > instant { instant = date } } }
    public func advance(by seconds: TimeInterval) { lock.withLock { instant += max(0, seconds) } }
}
