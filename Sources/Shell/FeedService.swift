import Foundation
import Runtime
import Scenario

/// `nbaops feed serve`: the scenario feed as its own process, until Ctrl-C or SIGTERM.
public enum FeedService {
    public struct Options: Sendable {
        public var port: UInt16
        public var scenario: String
        public var faultsFile: String?
        public var seed: UInt64?
        public init(port: UInt16, scenario: String, faultsFile: String?, seed: UInt64?) {
            self.port = port
            self.scenario = scenario
            self.faultsFile = faultsFile
            self.seed = seed
        }
    }

    public static func serve(_ options: Options) -> Int32 {
        let fail = { (message: String) -> Int32 in
            FileHandle.standardError.write(Data("failed: \(message)\n".utf8))
            return 2
        }
        let config: PipelineConfig
        do { config = try PipelineConfig.load() } catch { return fail("\(error)") }
        let league = ScenarioLeague(seed: options.seed ?? config.scenarioSeed)
        guard var rules = ScenarioCatalog.rules(named: options.scenario, league: league) else {
            return fail("no scenario named '\(options.scenario)'; use one of: \(ScenarioCatalog.names.joined(separator: ", "))")
        }
        if let path = options.faultsFile {
            guard let data = FileManager.default.contents(atPath: path) else { return fail("cannot read the fault rules \(path): no such file") }
            do { rules += try FaultRule.parseFile(String(decoding: data, as: UTF8.self)) } catch {
                return fail("\(path): \(error)")
            }
        }
        let feed = ScenarioFeed(league: league, rules: rules, clock: { WallClock().now })
        let server: FeedServer
        do { server = try FeedServer.startBlocking(feed: feed, port: options.port) } catch { return fail("\(error)") }
        Interrupts.install()
        signal(SIGTERM) { _ in Interrupts.count.add(1, ordering: .relaxed) }
        print("""
            scenario feed (seed \(league.seed), \(league.games.count) games, \(rules.count) fault rules) on \(server.baseURL)
              BallDontLie   \(server.baseURL)/balldontlie/v1        Authorization: $BDL_API_KEY
              The Odds API  \(server.baseURL)/the-odds-api/v4       apiKey=$ODDS_API_KEY
              NBA.com CDN   \(server.baseURL)/nba-cdn
              Basketball-Reference \(server.baseURL)/basketball-reference
              BigDataBall   \(server.baseURL)/bigdataball/drive/v3/files
            point nbaops at it with NBAOPS_FEED_URL=\(server.baseURL) and --sources scenario; the keys derive from the seed
            (an nbaops with the same config knows them). Ctrl-C stops.
            """)
        fflush(nil)
        while !Interrupts.pending { usleep(100_000) }
        server.stopBlocking()
        print("feed stopped after \(feed.requestCount) requests")
        return 0
    }

    /// `nbaops feed season`: a scenario season as an NBA stats player game log, for `load nba-stats-csv` (the bench's
    /// three-season history is three seeds moved back 2, 1 and 0 seasons).
    public static func exportSeason(seed: UInt64, yearsBack: Int, output: String?) -> Int32 {
        let csv = ScenarioLeague(seed: seed).nbaStatsCSV(yearsBack: yearsBack)
        guard let output else {
            FileHandle.standardOutput.write(Data(csv.utf8))
            return 0
        }
        do {
            try Data(csv.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
            return 0
        } catch {
            FileHandle.standardError.write(Data("failed: cannot write \(output): \(error.localizedDescription)\n".utf8))
            return 1
        }
    }
}
