import Foundation
import Runtime
import Warehouse

/// `nbaops daemon`: the same runtime on the wall clock against the configured sources — the scheduler's jobs a day
/// at a time, the bus, the orchestrators — printing its log until Ctrl-C or SIGTERM.
public enum DaemonService {
    public static func run(warehouse path: String, sources: String?) -> Int32 {
        let fail = { (message: String) -> Int32 in
            FileHandle.standardError.write(Data("failed: \(message)\n".utf8))
            return 2
        }
        let warehouse: Warehouse
        do { warehouse = try Warehouse(directory: path) } catch { return fail("\(error)") }
        let clock = WallClock()
        let connection: SourceConnection
        var options = RuntimeOptions()
        do {
            let config = try PipelineConfig.load()
            options.jobTimings = config.jobs
            let named = sources ?? (try? warehouse.setting(SourceConnection.settingKey)) ?? nil
            connection = try SourceConnection(mode: named.flatMap(SourceConnection.Mode.init(rawValue:)) ?? .real, config: config, clock: clock)
        } catch { return fail("\(error)") }
        let runtime = PipelineRuntime(warehouse: warehouse, clock: clock, sources: (connection.client, connection.directory),
                                      options: options)
        runtime.log.sink = { entry in
            guard entry.severity >= .info else { return }
            print("\(PipelineCalendar.timestamp(entry.at))  \(entry.severity.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \(entry.service): \(entry.message)")
            fflush(nil)
        }
        Interrupts.install()
        signal(SIGTERM) { _ in Interrupts.count.add(1, ordering: .relaxed) }
        print("nbaops daemon on \(warehouse.directory): scrapers use the \(connection.description); Ctrl-C stops")
        fflush(nil)
        do { try runtime.bus.resume() } catch { return fail("\(error)") }
        while !Interrupts.pending {
            let start = clock.now
            let end = start + 24 * 3600
            do { try runtime.scheduleJobs(from: start, to: end) } catch { return fail("\(error)") }
            _ = runtime.run(until: end, isCancelled: { Interrupts.pending })
        }
        print("daemon stopped")
        return 0
    }
}
