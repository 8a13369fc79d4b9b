import Foundation
import HTTP
import Runtime
import Scenario
import Warehouse

/// Everything one shell session holds: the warehouse, the runtime clock, output settings, the previous result
/// (for `expect`), the lines entered, and the transcript being written.
public final class ShellSession {
    public let warehouse: Warehouse
    public private(set) var clock: any RuntimeClock
    let wallClock: any RuntimeClock
    /// The session's output settings (`set format`, `set color`).
    public var style: OutputStyle
    /// The settings for the statement running now: `style` with that statement's `--format`.
    var statementStyle: OutputStyle
    public internal(set) var lastResult: ResultTable?
    var enteredLines: [String] = []
    let table: CommandTable
    let output: OutputSink
    var transcript: TranscriptRecorder?
    var sourceDepth = 0
    let redactor: SecretRedactor
    /// Lines from earlier sessions (the line editor's saved history), shown by `history`.
    var previousHistory: [String] = []
    /// `--sources` for this invocation; nil means the warehouse's remembered mode (a demo warehouse says scenario).
    var sourcesOverride: String?
    private var connection: SourceConnection?
    private var runtimeInstance: PipelineRuntime?

    public convenience init(warehouse: Warehouse, style: OutputStyle, output: OutputSink = StandardOutput(),
                wallClock: any RuntimeClock = WallClock()) throws {
        try self.init(warehouse: warehouse, style: style, output: output, wallClock: wallClock, table: CommandTable())
    }

    init(warehouse: Warehouse, style: OutputStyle, output: OutputSink, wallClock: any RuntimeClock, table: CommandTable) throws {
        self.table = table
        self.warehouse = warehouse
        self.style = style
        self.statementStyle = style
        self.output = output
        self.wallClock = wallClock
        self.clock = try ClockSetting.clock(for: warehouse)
        let secretNames = ["BDL_API_KEY", "BALLDONTLIE_API_KEY", "ODDS_API_KEY", "NBAOPS_WEBHOOK_URL"]
        redactor = SecretRedactor(secrets: secretNames.compactMap { ProcessInfo.processInfo.environment[$0] })
    }

    /// Today on the runtime clock, in US-Eastern (the pipeline's calendar).
    public var today: Day { PipelineCalendar.easternDayValue(clock.now) }

    public var prompt: String { "\(warehouse.name) \(today)> " }

    public func startTranscript(mode: String, script: String?) {
        transcript = try? TranscriptRecorder(session: self, mode: mode, script: script)
    }

    func reloadClock() throws(ShellError) {
        clock = try call { try ClockSetting.clock(for: warehouse) }
        connection?.use(clock: clock)
        runtimeInstance = nil
    }

    /// The runtime on this session's clock, with the scrapers of this session's sources (made on first use).
    func runtime() throws(ShellError) -> PipelineRuntime {
        if let runtimeInstance { return runtimeInstance }
        let connection = try sources()
        let made = PipelineRuntime(warehouse: warehouse, clock: clock, sources: (connection.client, connection.directory),
                                   options: try runtimeOptions())
        runtimeInstance = made
        return made
    }

    /// Runtime options a warehouse remembers (the demo's incident leaves `nba-phase4-trigger` without a subscriber).
    func runtimeOptions() throws(ShellError) -> RuntimeOptions {
        var options = RuntimeOptions()
        if try call({ try warehouse.setting("runtime.phase4_trigger_subscribed") }) == "false" { options.phase4TriggerSubscribed = false }
        do {
            let config = try PipelineConfig.load()
            options.jobTimings = config.jobs
            options.alertWebhookURL = ProcessInfo.processInfo.environment["NBAOPS_WEBHOOK_URL"].flatMap { $0.isEmpty ? nil : $0 }
                ?? config.alertWebhookURL
        } catch { throw ShellError.failed("\(error)") }
        return options
    }

    var sourcesMode: SourceConnection.Mode {
        let named = sourcesOverride ?? (try? warehouse.setting(SourceConnection.settingKey)) ?? nil
        return named.flatMap(SourceConnection.Mode.init(rawValue:)) ?? .real
    }

    /// The scrapers' connection, made on first use (starting the in-process feed when the mode needs it).
    func sources() throws(ShellError) -> SourceConnection {
        if let connection { return connection }
        let config: PipelineConfig
        do { config = try PipelineConfig.load() } catch { throw ShellError.failed("\(error)") }
        let seed = (try? warehouse.setting("scenario.seed")).flatMap { $0 }.flatMap(UInt64.init)
        let faults = (try? warehouse.setting("scenario.faults")) ?? nil
        let made = try SourceConnection(mode: sourcesMode, config: config, clock: clock, seed: seed, faultSet: faults)
        connection = made
        return made
    }

    /// A new mode drops the current connection (an in-process feed stops with it) and connects on next use.
    func switchSources(to mode: String) {
        guard mode != sourcesMode.rawValue || sourcesOverride == nil else { return }
        sourcesOverride = mode
        runtimeInstance = nil
        connection?.feedServer?.stopBlocking()
        connection = nil
    }

    /// The in-process feed, if this session started one.
    var feedServer: FeedServer? { connection?.feedServer }

    /// Keeps a simulated clock's progress (backoff and Retry-After waits move it) in the warehouse.
    func persistSimulatedClock() {
        if clock.isSimulated { try? ClockSetting.setSimulated(clock.now, in: warehouse) }
    }

    /// Runs warehouse work, turning its typed errors into the shell's.
    func call<T>(_ body: () throws -> T) throws(ShellError) -> T {
        do { return try body() } catch let error as WarehouseError {
            switch error {
            case .interrupted: throw ShellError.failed("interrupted; nothing was written")
            case .readOnly: throw ShellError.failed(error.description)
            default: throw ShellError.failed(error.description)
            }
        } catch let error as ShellError {
            throw error
        } catch {
            throw ShellError.failed("\(error)")
        }
    }

    func resolve(_ value: ArgumentValue?) -> DayRange? {
        switch value {
        case .range(let range): return range.resolve(today: today)
        case .day(let day): let d = day.resolve(today: today); return DayRange(d, d)
        default: return nil
        }
    }
}
