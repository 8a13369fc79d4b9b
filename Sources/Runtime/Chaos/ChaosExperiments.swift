import Foundation
import Pipeline
import Scenario
import Scrapers
import Warehouse

public struct ChaosReport: Sendable {
    public let verdict: String
    public let observations: [(at: Date, text: String)]
}

/// The four production failure experiments (pipeline-domain §7–§8), each run against the real runtime on the
/// simulated clock and reported as what was observed and a verdict.
public enum ChaosExperiment: String, CaseIterable, Sendable {
    case phase2AllFail = "phase2-all-fail"
    case phase3Unavailable = "phase3-unavailable"
    case phase4Crash = "phase4-crash"
    case rateLimited = "rate-limited"

    public static var names: [String] { allCases.map(\.rawValue) }

    public enum ChaosError: Error, CustomStringConvertible {
        case needsFeed
        public var description: String {
            switch self { case .needsFeed: "rate-limited injects faults into the scenario feed: start nbaops with --sources scenario" }
        }
    }

    /// `feedFaults` adds rules to the in-process scenario feed (an empty list clears them); nil when there is none.
    public func run(on runtime: PipelineRuntime, date: Day, feedFaults: ((([FaultRule])) -> Void)?) throws -> ChaosReport {
        var notes: [(Date, String)] = []
        let note = { (text: String) in notes.append((runtime.clock.now, text)) }
        defer { runtime.faults.clear() }
        switch self {
        case .phase2AllFail:
            // Every required Phase 2 processor but the box scores fails; the deadline must fire on its own timer.
            for name in PipelineRegistry.requiredPhase2 where name != "bdl_player_boxscores" {
                runtime.faults.add(.init(service: "phase2:\(name)", dates: date...date, message: "chaos: \(name) unavailable"))
            }
            advance(runtime, to: PipelineRuntime.eastern(date, 23, 30))
            note("injected: every required Phase 2 processor except bdl_player_boxscores fails for \(date)")
            runtime.runScrapers(["nbac_schedule", "bdl_player_box_scores", "nbac_gamebook", "oddsa_game_lines"], date: date,
                                workflow: "chaos_phase2_all_fail")
            _ = runtime.run(until: runtime.clock.now + 45 * 60)
            let transition = try runtime.warehouse.read { tx in
                try tx.query("""
                    SELECT trigger_reason, first_completion_at, triggered_at, missing_processors FROM nba_orchestration.phase_transitions
                    WHERE game_date = ? AND from_phase = 'phase2' ORDER BY triggered_at LIMIT 1
                    """, [.text(date.description)]).rows.first
            }
            let alert = try runtime.warehouse.read { tx in
                try tx.scalar("SELECT COUNT(*) FROM nba_orchestration.alerts WHERE alert_type = 'deadline_exceeded' AND game_date = ?",
                              [.text(date.description)]).intValue ?? 0
            }
            let phase3Runs = try runs(runtime, date, phase: "phase3")
            guard let transition, let first = transition[1].stringValue.flatMap(PipelineCalendar.parseTimestamp),
                  let fired = transition[2].stringValue.flatMap(PipelineCalendar.parseTimestamp) else {
                return ChaosReport(verdict: "FAILED: Phase 3 was never triggered for \(date)", observations: notes)
            }
            notes.append((first, "first Phase 2 completion (bdl_player_boxscores)"))
            notes.append((fired, "Phase 3 triggered: \(transition[0].stringValue ?? "?"), missing \(transition[3].stringValue ?? "nothing")"))
            let delay = fired.timeIntervalSince(first)
            let ok = transition[0].stringValue == "deadline_exceeded" && abs(delay - runtime.options.phase2DeadlineMinutes * 60) < 1 && alert > 0 && phase3Runs > 0
            return ChaosReport(verdict: (ok ? "PASSED" : "FAILED") + String(format: ": the deadline fired %.0f min after the first completion with no other message; %d alert; Phase 3 ran %d processor runs on what existed", delay / 60, alert, phase3Runs), observations: notes)

        case .phase3Unavailable:
            runtime.faults.add(.init(service: "phase3", dates: date...date, message: "chaos: Phase 3 service unavailable (HTTP 503)"))
            note("injected: the Phase 3 service fails every request for \(date)")
            try runtime.bus.publish(topic: Topics.phase3Trigger, fields: ["game_date": date.description, "mode": "overnight",
                                                                          "trigger_reason": "chaos", "correlation_id": "chaos-p3-\(date)"])
            _ = runtime.run(until: runtime.clock.now + 30 * 60)
            let attempts = try runtime.warehouse.read { tx in
                try tx.query("""
                    SELECT d.attempt, d.delivered_at, d.state FROM nba_orchestration.deliveries d JOIN nba_orchestration.messages m
                    ON m.message_id = d.message_id WHERE m.correlation_id = ? AND d.subscription = 'nba-phase3-analytics-sub' ORDER BY d.attempt
                    """, [.text("chaos-p3-\(date)")]).rows
            }
            for a in attempts {
                if let at = a[1].stringValue.flatMap(PipelineCalendar.parseTimestamp) { notes.append((at, "delivery attempt \(a[0].intValue ?? 0): \(a[2].stringValue ?? "")")) }
            }
            let dead = attempts.last?[2].stringValue == "dead_lettered"
            runtime.faults.clear()
            note("fault cleared; self-heal runs")
            let repaired = runtime.heal(DayRange(date, date.adding(days: 1))!, dryRun: false).filter { $0.status == "repaired" && $0.phase == "phase3" }
            note("self-heal repaired \(repaired.count) Phase 3 partitions")
            let ok = attempts.count == EventBus.maxAttempts && dead && !repaired.isEmpty
            return ChaosReport(verdict: (ok ? "PASSED" : "FAILED") + ": \(attempts.count) attempts with backoff, \(dead ? "then the DLQ" : "not dead-lettered"); heal repaired \(repaired.count) Phase 3 partitions", observations: notes)

        case .phase4Crash:
            let processor = PlayerDailyCacheProcessor()
            runtime.faults.add(.init(service: "processor:\(processor.name)", dates: nil, message: "chaos: \(processor.name) crashed"))
            note("injected: \(processor.name) crashes on every run")
            var outcomes: [String] = []
            for _ in 0...CircuitBreakers.threshold {
                let outcome = runtime.runner.run(processor, date: date, correlationID: "chaos-p4-\(date)", trigger: "chaos")
                outcomes.append(outcome.status)
                note("run: \(outcome.status) — breaker \(runtime.breakers.state("processor", processor.name).rawValue)")
                runtime.clock.sleep(seconds: 60)
            }
            let opened = runtime.breakers.state("processor", processor.name) == .open
            runtime.faults.clear()
            runtime.clock.sleep(seconds: CircuitBreakers.openSeconds)
            note("fault cleared; 30 minutes later the breaker is \(runtime.breakers.state("processor", processor.name).rawValue)")
            let trial = runtime.runner.run(processor, date: date, correlationID: "chaos-p4-\(date)", trigger: "chaos")
            note("trial run: \(trial.status) — breaker \(runtime.breakers.state("processor", processor.name).rawValue)")
            let ok = outcomes.prefix(CircuitBreakers.threshold).allSatisfy { $0 == "failed" } && outcomes.last == "skipped" && opened
                && trial.succeeded && runtime.breakers.state("processor", processor.name) == .closed
            return ChaosReport(verdict: (ok ? "PASSED" : "FAILED") + ": \(CircuitBreakers.threshold) failures opened the breaker, the next run was refused, it half-opened after 30 min and a good run closed it",
                               observations: notes)

        case .rateLimited:
            guard let feedFaults else { throw ChaosError.needsFeed }
            let rules = ["bdl status=429 p=0.4", "odds status=429 retry-after=5 p=0.4", "nbacom status=429 retry-after=3 p=0.4"]
            feedFaults(rules.map { try! FaultRule(parsing: $0) })
            defer { feedFaults([]) }
            advance(runtime, to: PipelineRuntime.eastern(date.adding(days: 1), 2, 0))
            let started = runtime.clock.now
            note("injected: 40 % of BallDontLie, Odds API and NBA.com calls answer 429 (Odds and NBA.com with Retry-After)")
            let before = try errorCount(runtime)
            guard let scrapes = runtime.scrapes else { throw ChaosError.needsFeed }
            var lost: [String] = []
            for name in ["nbac_schedule", "bdl_player_box_scores", "nbac_gamebook", "oddsa_game_lines"] {
                let outcome = scrapes.run(ScraperCatalog.named(name)!, date: date, workflow: "chaos_rate_limited")
                note("\(name): \(outcome.status.rawValue), \(outcome.retries) retries" + (outcome.gamesFound.map { f in outcome.gamesExpected.map { ", \(f)/\($0) games" } ?? "" } ?? ""))
                if outcome.status != .success || (outcome.gamesExpected.map { outcome.gamesFound ?? 0 < $0 } ?? false) { lost.append(name) }
            }
            _ = runtime.run(until: runtime.clock.now + 60)  // the completions' deliveries: Phase 2 loads what was scraped
            let limited = try errorCount(runtime) - before
            let waited = runtime.clock.now.timeIntervalSince(started)
            note(String(format: "%d rate-limited attempts; %.0f s of simulated waiting", limited, waited))
            let ok = lost.isEmpty && limited > 0
            return ChaosReport(verdict: (ok ? "PASSED" : "FAILED") + ": \(limited) 429s, Retry-After respected, " + (lost.isEmpty ? "nothing lost" : "lost: \(lost.joined(separator: ", "))"),
                               observations: notes)
        }
    }

    private func advance(_ runtime: PipelineRuntime, to instant: Date) {
        if runtime.clock.now < instant { runtime.clock.sleep(seconds: instant.timeIntervalSince(runtime.clock.now)) }
    }

    private func runs(_ runtime: PipelineRuntime, _ date: Day, phase: String) throws -> Int {
        try runtime.warehouse.read { tx in
            try tx.scalar("SELECT COUNT(*) FROM nba_orchestration.runs WHERE phase = ? AND status = 'success' AND game_date >= ?",
                          [.text(phase), .text(date.description)]).intValue ?? 0
        }
    }

    private func errorCount(_ runtime: PipelineRuntime) throws -> Int {
        try runtime.warehouse.read { tx in
            try tx.scalar("SELECT COUNT(*) FROM nba_orchestration.api_errors WHERE error_category = 'RATE_LIMIT'").intValue ?? 0
        }
    }
}
