import Foundation
import Testing
@testable import Runtime
import Scrapers

@Suite struct Configuration {
    static let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("config/pipeline.yaml").path

    /// The binary's built-in defaults and the committed file must not drift apart.
    @Test func theCommittedFileEqualsTheBuiltInDefaults() throws {
        #expect(try PipelineConfig.load(path: Configuration.file) == PipelineConfig.standard)
    }

    @Test func schedulerTimingsComeFromTheConfig() throws {
        let config = try PipelineConfig.load(path: Configuration.file)
        #expect(config.jobs["post-game-boxscores"]?.times.map { "\($0.hour):\($0.minute)" } == ["22:0", "1:0", "2:0", "4:0"])
        #expect(config.jobs["betting-lines"]?.hoursBeforeFirstTip == [6, 4, 2, 0])
        #expect(config.jobs["dlq-check"]?.times.count == 96)
        let moved = try PipelineConfig.parse(try String(contentsOfFile: Configuration.file, encoding: .utf8)
            .replacingOccurrences(of: "self-heal:             {times: [\"12:45\"]}", with: "self-heal:             {times: [\"13:15\"], enabled: false}"))
        #expect(moved.jobs["self-heal"] == .init(times: [.init(hour: 13, minute: 15)], hoursBeforeFirstTip: [], enabled: false))
        #expect(throws: PipelineConfig.ConfigError.self) {
            try PipelineConfig.parse(try String(contentsOfFile: Configuration.file, encoding: .utf8)
                .replacingOccurrences(of: "\"12:45\"", with: "\"25:00\""))
        }
    }

    @Test func aMissingSourceOrBadYAMLIsNamed() {
        #expect(throws: PipelineConfig.ConfigError.self) { try PipelineConfig.parse("sources: {bdl: {base_url: x}}") }
        #expect(throws: PipelineConfig.ConfigError.self) { try PipelineConfig.parse("sources: [unclosed") }
        #expect(throws: PipelineConfig.ConfigError.self) { try PipelineConfig.load(path: "/no/such/pipeline.yaml") }
    }

    @Test func keysComeFromTheNamedEnvironmentVariablesOnly() {
        let real = PipelineConfig.standard.realSources(environment: ["BDL_API_KEY": "k-bdl-1", "UNRELATED": "x"])
        #expect(real.keys == [.bdl: "k-bdl-1"])
        let scenario = PipelineConfig.standard.scenarioSources(feedURL: "http://127.0.0.1:9", keys: [.odds: "k"])
        #expect(scenario.settings(.odds).baseURL == "http://127.0.0.1:9/the-odds-api/v4")
        #expect(scenario.settings(.odds).policy.requestsPerMinute == 900 && scenario.settings(.bdl).policy.timeoutSeconds == 3)
        #expect(scenario.sendsScenarioClock)
    }
}
