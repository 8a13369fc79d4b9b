import Foundation
import Warehouse

/// What a validation report says, worked out once from a transcript; the Markdown and HTML writers only lay it out.
public struct ValidationReport: Sendable {
    public enum State: String, Sendable {
        /// The session finished and nothing failed.
        case passed = "PASSED"
        /// An expectation or a command failed.
        case failed = "FAILED"
        /// The transcript has no end record: the session was interrupted or crashed (or is still going).
        case incomplete = "INCOMPLETE"
    }

    public struct Counts: Sendable, Equatable {
        public var steps = 0
        public var expectations = 0
        public var expectationsPassed = 0
        public var failedCommands = 0
        /// Lines the shell refused (a typo, a bad date); they fail a script through its exit code, not a live session.
        public var rejectedInputs = 0
    }

    public var title: String
    public var transcript: Transcript
    public var state: State
    public var counts: Counts
    public var charts: [Int: [ReportChart]]
    /// Set when the report is written from inside the session it describes.
    public var live: Bool

    public init(_ transcript: Transcript, title: String? = nil, live: Bool = false) {
        self.transcript = transcript
        self.live = live
        self.title = title ?? ValidationReport.defaultTitle(transcript)
        var counts = Counts()
        counts.steps = transcript.steps.count
        for step in transcript.steps {
            if let expectation = step.expectation {
                counts.expectations += 1
                if expectation.passed { counts.expectationsPassed += 1 }
            } else if step.status == "bad_input" {
                counts.rejectedInputs += 1
            } else if step.status != "ok" {
                counts.failedCommands += 1
            }
        }
        self.counts = counts
        let failed = counts.expectationsPassed < counts.expectations || counts.failedCommands > 0
            || (transcript.end.map { $0.exitCode != 0 } ?? false)
        if failed { state = .failed } else if transcript.end == nil && !live { state = .incomplete } else { state = .passed }
        var charts: [Int: [ReportChart]] = [:]
        for step in transcript.steps {
            let made = ReportChart.charts(for: step)
            if !made.isEmpty { charts[step.sequence] = made }
        }
        self.charts = charts
    }

    /// The script's first comment line, else the script's name, else the session's start.
    static func defaultTitle(_ transcript: Transcript) -> String {
        if let script = transcript.header.script {
            if let text = try? String(contentsOfFile: script, encoding: .utf8),
               let first = text.split(separator: "\n").first(where: { $0.hasPrefix("#") }) {
                let heading = first.drop { $0 == "#" || $0 == " " }.trimmingCharacters(in: .whitespaces)
                if !heading.isEmpty { return heading }
            }
            return "Validation: " + (script as NSString).lastPathComponent
        }
        return "nbaops session of " + transcript.header.startedAt
    }

    public var expectations: [(step: Transcript.Step, expectation: Transcript.Expectation)] {
        transcript.steps.compactMap { step in step.expectation.map { (step, $0) } }
    }

    public var notes: [(step: Transcript.Step, note: String)] {
        transcript.steps.compactMap { step in step.note.map { (step, $0) } }
    }

    public var alerts: [(step: Transcript.Step, alert: Transcript.Alert)] {
        transcript.steps.flatMap { step in step.alerts.map { (step, $0) } }
    }

    /// The runtime clock's span over the session: where it started and where the last step left it.
    public var clockWindow: String {
        let start = transcript.steps.first?.clockTime ?? transcript.header.clockTime
        let end = transcript.steps.last.map { $0.clockAfter ?? $0.clockTime } ?? start
        let kind = transcript.header.clockSimulated ? "simulated" : "wall"
        return start == end ? "\(start) (\(kind))" : "\(start) → \(end) (\(kind))"
    }

    public var verdictLine: String {
        var parts = ["\(counts.steps) step\(counts.steps == 1 ? "" : "s")",
                     "\(counts.expectationsPassed) of \(counts.expectations) expectation\(counts.expectations == 1 ? "" : "s") passed"]
        if counts.failedCommands > 0 { parts.append("\(counts.failedCommands) command\(counts.failedCommands == 1 ? "" : "s") failed") }
        if counts.rejectedInputs > 0 { parts.append("\(counts.rejectedInputs) input\(counts.rejectedInputs == 1 ? "" : "s") rejected") }
        switch state {
        case .incomplete: parts.append("the session ended without finishing (interrupted or crashed)")
        case .passed where live: parts.append("written while the session was running")
        case .failed where transcript.end.map({ $0.exitCode != 0 }) ?? false:
            parts.append("exit code \(transcript.end!.exitCode)")
        default: break
        }
        return parts.joined(separator: " · ")
    }
}
