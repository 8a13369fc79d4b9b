import Foundation
import Pipeline
import Warehouse

/// A service's processor runs for one message, made in their order. While one is built and written, the next one or
/// two are built on other threads from the committed warehouse when they read none of the tables the runs before them
/// will write (their declared `reads`), so a message's runs can share both cores. Each is still checked (breaker,
/// faults, dependencies) and written at its turn, with the context its turn gives it: a build made ahead is used only
/// if the clock has not moved since (on the simulated clock it never does within a message) and nothing it read has
/// been loaded since (`BuildAhead.result(in:)`), so rows, run ids and the order of writes and messages are those of
/// running them one by one. A run its caller skips is simply never asked for; what was built for it is dropped.
final class ProcessorRuns {
    struct Item {
        let processor: any PartitionProcessor
        let date: Day
    }

    private let runner: ProcessorRunner
    private let items: [Item]
    private let correlationID: String
    private let trigger: String
    private let backfillMode: Bool
    /// The load mode every run gets (`ProcessorRunner.run`'s rule: the given one, else backfill or normal).
    private let mode: LoadMode
    private var ahead: [Int: PrebuiltPartition] = [:]
    static let buildsAhead = 2

    /// `prebuilt`: builds already under way for some items (a Phase 2 run's build started when its scrape was published).
    init(_ runner: ProcessorRunner, _ items: [Item], correlationID: String, trigger: String, backfillMode: Bool = false,
         mode: LoadMode? = nil, prebuilt: [Int: PrebuiltPartition] = [:]) {
        self.runner = runner
        self.ahead = prebuilt
        self.items = items
        self.correlationID = correlationID
        self.trigger = trigger
        self.backfillMode = backfillMode
        self.mode = mode ?? (backfillMode ? .backfill : .normal)
    }

    // A message given up part-way leaves no build running past it.
    deinit { waitForBuildsAhead() }

    /// Waits until every build made ahead has finished.
    func waitForBuildsAhead() { for build in ahead.values { try? build.build.wait() } }

    /// Runs item `index` (items run in order; one skipped by its caller is simply never asked for).
    func run(_ index: Int) -> ProcessorRunner.Outcome {
        startBuilds(after: index)
        let item = items[index]
        return runner.run(item.processor, date: item.date, correlationID: correlationID, trigger: trigger,
                          backfillMode: backfillMode, mode: mode, prebuilt: ahead.removeValue(forKey: index))
    }

    private func startBuilds(after index: Int) {
        var next = index + 1
        while next <= index + Self.buildsAhead, next < items.count {
            let item = items[next]
            guard item.processor.canBuild(aheadOf: items[index..<next].map(\.processor.output)) else { break }
            if ahead[next] == nil {
                let context = runner.context(item.processor, date: item.date, correlationID: correlationID, mode: mode,
                                             at: runner.clock.now)
                ahead[next] = PrebuiltPartition(context: context, build: BuildAhead(item.processor, date: item.date, context: context,
                                                                                      warehouse: runner.warehouse))
            }
            next += 1
        }
    }
}
