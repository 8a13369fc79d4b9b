import Foundation
import SourceFormats

/// Faults injected into the runtime's own services (the feed has its own for the sources): a service that fails
/// every request over a date window, a processor that crashes. Used by `chaos` and by the demo's incident.
public final class RuntimeFaults: @unchecked Sendable {
    public struct Rule: Sendable {
        public let service: String
        public let dates: ClosedRange<Day>?
        public let message: String
        public init(service: String, dates: ClosedRange<Day>?, message: String) {
            self.service = service
            self.dates = dates
            self.message = message
        }
    }

    public struct Injected: Error, CustomStringConvertible {
        public let description: String
    }

    private let lock = NSLock()
    private var rules: [Rule] = []

    public init() {}

    public func add(_ rule: Rule) { lock.withLock { rules.append(rule) } }
    public func clear() { lock.withLock { rules.removeAll() } }
    public var all: [Rule] { lock.withLock { rules } }

    /// Throws when a rule says this service fails for this date.
    public func check(_ service: String, date: Day?) throws {
        let hit = lock.withLock {
            rules.first { rule in
                rule.service == service && (rule.dates == nil || date.map { rule.dates!.contains($0) } == true)
            }
        }
        if let hit { throw Injected(description: hit.message) }
    }
}
