import Foundation
import Testing

/// `nbaops report`, `nbaops run --report`, and the HTML report in a real browser (headless Chromium, which
/// scripts/test installs when it is missing).
@Suite struct ReportCommands {
    static let transcript = Nbaops.packageRoot.appendingPathComponent("Tests/ShellTests/Fixtures/report-transcript.jsonl").path

    @Test func rendersARecordedTranscriptToMarkdownOrHTML() throws {
        let folder = Nbaops.temporaryDirectory("report")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let markdown = try Nbaops.run(["report", Self.transcript])
        #expect(markdown.exitCode == 0, "\(markdown.stderr)")
        #expect(markdown.stdout.hasPrefix("# ") && markdown.stdout.contains("**FAILED** — 8 steps · 1 of 2 expectations passed"))

        let html = try Nbaops.run(["report", Self.transcript, "-o", folder + "/r.html", "--title", "Fixture"])
        #expect(html.exitCode == 0, "\(html.stderr)")
        #expect(html.stdout.contains("report: FAILED") && html.stdout.contains("written to \(folder)/r.html"))
        #expect(try String(contentsOfFile: folder + "/r.html", encoding: .utf8).contains("<title>Fixture</title>"))
    }

    @Test(arguments: [
        (["report", "no-such-transcript.jsonl", "-o", "/tmp/nbaops-never.html"], "cannot read the transcript no-such-transcript.jsonl"),
        (["report", transcript, "-o", "/tmp/../tmp/nbaops-never.html"], "climbs out of its folder"),
        (["report", transcript, "-o", "/tmp/nbaops-never.pdf"], "is neither .md nor .html"),
        (["report", transcript, "-o", "/no/such/folder/r.md"], "the folder /no/such/folder does not exist"),
    ])
    func refusesWithOneLineAndWritesNothing(_ arguments: [String], _ message: String) throws {
        let result = try Nbaops.run(arguments)
        #expect(result.exitCode == 2)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").filter { $0.hasPrefix("error") }.count == 1, "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "/tmp/nbaops-never.html"))
    }

    @Test func runWithABadReportPathRunsNothing() throws {
        let warehouse = Nbaops.temporaryDirectory("run-report")
        let result = try Nbaops.run(["--warehouse", warehouse, "run", "sessions/foundation-tour.ops", "--report", "/tmp/x.txt"])
        #expect(result.exitCode == 2)
        #expect(result.stderr.contains("is neither .md nor .html"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: warehouse + "/transcripts"))
    }

    @Test func aFailingScriptStillWritesItsReportAndKeepsItsExitCode() throws {
        let folder = Nbaops.temporaryDirectory("failing")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let script = folder + "/failing.ops"
        try "# A check that fails\nSELECT 1 AS one;\nexpect one == 2\nSELECT 'never' AS reached\n".write(toFile: script, atomically: true, encoding: .utf8)
        let result = try Nbaops.run(["--warehouse", folder + "/w", "run", script, "--report", folder + "/r.md"])
        #expect(result.exitCode == 1)
        let report = try String(contentsOfFile: folder + "/r.md", encoding: .utf8)
        #expect(report.hasPrefix("# A check that fails\n"))
        #expect(report.contains("**FAILED** — 2 steps · 0 of 1 expectation passed · exit code 1"))
        #expect(report.contains("✘ **expect one == 2**: expected == 2, found 1"))
        #expect(!report.contains("never"))
    }

    @Test func theHTMLReportRendersInHeadlessChromium() throws {
        let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
            .first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let chromium else {
            Issue.record("headless Chromium is missing: scripts/test installs it (apt-get install chromium)")
            return
        }
        let folder = Nbaops.temporaryDirectory("browser")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        #expect(try Nbaops.run(["report", Self.transcript, "-o", folder + "/r.html"]).exitCode == 0)
        let flags = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run", "--user-data-dir=" + folder + "/profile"]

        // The DOM the browser built: three charts with their shapes, and no script element.
        let dom = try Self.capture(chromium, flags + ["--dump-dom", "file://" + folder + "/r.html"])
        #expect(dom.components(separatedBy: "<svg").count - 1 == 3, "\(dom.prefix(500))")
        #expect(dom.components(separatedBy: "<circle").count - 1 == 7)
        #expect(!dom.lowercased().contains("<script"))

        // The pixels: the charts' colours are on the page (green and red bars, blue and red timeline dots).
        _ = try Self.capture(chromium, flags + ["--screenshot=" + folder + "/r.png", "--window-size=1100,3600", "file://" + folder + "/r.html"])
        let counts = try Self.capture("/usr/bin/env", ["python3", Nbaops.fixture("png-colors.py"), folder + "/r.png", "2da44e", "cf222e", "0969da", "d4a72c"])
            .split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        #expect(counts.count == 6 && counts[0] == 1100, "\(counts)")
        if counts.count == 6 {
            #expect(counts[2] > 2000, "green of the COMPLETE bar: \(counts)")
            #expect(counts[3] > 300, "red of the NEEDS_BACKFILL marks and the error dot: \(counts)")
            #expect(counts[4] > 150, "blue timeline dots and tier bar: \(counts)")
            #expect(counts[5] > 1000, "amber of the PARTIAL bar: \(counts)")
        }
    }

    static func capture(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}

@Suite struct ScenarioSeasons {
    /// `nbaops feed season` writes a scenario season as an NBA stats game log that `load nba-stats-csv` takes whole,
    /// moved back by whole weeks with that season's ids and label (the bench's three-season history).
    @Test func aSeasonMovedBackLoadsAsItsOwnSeason() throws {
        let folder = Nbaops.temporaryDirectory("season")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let export = try Nbaops.run(["feed", "season", "--seed", "2025", "--years-back", "1", "-o", folder + "/s.csv"])
        #expect(export.exitCode == 0, "\(export.stderr)")
        let csv = try String(contentsOfFile: folder + "/s.csv", encoding: .utf8)
        #expect(csv.split(separator: "\n")[1].hasSuffix(",2024-25") && csv.contains(",00224"))
        let load = try Nbaops.run(["--warehouse", folder + "/w", "--format", "csv", "-c", "load nba-stats-csv \(folder)/s.csv"])
        #expect(load.exitCode == 0, "\(load.stderr)")
        // 364 days back: opening night 2025-10-21 (a Tuesday) becomes 2024-10-22, also a Tuesday.
        #expect(load.stdout.contains(",1230,") && load.stdout.contains(",2024-10-22,"), "\(load.stdout)")
        #expect(try Nbaops.run(["feed", "season", "--years-back", "99"]).exitCode == 2)
    }
}
