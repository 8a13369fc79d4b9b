/// The production "unified envelope" every phase publishes on completion.
public struct CompletionEnvelope: Sendable, Equatable {
    public var processorName: String
    public var phase: String
    public var executionID: String
    public var correlationID: String
    public var gameDate: String
    public var status: String
    public var timestamp: String
    public var outputTable: String?
    public var recordCount: Int
    public var backfillMode: Bool
    public var triggerSource: String
    public var gcsPath: String?
    public var errorMessage: String?

    public init(processorName: String, phase: String, executionID: String, correlationID: String, gameDate: String,
                status: String, timestamp: String, outputTable: String?, recordCount: Int, backfillMode: Bool,
                triggerSource: String, gcsPath: String? = nil, errorMessage: String? = nil) {
        self.processorName = processorName; self.phase = phase; self.executionID = executionID
        self.correlationID = correlationID; self.gameDate = gameDate; self.status = status; self.timestamp = timestamp
        self.outputTable = outputTable; self.recordCount = recordCount; self.backfillMode = backfillMode
        self.triggerSource = triggerSource; self.gcsPath = gcsPath; self.errorMessage = errorMessage
    }

    /// The JSON the bus carries, keys as production names them.
    public var fields: [String: Any] {
        var f: [String: Any] = ["processor_name": processorName, "phase": phase, "execution_id": executionID,
                                "correlation_id": correlationID, "game_date": gameDate, "status": status,
                                "timestamp": timestamp, "record_count": recordCount, "backfill_mode": backfillMode,
                                "trigger_source": triggerSource]
        if let outputTable { f["output_table"] = outputTable }
        if let gcsPath { f["gcs_path"] = gcsPath }
        if let errorMessage { f["error_message"] = errorMessage }
        return f
    }
}

/// Publishing a completion: the runtime's durable bus implements it; scrapers only announce what they did.
public protocol EventPublishing: Sendable {
    func publish(topic: String, envelope: CompletionEnvelope) throws
}
