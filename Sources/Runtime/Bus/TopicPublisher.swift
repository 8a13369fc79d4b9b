import Foundation
import Scrapers
import Warehouse

/// Publishing to a durable topic is inserting a message into `nba_orchestration.messages`; deliveries to the topic's
/// subscriptions are made from there. Message ids are sequential per warehouse, so runs stay reproducible.
public struct TopicPublisher: EventPublishing {
    public let warehouse: Warehouse
    public let clock: any RuntimeClock

    public init(warehouse: Warehouse, clock: any RuntimeClock) {
        self.warehouse = warehouse
        self.clock = clock
    }

    public func publish(topic: String, envelope: CompletionEnvelope) throws {
        let payload = try JSONSerialization.data(withJSONObject: envelope.fields, options: [.sortedKeys])
        try publish(topic: topic, payload: String(decoding: payload, as: UTF8.self), correlationID: envelope.correlationID,
                    gameDate: envelope.gameDate, processor: envelope.processorName, status: envelope.status)
    }

    @discardableResult
    public func publish(topic: String, payload: String, correlationID: String?, gameDate: String?, processor: String?,
                        status: String?) throws -> String {
        try warehouse.write { tx in
            let next = try tx.scalar("SELECT COUNT(*) + 1 FROM nba_orchestration.messages").intValue ?? 1
            let id = String(format: "msg-%07d", next)
            try tx.execute("""
                INSERT INTO nba_orchestration.messages (message_id, topic, correlation_id, game_date, processor_name,
                  status, payload, published_at) VALUES (?,?,?,?,?,?,?,?)
                """, [.text(id), .text(topic), SQLValue(correlationID), SQLValue(gameDate), SQLValue(processor),
                      SQLValue(status), .text(payload), .text(PipelineCalendar.timestamp(clock.now))])
            return id
        }
    }
}
