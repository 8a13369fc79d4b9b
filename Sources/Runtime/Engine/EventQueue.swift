import Foundation

/// The runtime's one queue of future work — timers, scheduled jobs, deliveries, retries, deadlines — in time order
/// (ties in the order they were scheduled). Under the simulated clock time jumps from one event to the next, so a
/// whole night runs in moments and always the same way; under the wall clock the runner really waits.
public final class EventQueue: @unchecked Sendable {
    struct Entry {
        let at: Date
        let sequence: Int
        let label: String
        let action: () -> Void
    }

    private let lock = NSLock()
    private var entries: [Entry] = []
    private var sequence = 0

    public init() {}

    public var count: Int { lock.withLock { entries.count } }
    public var nextTime: Date? { lock.withLock { entries.first?.at } }

    public func schedule(at time: Date, _ label: String, _ action: @escaping () -> Void) {
        lock.withLock {
            sequence += 1
            let entry = Entry(at: time, sequence: sequence, label: label, action: action)
            let index = entries.firstIndex { ($0.at, $0.sequence) > (entry.at, entry.sequence) } ?? entries.endIndex
            entries.insert(entry, at: index)
        }
    }

    private func popDue(before end: Date) -> Entry? {
        lock.withLock {
            guard let first = entries.first, first.at <= end else { return nil }
            return entries.removeFirst()
        }
    }

    /// Runs every event due up to `end`, moving `clock` to each one's time first (work that itself waited may
    /// already have moved the clock past it; then the event runs late, as it would in life). Returns how many ran.
    @discardableResult
    public func run(until end: Date, clock: any RuntimeClock, isCancelled: () -> Bool = { false }) -> Int {
        var ran = 0
        while !isCancelled() {
            // On the wall clock, wait in short steps so a stop request is noticed; events scheduled meanwhile count.
            if !clock.isSimulated {
                let next = min(nextTime ?? end, end)
                if next > clock.now {
                    clock.sleep(seconds: min(1, next.timeIntervalSince(clock.now)))
                    continue
                }
            }
            guard let entry = popDue(before: end) else { break }
            let wait = entry.at.timeIntervalSince(clock.now)
            if wait > 0 { clock.sleep(seconds: wait) }
            entry.action()
            ran += 1
        }
        let rest = end.timeIntervalSince(clock.now)
        if rest > 0 && clock.isSimulated && !isCancelled() { clock.sleep(seconds: rest) }
        return ran
    }

    /// Labels of what is waiting, for `status` and tests.
    public var pending: [(at: Date, label: String)] { lock.withLock { entries.map { ($0.at, $0.label) } } }
}
