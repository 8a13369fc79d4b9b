import Foundation
import Testing
import Pipeline
@testable import Runtime
import Warehouse

/// A runtime with no sources on a fresh warehouse and a simulated clock.
func bareRuntime(_ instant: String = "2026-01-15T03:00:00Z", options: RuntimeOptions = RuntimeOptions(),
                 label: String = #function) throws -> PipelineRuntime {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("nbaops-rt-\(label.filter(\.isLetter))-\(UUID().uuidString)").path
    return PipelineRuntime(warehouse: try Warehouse(directory: directory),
                           clock: VirtualClock(start: PipelineCalendar.parseTimestamp(instant)!), sources: nil, options: options)
}

final class Flaky: @unchecked Sendable {
    var failing = true
    var calls = 0
}

@Suite struct Bus {
    @Test func aHandlerThatAlwaysFailsIsDeadLetteredAfterExactlyFiveAttemptsAndReplayRedelivers() throws {
        let rt = try bareRuntime()
        let flaky = Flaky()
        rt.bus.subscribe("test-sub", to: "test-topic") { _ in
            flaky.calls += 1
            if flaky.failing { throw PipelineRuntime.ServiceFailure(description: "always fails") }
        }
        try rt.bus.publish(topic: "test-topic", fields: ["game_date": "2026-01-15", "correlation_id": "c1"])
        _ = rt.run(until: rt.clock.now + 3600)
        #expect(flaky.calls == 5)
        let attempts = try rt.warehouse.read { tx in
            try tx.query("SELECT attempt, state FROM nba_orchestration.deliveries WHERE subscription = 'test-sub' ORDER BY attempt").rows
        }
        #expect(attempts.map { $0[0].intValue } == [1, 2, 3, 4, 5])
        #expect(attempts.last?[1].stringValue == "dead_lettered")
        #expect(try rt.bus.deadLetterDepth() == 1)
        // Backoff between attempts: 10, 20, 40, 80 s.
        let times = try rt.warehouse.read { tx in
            try tx.query("SELECT delivered_at FROM nba_orchestration.deliveries WHERE subscription = 'test-sub' ORDER BY attempt").rows
                .compactMap { $0[0].stringValue.flatMap(PipelineCalendar.parseTimestamp) }
        }
        #expect(zip(times, times.dropFirst()).map { Int(($1.timeIntervalSince($0)).rounded()) } == [10, 20, 40, 80])

        flaky.failing = false
        #expect(try rt.bus.replay(deadLetterID: "dlq-msg-0000001-test-sub") == "msg-0000001")
        _ = rt.run(until: rt.clock.now + 60)
        #expect(flaky.calls == 6)
        #expect(try rt.bus.deadLetterDepth() == 0)
        let last = try rt.warehouse.read { tx in
            try tx.query("SELECT attempt, state FROM nba_orchestration.deliveries WHERE subscription = 'test-sub' ORDER BY attempt DESC LIMIT 1").rows
        }
        #expect(last == [[.integer(6), .text("acked")]], "the replay is the sixth delivery, acknowledged")
    }

    @Test func aFlagSurvivesTheBusTable() throws {
        // Published from parsed JSON (as the shell's `publish` does) and read back by the subscriber.
        let rt = try bareRuntime()
        let fields = try JSONSerialization.jsonObject(with: Data(#"{"game_date":"2026-01-15","backfill_mode":true,"dry":false}"#.utf8))
        let seen = Flaky()
        rt.bus.subscribe("flag-sub", to: "flag-topic") { message in
            seen.failing = !message.bool("backfill_mode") || message.bool("dry")
            seen.calls += 1
        }
        try rt.bus.publish(topic: "flag-topic", fields: fields as! [String: Any])
        _ = rt.run(until: rt.clock.now + 60)
        #expect(seen.calls == 1 && !seen.failing)
    }

    @Test func aTopicWithoutASubscriptionKeepsItsMessageAndDeliversNothing() throws {
        let rt = try bareRuntime(options: { var o = RuntimeOptions(); o.phase4TriggerSubscribed = false; return o }())
        try rt.bus.publish(topic: Topics.phase4Trigger, fields: ["game_date": "2026-01-15"])
        _ = rt.run(until: rt.clock.now + 60)
        let counts = try rt.warehouse.read { tx in
            [try tx.scalar("SELECT COUNT(*) FROM nba_orchestration.messages").intValue,
             try tx.scalar("SELECT COUNT(*) FROM nba_orchestration.deliveries").intValue]
        }
        #expect(counts == [1, 0])
    }
}

@Suite struct Deadlines {
    /// Only one completion ever arrives; the timer alone fires the deadline 30 minutes later.
    @Test func thePhase2DeadlineFiresWithNoFurtherMessage() throws {
        let rt = try bareRuntime()
        let start = rt.clock.now
        try rt.bus.publish(topic: Topics.phase2Complete, fields: [
            "processor_name": "bdl_player_boxscores", "game_date": "2026-01-15", "status": "success", "correlation_id": "c-deadline",
        ])
        _ = rt.run(until: start + 29 * 60)
        let before = try rt.warehouse.read { tx in try tx.scalar("SELECT COUNT(*) FROM nba_orchestration.phase_transitions").intValue }
        #expect(before == 0, "nothing before the deadline")
        _ = rt.run(until: start + 31 * 60)
        let row = try rt.warehouse.read { tx in
            try tx.query("SELECT trigger_reason, missing_processors, first_completion_at, triggered_at FROM nba_orchestration.phase_transitions").rows
        }
        #expect(row.count == 1 && row[0][0].stringValue == "deadline_exceeded")
        #expect(row[0][1].stringValue == "nbac_schedule,nbac_gamebook_player_stats,odds_api_game_lines")
        let first = PipelineCalendar.parseTimestamp(row[0][2].stringValue!)!, fired = PipelineCalendar.parseTimestamp(row[0][3].stringValue!)!
        #expect(abs(fired.timeIntervalSince(first) - 1800) < 0.001)
        let alerts = try rt.warehouse.read { tx in try tx.scalar("SELECT COUNT(*) FROM nba_orchestration.alerts WHERE alert_type = 'deadline_exceeded'").intValue }
        #expect(alerts == 1)
        let phase3 = try rt.warehouse.read { tx in try tx.scalar("SELECT COUNT(*) FROM nba_orchestration.messages WHERE topic = ?", [.text(Topics.phase3Trigger)]).intValue }
        #expect(phase3 == 1, "Phase 3 proceeds on what exists")
    }

    @Test func allRequiredCompletionsTriggerAtOnceAndTheDeadlineThenDoesNothing() throws {
        let rt = try bareRuntime()
        for name in PipelineRegistry.requiredPhase2 {
            try rt.bus.publish(topic: Topics.phase2Complete, fields: ["processor_name": name, "game_date": "2026-01-15", "status": "success"])
        }
        _ = rt.run(until: rt.clock.now + 3600)
        let rows = try rt.warehouse.read { tx in try tx.query("SELECT trigger_reason FROM nba_orchestration.phase_transitions").rows }
        #expect(rows == [[.text("all_complete")]])
        #expect(try rt.warehouse.read { tx in try tx.scalar("SELECT COUNT(*) FROM nba_orchestration.alerts").intValue } == 0)
    }
}

@Suite struct Thresholds {
    func warehouseWith(scheduled: Int, boxScoreGames: Int, label: String = #function) throws -> Warehouse {
        let rt = try bareRuntime(label: label)
        try rt.warehouse.write { tx in
            for i in 0..<scheduled {
                try tx.execute("INSERT INTO nba_raw.nbac_schedule (game_id, game_date) VALUES (?, '2026-01-15')", [.text("g\(i)")])
            }
            for i in 0..<boxScoreGames {
                try tx.execute("INSERT INTO nba_raw.bdl_player_boxscores (game_id, game_date, bdl_player_id) VALUES (?, '2026-01-15', 1)", [.text("g\(i)")])
            }
        }
        return rt.warehouse
    }

    @Test(arguments: [(10, "ok"), (8, "ok"), (7, "warning"), (5, "warning"), (4, "error")])
    func gameRatioWarnsBelowEightyAndErrsBelowFifty(found: Int, severity: String) throws {
        let warehouse = try warehouseWith(scheduled: 10, boxScoreGames: found, label: "ratio\(found)")
        let checks = try BoundaryValidator(warehouse: warehouse).validate(Day("2026-01-15")!, boundary: "1-2", at: "t")
        #expect(checks.first { $0.name == "game_ratio_boxscores" }?.severity == severity)
        let stored = try warehouse.read { tx in try tx.scalar("SELECT severity FROM nba_orchestration.phase_boundary_validations WHERE check_name = 'game_ratio_boxscores'").stringValue }
        #expect(stored == severity)
    }

    @Test func anAlertIsNotRaisedAgainWithinItsCooldown() throws {
        let rt = try bareRuntime()
        let raise = { rt.alerts.raise(type: "dlq_depth", severity: "high", date: nil, title: "t", message: "m", source: "test") }
        #expect(raise())
        (rt.clock as! VirtualClock).advance(by: 59 * 60)
        #expect(!raise())
        (rt.clock as! VirtualClock).advance(by: 2 * 60)
        #expect(raise())
    }

    /// More than 20 % of today's active predictions poor (by tier or feature quality) raises the alert; inactive ones
    /// do not count, and exactly 20 % does not raise it.
    @Test(arguments: [(2, false), (3, true)])
    func lowQualityPredictionsAlertAboveTwentyPercent(poor: Int, raised: Bool) throws {
        let rt = try bareRuntime("2026-01-15T15:00:00Z", label: "lowQuality\(poor)")
        try rt.warehouse.write { tx in
            for index in 0..<10 {
                let tier = index < poor - 1 ? "poor" : "good"
                let score = index == poor - 1 ? 60.0 : 90.0  // one poor by its feature quality alone
                try tx.execute("""
                    INSERT INTO nba_predictions.player_prop_predictions (prediction_id, system_id, player_lookup, game_date,
                      quality_tier, feature_quality_score, is_active) VALUES (?, 'ensemble_v1', ?, '2026-01-15', ?, ?, 1)
                    """, [.text("p\(index)"), .text("player\(index)"), .text(tier), .real(score)])
            }
            // Superseded versions are not counted, however poor.
            for index in 0..<5 {
                try tx.execute("""
                    INSERT INTO nba_predictions.player_prop_predictions (prediction_id, system_id, player_lookup, game_date,
                      quality_tier, feature_quality_score, is_active) VALUES (?, 'ensemble_v1', ?, '2026-01-15', 'unusable', 10, 0)
                    """, [.text("old\(index)"), .text("player\(index)")])
            }
        }
        rt.checkAlerts()
        let alert = try rt.warehouse.read { tx in
            try tx.query("SELECT message FROM nba_orchestration.alerts WHERE alert_type = 'low_quality_predictions'").rows.first?[0].stringValue
        }
        #expect(alert == (raised ? "\(poor) of 10 active predictions are poor quality" : nil))
    }

    @Test func deadLettersRaiseTheDepthAlertAndNoneRaisesNothing() throws {
        let rt = try bareRuntime()
        rt.checkDeadLetters()
        #expect(try rt.warehouse.read { tx in try tx.scalar("SELECT COUNT(*) FROM nba_orchestration.alerts").intValue } == 0)
        rt.bus.subscribe("s", to: "t") { _ in throw PipelineRuntime.ServiceFailure(description: "x") }
        try rt.bus.publish(topic: "t", fields: [:])
        _ = rt.run(until: rt.clock.now + 3600)
        rt.checkDeadLetters()
        #expect(try rt.warehouse.read { tx in try tx.scalar("SELECT COUNT(*) FROM nba_orchestration.alerts WHERE alert_type = 'dlq_depth'").intValue } == 1)
    }
}

@Suite struct Scheduling {
    /// A job's times come from the configuration: grading moved to 08:15 runs then, and a disabled job not at all.
    @Test func jobsRunAtTheirConfiguredTimes() throws {
        var options = RuntimeOptions()
        options.jobTimings = PipelineRuntime.defaultJobTimings
        options.jobTimings["grading"] = .init(times: [.init(hour: 8, minute: 15)], hoursBeforeFirstTip: [], enabled: true)
        options.jobTimings["self-heal"]?.enabled = false
        let rt = try bareRuntime("2026-01-15T10:00:00Z", options: options)
        let day = Day("2026-01-15")!
        try rt.scheduleJobs(from: PipelineRuntime.untilTime(day, hour: 5, minute: 0), to: PipelineRuntime.untilTime(day, hour: 14, minute: 0))
        let grading = rt.queue.pending.filter { $0.label == "job grading" }.map { PipelineCalendar.easternClock($0.at) }
        #expect(grading == ["0815"])
        #expect(!rt.queue.pending.contains { $0.label == "job self-heal" })
        #expect(rt.queue.pending.filter { $0.label == "job dlq-check" }.count == 36, "every 15 minutes from 05:00 to 14:00")
    }
}

final class Received: @unchecked Sendable { var bodies: [String] = [] }

@Suite struct AlertDelivery {
    @Test func eachRaisedAlertGoesToTheWebhookOnceWithinItsCooldown() throws {
        let rt = try bareRuntime()
        let received = Received()
        rt.alerts.webhook = { received.bodies.append($0) }
        for _ in 0..<3 { rt.alerts.raise(type: "dlq_depth", severity: "high", date: "2026-01-15", title: "t", message: "m", source: "test") }
        #expect(received.bodies.count == 1)
        let json = try JSONSerialization.jsonObject(with: Data(received.bodies[0].utf8)) as? [String: Any]
        #expect(json?["alert_type"] as? String == "dlq_depth" && json?["game_date"] as? String == "2026-01-15")
    }
}
