import Foundation
import Runtime
import Scrapers
import SourceFormats
import Warehouse

/// The history's daily scrapes, in two lanes side by side on other threads, as production's scrapers run: one lane
/// per group of sources, each with its own clock and HTTP client. A source's requests — and with them its rate-budget
/// waits, retry draws and the feed's per-source counters (Odds API credits, BallDontLie's rate window) — keep one order
/// whatever the other lane or the loading beside them does, so the same seed gives the same content. Each lane's clock
/// after each day is kept, so the moment every lane had finished a day is known the same way every time.
final class HistoryScrape: @unchecked Sendable {
    static let lanes = [
        ["bigdataball_pbp", "nbac_gamebook"],
        ["bdl_player_box_scores", "bdl_injuries", "oddsa_player_props", "oddsa_game_lines"],
    ]

    let days: [Day]
    private let startTime: Date
    private let runners: [(clock: VirtualClock, runner: ScrapeRunner, scrapers: [ScraperDescriptor])]
    private let condition = NSCondition()
    /// Per lane, its clock after each day it has finished.
    private var finished: [[Date]]
    private var running = 0

    init(days: [Day], start: Date, warehouse: Warehouse, connection: SourceConnection) {
        self.days = days
        startTime = start
        runners = Self.lanes.map { names in
            let clock = VirtualClock(start: start)
            let environment = ScrapeEnvironment(warehouse: warehouse, client: connection.client(waitingOn: clock),
                                                directory: connection.directory, publisher: nil)
            return (clock, ScrapeRunner(environment: environment), names.map { ScraperCatalog.named($0)! })
        }
        finished = Array(repeating: [], count: Self.lanes.count)
    }

    func start() {
        condition.withLock { running = runners.count }
        for (index, lane) in runners.enumerated() {
            Thread.detachNewThread { [self] in
                for day in days {
                    for scraper in lane.scrapers {
                        _ = lane.runner.run(scraper, date: day, workflow: "demo_history", backfillMode: true)
                    }
                    condition.withLock {
                        finished[index].append(lane.clock.now)
                        condition.broadcast()
                    }
                }
                condition.withLock {
                    running -= 1
                    condition.broadcast()
                }
            }
        }
    }

    /// Waits until every lane has scraped the first `count` days; the moment the last of them finished (on the lanes'
    /// clocks).
    func waitForDays(_ count: Int) -> Date {
        condition.withLock {
            while finished.contains(where: { $0.count < count }) && running > 0 { condition.wait() }
            return finished.compactMap { count > 0 && $0.count >= count ? $0[count - 1] : nil }.max() ?? startTime
        }
    }

    /// Days every lane has finished.
    var daysDone: Int { condition.withLock { finished.map(\.count).min() ?? 0 } }

    func waitUntilFinished() {
        condition.withLock { while running > 0 { condition.wait() } }
    }

    /// When the slower lane finished its last day.
    var finishedAt: Date { condition.withLock { finished.compactMap(\.last).max() ?? startTime } }
}
