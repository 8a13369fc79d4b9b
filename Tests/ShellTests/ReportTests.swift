import Foundation
import Testing
@testable import Shell

/// Validation reports from a fixed transcript: Markdown compared exactly with a golden file, HTML by structure,
/// escaping, incomplete and malformed transcripts, and the `report` command's output checks.
@Suite struct Reports {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/report-transcript.jsonl").path

    static func fixtureReport(title: String? = "Fixture validation") throws -> ValidationReport {
        let transcript = try TranscriptReader.read(path: fixture)
        var report = ValidationReport(transcript, title: title)
        // The path a golden file shows should not depend on where the checkout lives.
        report.transcript.path = "Fixtures/report-transcript.jsonl"
        return report
    }

    @Test func markdownMatchesGolden() throws {
        try Golden.check(ReportFormat.markdown.render(try Self.fixtureReport()), "report.md")
    }

    @Test func verdictCountsExpectationsFailuresAndRejectedInputs() throws {
        let report = try Self.fixtureReport()
        #expect(report.state == .failed)
        #expect(report.counts == .init(steps: 8, expectations: 2, expectationsPassed: 1, failedCommands: 0, rejectedInputs: 1))
        #expect(report.verdictLine == "8 steps · 1 of 2 expectations passed · 1 input rejected · exit code 1")
        #expect(report.alerts.map(\.alert.title) == ["Phase 2 deadline: 6 of 7 processors for 2026-01-21"])
        #expect(report.clockWindow == "2026-01-21T13:00:00.000Z → 2026-01-22T13:00:00.000Z (simulated)")
    }

    @Test func chartsComeFromTheShapeOfEachResult() throws {
        let report = try Self.fixtureReport()
        guard case .completeness(_, let bars)? = report.charts[1]?.first else { Issue.record("no completeness chart"); return }
        #expect(bars.map(\.status) == ["NEEDS_BACKFILL", "NEEDS_BACKFILL", "PARTIAL", "COMPLETE"])
        #expect(bars[2].fraction == 4.0 / 7.0 && bars[2].label == "analytics 4/7")
        guard case .timeline(_, let events)? = report.charts[4]?.first else { Issue.record("no timeline"); return }
        // 00:10 and 06:00 are after midnight: the night goes on, it does not start again.
        #expect(events.map(\.minute) == [0, 35, 65, 66, 67, 100, 450])
        guard case .distribution(_, let tiers)? = report.charts[5]?.first else { Issue.record("no tier chart"); return }
        #expect(tiers.map(\.label) == ["gold", "silver", "bronze"] && tiers.map(\.count) == [640, 300, 110])
        #expect(report.charts[2] == nil && report.charts[8] == nil)
    }

    @Test func htmlIsOneSelfContainedPageWithItsCharts() throws {
        let html = ReportFormat.html.render(try Self.fixtureReport())
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.components(separatedBy: "<svg ").count - 1 == 3)
        #expect(html.contains("class=\"verdict failed\""))
        #expect(html.components(separatedBy: "class=\"bar\"").count - 1 == 4 + 3)
        #expect(html.components(separatedBy: "class=\"event\"").count - 1 == 7)
        #expect(html.contains("<table>") && html.contains("<h2>Expectations</h2>") && html.contains("<h2>Alerts raised</h2>"))
        // Nothing runs and nothing is fetched.
        #expect(!html.lowercased().contains("<script"))
        #expect(!html.contains("src=") && !html.contains("<link") && !html.contains("url("))
        let withoutNamespace = html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
        #expect(!withoutNamespace.contains("http://") && !withoutNamespace.contains("https://"))
    }

    @Test func everyValueIsEscaped() throws {
        var report = try Self.fixtureReport(title: "<script>alert('title')</script> & co")
        report.transcript.steps[0].table?.rows[0][0] = .text("<script>alert(1)</script>")
        report.transcript.steps[0].table?.rows[1][5] = .text("a | b ** c _d_ [x](javascript:alert(1))")
        for format in [ReportFormat.html, .markdown] {
            // In Markdown a fenced block is literal text, so the commands shown there may hold anything.
            let text = format == .markdown ? Self.outsideFencedBlocks(format.render(report)) : format.render(report)
            #expect(!text.lowercased().contains("<script"), "\(format)")
            #expect(text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "\(format)")
        }
        let html = ReportFormat.html.render(report)
        #expect(!html.contains("<a ") && !html.contains("href"))
        #expect(html.contains("<title>&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; &amp; co</title>"))
        // The cell with a pipe stays one cell: every body row of the gaps table still has six cells.
        let gapsTable = html.components(separatedBy: "<th>missing</th>")[1].components(separatedBy: "</table>")[0]
        for row in gapsTable.components(separatedBy: "<tr>").dropFirst() {
            #expect(row.components(separatedBy: "<td>").count - 1 == 6, "\(row)")
        }
    }

    static func outsideFencedBlocks(_ markdown: String) -> String {
        var inside: String? = nil
        var kept: [Substring] = []
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            let fence = line.prefix { $0 == "`" }
            if fence.count >= 3, inside == nil { inside = String(fence); continue }
            if let open = inside, line == open { inside = nil; continue }
            if inside == nil { kept.append(line) }
        }
        return kept.joined(separator: "\n")
    }

    @Test func aTranscriptWithoutItsEndIsReportedIncomplete() throws {
        let lines = try String(contentsOfFile: Self.fixture, encoding: .utf8).split(separator: "\n")
        // Cut after step 6 and leave half of step 7 behind, as a kill -9 mid-write would.
        let cut = lines.prefix(7).joined(separator: "\n") + "\n" + String(lines[7].prefix(40))
        let transcript = try TranscriptReader.parse(cut, path: "cut.jsonl")
        #expect(transcript.end == nil && transcript.steps.count == 6)
        var passing = transcript
        passing.steps.removeAll { $0.expectation?.passed == false }
        let report = ValidationReport(passing)
        #expect(report.state == .incomplete)
        let markdown = ReportFormat.markdown.render(report)
        #expect(markdown.contains("**INCOMPLETE** — 5 steps · 1 of 1 expectation passed · the session ended without finishing"))
        #expect(markdown.contains("(no end record)"))
    }

    @Test func aMalformedLineIsNamedByItsNumber() throws {
        var lines = try String(contentsOfFile: Self.fixture, encoding: .utf8).split(separator: "\n").map(String.init)
        lines[2] = "{\"type\":\"step\",\"seq\":2"
        #expect(throws: TranscriptError.malformed(path: "bad.jsonl", line: 3, reason: "not a JSON object")) {
            try TranscriptReader.parse(lines.joined(separator: "\n") + "\n", path: "bad.jsonl")
        }
        lines[2] = "{\"type\":\"checkpoint\"}"
        #expect(throws: TranscriptError.malformed(path: "bad.jsonl", line: 3, reason: "unknown record type \"checkpoint\"")) {
            try TranscriptReader.parse(lines.joined(separator: "\n") + "\n", path: "bad.jsonl")
        }
        #expect(throws: TranscriptError.empty("empty.jsonl")) { try TranscriptReader.parse("\n", path: "empty.jsonl") }
    }

    @Test func theReportCommandWritesThisSessionAndRefusesBadPaths() throws {
        let harness = try SessionHarness()
        harness.session.startTranscript(mode: "script", script: nil)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nbaops-report-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let outcome = harness.run("""
            SELECT 1 AS one;
            expect one == 1;
            note the check passed;
            report -o \(folder)/r.html --title 'Session check'
            """)
        #expect(outcome.exitCode == 0, "\(harness.output.errors)")
        let html = try String(contentsOfFile: folder + "/r.html", encoding: .utf8)
        #expect(html.contains("<title>Session check</title>") && html.contains("class=\"verdict passed\""))
        #expect(html.contains("the check passed") && html.contains("expect one == 1"))
        #expect(harness.output.output.contains("report: PASSED — 3 steps · 1 of 1 expectation passed"))

        for (line, message) in [("report -o \(folder)/../r.md", "climbs out of its folder"),
                                ("report -o \(folder)/r.txt", "is neither .md nor .html"),
                                ("report -o \(folder)/missing/r.md", "does not exist")] {
            let refused = try SessionHarness()
            refused.session.startTranscript(mode: "script", script: nil)
            #expect(refused.run(line).exitCode == 2, "\(line)")
            #expect(refused.output.errors.contains(message), "\(refused.output.errors)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["r.html"])
    }

    @Test func withoutAnOutputTheReportGoesToTheWarehouseReportsFolder() throws {
        let harness = try SessionHarness()
        harness.session.startTranscript(mode: "script", script: nil)
        #expect(harness.run("SELECT 1 AS one; report").exitCode == 0)
        let reports = try FileManager.default.contentsOfDirectory(atPath: harness.warehouse.directory + "/reports")
        #expect(reports.count == 1 && reports[0].hasSuffix(".md"))
    }
}
