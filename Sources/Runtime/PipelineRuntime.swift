import Foundation
import HTTP
import Pipeline
import Scrapers
import Warehouse

/// What a runtime is told at start.
public struct RuntimeOptions: Sendable {
    /// The Phase 2→3 deadline after the first post-game completion.
    public var phase2DeadlineMinutes: Double = 30
    /// Whether anything listens on `nba-phase4-trigger` (production had no subscriber until 2026-01-21).
    public var phase4TriggerSubscribed = true
    /// The scheduler's timings from config/pipeline.yaml (the built-in ones when empty).
    public var jobTimings: [String: PipelineConfig.JobTiming] = [:]
    /// Where alerts are POSTed as JSON besides the table (config `alerts.webhook_url` or `$NBAOPS_WEBHOOK_URL`).
    public var alertWebhookURL: String?
    public init() {}
}

/// The pipeline's runtime on one clock: the bus and its subscriptions (Phase 2, 3, 4, 5 services and the three
/// orchestrators), the scheduler's jobs, deadlines, validators, breakers, alerts and self-heal, all driven by one
/// event queue. Under the simulated clock a night runs in moments and the same way every time.
public final class PipelineRuntime: @unchecked Sendable {
    public let warehouse: Warehouse
    public let clock: any RuntimeClock
    public let queue = EventQueue()
    public let log: RuntimeLog
    public let bus: EventBus
    public let breakers: CircuitBreakers
    public let faults = RuntimeFaults()
    public let alerts: AlertCenter
    public let options: RuntimeOptions
    let runner: ProcessorRunner
    /// The scrapers, publishing on this runtime's bus; nil when no sources are configured (scrape jobs then log
    /// that they were skipped).
    public let scrapes: ScrapeRunner?
    let state = OrchestrationState()

    public init(warehouse: Warehouse, clock: any RuntimeClock, sources: (client: HTTPClient, directory: SourceDirectory)?,
                options: RuntimeOptions = RuntimeOptions()) {
        self.warehouse = warehouse
        self.clock = clock
        self.options = options
        log = RuntimeLog(warehouse: warehouse, clock: clock)
        let bus = EventBus(warehouse: warehouse, clock: clock, queue: queue, log: log)
        self.bus = bus
        breakers = CircuitBreakers(warehouse: warehouse, clock: clock)
        alerts = AlertCenter(warehouse: warehouse, clock: clock, log: log)
        runner = ProcessorRunner(warehouse: warehouse, clock: clock, breakers: breakers, log: log, faults: faults)
        scrapes = sources.map { ScrapeRunner(environment: ScrapeEnvironment(warehouse: warehouse, client: $0.client,
                                                                           directory: $0.directory, publisher: bus)) }
        wire()
        bus.published = { [unowned self] in buildPhase2Ahead(for: $0) }
        if let url = options.alertWebhookURL, let client = sources?.client {
            let log = self.log
            alerts.webhook = { json in
                var request = HTTPRequest(url: url, headers: ["Content-Type": "application/json"], timeoutSeconds: 10)
                request.body = Array(json.utf8)
                let context = RequestContext(provider: "webhook", endpoint: "alerts", scraperName: "alerts", executionID: "alerts",
                                             correlationID: "alerts", gameDate: nil)
                do { _ = try client.fetch(request, context: context) } catch {
                    log.warning("alerts", "webhook delivery failed: \((error as? HTTPFailure)?.summary ?? String(describing: error))")
                }
            }
        }
    }

    /// The production wiring of topics to services and orchestrators.
    func wire() {
        bus.subscribe("nba-processors-sub-v2", to: Topics.phase1Complete) { [unowned self] in try phase2(on: $0) }
        bus.subscribe("phase2-to-phase3-orchestrator", to: Topics.phase2Complete) { [unowned self] in phase2Completed($0) }
        bus.subscribe("nba-phase3-analytics-sub", to: Topics.phase3Trigger) { [unowned self] in try phase3(on: $0) }
        bus.subscribe("phase3-to-phase4-orchestrator", to: Topics.phase3Complete) { [unowned self] in phase3Completed($0) }
        if options.phase4TriggerSubscribed { subscribePhase4Trigger() }
        bus.subscribe("phase4-to-phase5-orchestrator", to: Topics.phase4Complete) { [unowned self] in phase4Completed($0) }
        bus.subscribe("prediction-coordinator", to: Topics.predictionsTrigger) { [unowned self] in try phase5(on: $0) }
        bus.subscribe("phase5b-grading", to: Topics.gradingTrigger) { [unowned self] in try grading(on: $0) }
        bus.subscribe("scraper-trigger", to: Topics.scraperTrigger) { [unowned self] in try rescrape(on: $0) }
    }

    public func subscribePhase4Trigger() {
        guard !bus.subscribers(of: Topics.phase4Trigger).contains("nba-phase4-precompute-sub") else { return }
        bus.subscribe("nba-phase4-precompute-sub", to: Topics.phase4Trigger) { [unowned self] in try phase4(on: $0) }
    }

    /// Runs everything due until `end` (the clock ends there under simulation).
    public func run(until end: Date, isCancelled: () -> Bool = { false }) -> Int {
        queue.run(until: end, clock: clock, isCancelled: isCancelled)
    }

    var nowStamp: String { PipelineCalendar.timestamp(clock.now) }

    /// Publishes for an orchestrator or job, which have no caller to hand an error to: a failure is logged, not lost.
    func publish(topic: String, fields: [String: Any]) {
        do { try bus.publish(topic: topic, fields: fields) } catch {
            log.error("bus", "could not publish on \(topic): \(error)", correlationID: fields["correlation_id"] as? String,
                      gameDate: fields["game_date"] as? String)
        }
    }
    var today: Day { PipelineCalendar.easternDayValue(clock.now) }

    /// A correlation id for work the runtime starts itself (scheduled jobs): 8 hex, derived, never random.
    func newCorrelationID(_ label: String) -> String {
        String(SHA256.hex("\(label)|\(nowStamp)|\(state.nextSequence())").prefix(8))
    }
}

/// What the orchestrators remember between messages (the durable parts are in `phase_completion`).
final class OrchestrationState: @unchecked Sendable {
    private let lock = NSLock()
    private var sequence = 0
    private var flags = Set<String>()
    private var instants: [String: Date] = [:]

    private var phase2Ahead: [String: (build: PrebuiltPartition, lake: LakeInputSnapshot)] = [:]

    func nextSequence() -> Int { lock.withLock { sequence += 1; return sequence } }
    func keepPhase2Build(_ build: PrebuiltPartition, lake: LakeInputSnapshot, for message: String) {
        lock.withLock { phase2Ahead[message] = (build, lake) }
    }
    func takePhase2Build(for message: String) -> (build: PrebuiltPartition, lake: LakeInputSnapshot)? {
        lock.withLock { phase2Ahead.removeValue(forKey: message) }
    }
    /// Sets a flag; returns false when it was already set (so a trigger fires once).
    func setOnce(_ key: String) -> Bool { lock.withLock { flags.insert(key).inserted } }
    func isSet(_ key: String) -> Bool { lock.withLock { flags.contains(key) } }
    func unset(_ key: String) { lock.withLock { _ = flags.remove(key) } }
    func remember(_ key: String, _ date: Date) { lock.withLock { instants[key] = date } }
    func recall(_ key: String) -> Date? { lock.withLock { instants[key] } }
}
