import Foundation
import Scrapers
import Warehouse

/// A message as a subscription's handler receives it.
public struct BusMessage: Sendable {
    public let id: String
    public let topic: String
    public let payload: [String: SendableJSON]
    public let correlationID: String?
    public let gameDate: String?
    public let attempt: Int
    /// Attempts already recorded before this series (a replay continues the numbering).
    var base = 0
    var recordedAttempt: Int64 { Int64(base + attempt) }

    public func string(_ key: String) -> String? { payload[key]?.string }
    public func bool(_ key: String) -> Bool { payload[key]?.bool ?? false }
}

/// JSON values that can cross into handlers.
public enum SendableJSON: Sendable, Equatable {
    case string(String), number(Double), bool(Bool), null, array([SendableJSON]), object([String: SendableJSON])

    public var string: String? { if case .string(let s) = self { return s } else { return nil } }
    public var bool: Bool? {
        switch self {
        case .bool(let b): return b
        case .string(let s): return s == "true"
        // Foundation on Linux reads a JSON `true` back as the number 1, so a flag that went through the bus's table
        // arrives as a number.
        case .number(let d): return d != 0
        default: return nil
        }
    }

    init(_ any: Any) {
        switch any {
        case let b as Bool where type(of: any) == Bool.self: self = .bool(b)
        case let s as String: self = .string(s)
        case let i as Int: self = .number(Double(i))
        case let d as Double: self = .number(d)
        case let a as [Any]: self = .array(a.map(SendableJSON.init))
        case let o as [String: Any]: self = .object(o.mapValues(SendableJSON.init))
        default: self = .null
        }
    }
}

/// The durable event bus: publishing inserts a message into `nba_orchestration.messages` and a delivery per
/// subscription; each delivery runs its handler on the event queue; a handler that throws, or that runs past the
/// 600 s ack deadline, is retried with exponential backoff up to 5 attempts, then the message goes to the topic's DLQ.
/// A topic with no subscription keeps its messages and delivers nothing (as `nba-phase4-trigger` did until Jan 21).
public final class EventBus: EventPublishing, @unchecked Sendable {
    public typealias Handler = (BusMessage) throws -> Void
    public static let ackDeadlineSeconds = 600.0
    public static let maxAttempts = 5
    /// Simulated time between publish and delivery.
    static let deliveryLatency = 0.05

    let warehouse: Warehouse
    let clock: any RuntimeClock
    let queue: EventQueue
    let log: RuntimeLog
    private var subscriptions: [String: [(name: String, handler: Handler)]] = [:]
    private let lock = NSLock()
    /// Told of every message published with its deliveries scheduled (set once, before the bus is used): the runtime
    /// starts a Phase 2 run's build from the lake there, while the rest of the scraping job goes on.
    var published: ((BusMessage) -> Void)?

    public init(warehouse: Warehouse, clock: any RuntimeClock, queue: EventQueue, log: RuntimeLog) {
        self.warehouse = warehouse
        self.clock = clock
        self.queue = queue
        self.log = log
    }

    public func subscribe(_ name: String, to topic: String, _ handler: @escaping Handler) {
        lock.withLock { subscriptions[topic, default: []].append((name, handler)) }
    }

    public func unsubscribe(_ name: String, from topic: String) {
        lock.withLock { subscriptions[topic]?.removeAll { $0.name == name } }
    }

    public func subscribers(of topic: String) -> [String] { lock.withLock { subscriptions[topic]?.map(\.name) ?? [] } }

    // MARK: publishing

    public func publish(topic: String, envelope: CompletionEnvelope) throws {
        try publish(topic: topic, fields: envelope.fields)
    }

    @discardableResult
    public func publish(topic: String, fields: [String: Any]) throws -> String {
        let payload = String(decoding: try JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys]), as: UTF8.self)
        let now = PipelineCalendar.timestamp(clock.now)
        let subs = subscribers(of: topic)
        let id: String = try warehouse.write { tx in
            let next = try tx.scalar("SELECT COUNT(*) + 1 FROM nba_orchestration.messages").intValue ?? 1
            let id = String(format: "msg-%07d", next)
            try tx.execute("""
                INSERT INTO nba_orchestration.messages (message_id, topic, correlation_id, game_date, processor_name, status,
                  payload, published_at) VALUES (?,?,?,?,?,?,?,?)
                """, [.text(id), .text(topic), SQLValue(fields["correlation_id"] as? String),
                      SQLValue(fields["game_date"] as? String), SQLValue(fields["processor_name"] as? String),
                      SQLValue(fields["status"] as? String), .text(payload), .text(now)])
            for sub in subs {
                try tx.execute("""
                    INSERT INTO nba_orchestration.deliveries (message_id, subscription, attempt, state, next_attempt_at)
                    VALUES (?, ?, 1, 'pending', ?)
                    """, [.text(id), .text(sub), .text(now)])
            }
            return id
        }
        let message = BusMessage(id: id, topic: topic, payload: fields.mapValues(SendableJSON.init),
                                 correlationID: fields["correlation_id"] as? String, gameDate: fields["game_date"] as? String,
                                 attempt: 1)
        if subs.isEmpty {
            log.record(.debug, "bus", "\(topic): \(id) published, no subscription", correlationID: message.correlationID,
                       gameDate: message.gameDate)
        }
        for sub in subs { scheduleDelivery(message, subscription: sub, at: clock.now + EventBus.deliveryLatency) }
        if !subs.isEmpty { published?(message) }
        return id
    }

    // MARK: delivery

    private func scheduleDelivery(_ message: BusMessage, subscription: String, at time: Date) {
        queue.schedule(at: time, "deliver \(message.topic) → \(subscription) #\(message.attempt)") { [self] in
            deliver(message, subscription: subscription)
        }
    }

    private func handler(_ subscription: String, _ topic: String) -> Handler? {
        lock.withLock { subscriptions[topic]?.first { $0.name == subscription }?.handler }
    }

    func deliver(_ message: BusMessage, subscription: String) {
        let started = clock.now
        let stamp = { PipelineCalendar.timestamp(self.clock.now) }
        try? warehouse.write { tx in
            try tx.execute("""
                INSERT OR REPLACE INTO nba_orchestration.deliveries (message_id, subscription, attempt, state, delivered_at)
                VALUES (?, ?, ?, 'delivered', ?)
                """, [.text(message.id), .text(subscription), .integer(message.recordedAttempt), .text(stamp())])
        }
        var failure: String? = nil
        if let handler = handler(subscription, message.topic) {
            do { try handler(message) } catch { failure = String(describing: error) }
        } else {
            failure = "no subscription \(subscription) on \(message.topic) any more"
        }
        let elapsed = clock.now.timeIntervalSince(started)
        if failure == nil && elapsed > EventBus.ackDeadlineSeconds {
            failure = String(format: "ack deadline exceeded: the handler took %.0f s of the %.0f s allowed", elapsed, EventBus.ackDeadlineSeconds)
        }
        guard let failure else {
            try? warehouse.write { tx in
                try tx.execute("UPDATE nba_orchestration.deliveries SET state = 'acked', acked_at = ? WHERE message_id = ? AND subscription = ? AND attempt = ?",
                               [.text(stamp()), .text(message.id), .text(subscription), .integer(message.recordedAttempt)])
            }
            return
        }
        if message.attempt < EventBus.maxAttempts {
            let backoff = min(600, 10 * pow(2, Double(message.attempt - 1)))
            let next = clock.now + backoff
            try? warehouse.write { tx in
                try tx.execute("""
                    UPDATE nba_orchestration.deliveries SET state = 'failed', error_message = ?, next_attempt_at = ?
                    WHERE message_id = ? AND subscription = ? AND attempt = ?
                    """, [.text(failure), .text(PipelineCalendar.timestamp(next)), .text(message.id), .text(subscription),
                          .integer(message.recordedAttempt)])
                try tx.execute("""
                    INSERT OR REPLACE INTO nba_orchestration.deliveries (message_id, subscription, attempt, state, next_attempt_at)
                    VALUES (?, ?, ?, 'pending', ?)
                    """, [.text(message.id), .text(subscription), .integer(message.recordedAttempt + 1),
                          .text(PipelineCalendar.timestamp(next))])
            }
            log.warning("bus", "\(subscription): \(message.id) attempt \(message.attempt) failed (\(failure)); retry in \(Int(backoff)) s",
                        correlationID: message.correlationID, gameDate: message.gameDate)
            scheduleDelivery(BusMessage(id: message.id, topic: message.topic, payload: message.payload,
                                        correlationID: message.correlationID, gameDate: message.gameDate,
                                        attempt: message.attempt + 1, base: message.base), subscription: subscription, at: next)
        } else {
            try? warehouse.write { tx in
                try tx.execute("""
                    UPDATE nba_orchestration.deliveries SET state = 'dead_lettered', error_message = ?
                    WHERE message_id = ? AND subscription = ? AND attempt = ?
                    """, [.text(failure), .text(message.id), .text(subscription), .integer(message.recordedAttempt)])
                try tx.execute("""
                    INSERT OR REPLACE INTO nba_orchestration.dead_letters (dead_letter_id, message_id, topic, dlq_topic, subscription,
                      attempts, last_error, dead_lettered_at) VALUES (?,?,?,?,?,?,?,?)
                    """, [.text("dlq-\(message.id)-\(subscription)"), .text(message.id), .text(message.topic),
                          .text(message.topic + "-dlq"), .text(subscription), .integer(message.recordedAttempt), .text(failure),
                          .text(stamp())])
            }
            log.error("bus", "\(subscription): \(message.id) dead-lettered to \(message.topic)-dlq after \(message.attempt) attempts: \(failure)",
                      correlationID: message.correlationID, gameDate: message.gameDate)
        }
    }

    /// Deliveries a previous process left pending (a retry not yet due when it stopped) go back on the queue.
    public func resume() throws {
        let rows = try warehouse.read { tx in
            try tx.query("""
                SELECT d.message_id, d.subscription, d.attempt, d.next_attempt_at, m.topic, m.payload
                FROM nba_orchestration.deliveries d JOIN nba_orchestration.messages m ON m.message_id = d.message_id
                WHERE d.state = 'pending' ORDER BY d.next_attempt_at, d.message_id
                """).rows
        }
        for row in rows {
            guard let id = row[0].stringValue, let sub = row[1].stringValue, let attempt = row[2].intValue,
                  let topic = row[4].stringValue, let payload = row[5].stringValue,
                  let fields = try? JSONSerialization.jsonObject(with: Data(payload.utf8)) as? [String: Any] else { continue }
            let due = row[3].stringValue.flatMap(PipelineCalendar.parseTimestamp) ?? clock.now
            let message = BusMessage(id: id, topic: topic, payload: fields.mapValues(SendableJSON.init),
                                     correlationID: fields["correlation_id"] as? String, gameDate: fields["game_date"] as? String,
                                     attempt: min(attempt, EventBus.maxAttempts), base: max(0, attempt - EventBus.maxAttempts))
            scheduleDelivery(message, subscription: sub, at: max(due, clock.now))
        }
    }

    /// Re-delivers a dead-lettered message as a fresh first attempt to the subscription it failed on.
    public func replay(deadLetterID: String) throws -> String? {
        let row = try warehouse.read { tx in
            try tx.query("""
                SELECT d.message_id, d.subscription, m.topic, m.payload FROM nba_orchestration.dead_letters d
                JOIN nba_orchestration.messages m ON m.message_id = d.message_id
                WHERE d.dead_letter_id = ? AND d.replayed_at IS NULL AND d.purged_at IS NULL
                """, [.text(deadLetterID)]).rows.first
        }
        guard let row, let id = row[0].stringValue, let sub = row[1].stringValue, let topic = row[2].stringValue,
              let payload = row[3].stringValue,
              let fields = try? JSONSerialization.jsonObject(with: Data(payload.utf8)) as? [String: Any] else { return nil }
        let replayAttempt = (try warehouse.read { tx in
            try tx.scalar("SELECT MAX(attempt) FROM nba_orchestration.deliveries WHERE message_id = ? AND subscription = ?",
                          [.text(id), .text(sub)]).intValue
        } ?? 0) + 1
        try warehouse.write { tx in
            try tx.execute("UPDATE nba_orchestration.dead_letters SET replayed_at = ? WHERE dead_letter_id = ?",
                           [.text(PipelineCalendar.timestamp(clock.now)), .text(deadLetterID)])
        }
        // A replay gets a full set of attempts again, numbered after the ones already made.
        let message = BusMessage(id: id, topic: topic, payload: fields.mapValues(SendableJSON.init),
                                 correlationID: fields["correlation_id"] as? String, gameDate: fields["game_date"] as? String,
                                 attempt: 1, base: replayAttempt - 1)
        log.info("bus", "\(sub): replaying \(id) from \(topic)-dlq (delivery \(replayAttempt))", correlationID: message.correlationID,
                 gameDate: message.gameDate)
        queue.schedule(at: clock.now + EventBus.deliveryLatency, "replay \(id) → \(sub)") { [self] in
            deliver(message, subscription: sub)
        }
        return id
    }

    public func purge(deadLetterID: String) throws -> Bool {
        try warehouse.write { tx in
            try tx.execute("UPDATE nba_orchestration.dead_letters SET purged_at = ? WHERE dead_letter_id = ? AND purged_at IS NULL",
                           [.text(PipelineCalendar.timestamp(clock.now)), .text(deadLetterID)])
            return tx.changes > 0
        }
    }

    public func deadLetterDepth() throws -> Int {
        try warehouse.read { tx in
            try tx.scalar("SELECT COUNT(*) FROM nba_orchestration.dead_letters WHERE replayed_at IS NULL AND purged_at IS NULL").intValue ?? 0
        }
    }
}
