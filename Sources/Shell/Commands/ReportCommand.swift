import Foundation
import Warehouse

/// `report`: this session so far as a validation report. `nbaops report TRANSCRIPT` and `nbaops run --report`
/// come through `ReportService` to the same rendering.
enum ReportCommand {
    static var entries: [CommandEntry] { [
        CommandEntry(CommandSpec("report", "render this session as a validation report (Markdown or HTML)",
                                 options: [.init("output", short: "o", value: .file, valueName: "FILE",
                                                 "FILE.md or FILE.html (default: the warehouse's reports/ folder)"),
                                           .init("title", value: .text, valueName: "T", "report title")],
                                 details: """
                                 The report holds a verdict, the expectations, the notes, the alerts raised, and every step with
                                 its result, with charts for completeness, run timelines and prediction tiers. HTML is one
                                 self-contained file (inline CSS and SVG, no scripts).
                                 """),
                     report)
    ] }

    static func report(_ invocation: Invocation, _ session: ShellSession) throws(ShellError) -> CommandResult {
        guard let recorder = session.transcript else {
            throw ShellError.failed("this session has no transcript to report on (its transcripts folder could not be written)")
        }
        let output: String
        if let path = invocation.option("output")?.text {
            output = path
        } else {
            let stem = ((recorder.path as NSString).lastPathComponent as NSString).deletingPathExtension
            output = session.warehouse.directory + "/reports/" + stem + ".md"
        }
        let transcript: Transcript
        do { transcript = try TranscriptReader.read(path: recorder.path) } catch { throw ShellError.failed(error.description) }
        let report = ValidationReport(transcript, title: invocation.option("title")?.text, live: true)
        let written = try ReportService.write(report, to: output, at: invocation.option("output").map { _ in invocation.range })
        return .text("report: \(report.state.rawValue) — \(report.verdictLine)\nwritten to \(written)")
    }
}

/// Rendering a transcript to a file, for the shell's `report`, `nbaops report` and `nbaops run --report`.
public enum ReportService {
    /// Checks an output path before anything runs: a known extension, no `..`, an existing folder.
    public static func checkOutput(_ path: String) throws(ShellError) -> ReportFormat {
        let suggestion = "write to a .md or .html file in an existing folder, e.g. -o /tmp/validation.html"
        guard !path.isEmpty, !path.contains("\0") else { throw ShellError.bad("the report needs a file name", suggestion: suggestion) }
        guard let format = ReportFormat(path: path) else {
            throw ShellError.bad("'\(path)' is neither .md nor .html", suggestion: suggestion)
        }
        if path.split(separator: "/").contains("..") {
            throw ShellError.bad("'\(path)' climbs out of its folder with '..'; reports are written only where the path says",
                                 suggestion: "give the folder without '..', e.g. an absolute path")
        }
        let folder = (path as NSString).deletingLastPathComponent
        var isDirectory: ObjCBool = false
        if !folder.isEmpty, !(FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) && isDirectory.boolValue) {
            throw ShellError.bad("the folder \(folder) does not exist", suggestion: suggestion)
        }
        return format
    }

    /// Writes the report whole or not at all (a temporary file renamed into place); returns the path written.
    @discardableResult
    static func write(_ report: ValidationReport, to path: String, at range: Range<Int>? = nil) throws(ShellError) -> String {
        let format: ReportFormat
        do { format = try checkOutput(path) } catch {
            var pointed = error
            if let range { pointed.range = range }
            throw pointed
        }
        let text = format.render(report)
        let temporary = path + ".partial"
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: temporary))
            if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
            try FileManager.default.moveItem(atPath: temporary, toPath: path)
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw ShellError.failed("cannot write the report \(path): \(error.localizedDescription)")
        }
        return path
    }

    /// `nbaops report TRANSCRIPT -o FILE`: renders a recorded transcript. Returns the process exit code.
    public static func render(transcript path: String, output: String?, title: String?, style: OutputStyle) -> Int32 {
        let sink = StandardOutput()
        let renderer = ErrorRenderer(style: style)
        do throws(ShellError) {
            let transcript: Transcript
            do { transcript = try TranscriptReader.read(path: path) } catch {
                throw ShellError.bad(error.description, suggestion: "give a transcripts/*.jsonl file of a warehouse")
            }
            let report = ValidationReport(transcript, title: title)
            if let output {
                try write(report, to: output)
                sink.write("report: \(report.state.rawValue) — \(report.verdictLine)\nwritten to \(output)\n")
            } else {
                sink.write(ReportFormat.markdown.render(report))
            }
            return 0
        } catch {
            sink.writeError(renderer.render(error, in: nil))
            return error.exitCode
        }
    }

    /// `nbaops run FILE --report OUT`: after the script, renders the transcript it left. The script's exit code stands.
    static func afterRun(transcriptPath: String?, output: String, sink: OutputSink, style: OutputStyle) -> Int32? {
        do throws(ShellError) {
            guard let transcriptPath else { throw ShellError.failed("the run left no transcript to report on") }
            let transcript: Transcript
            do { transcript = try TranscriptReader.read(path: transcriptPath) } catch { throw ShellError.failed(error.description) }
            let report = ValidationReport(transcript)
            try write(report, to: output)
            sink.write("report: \(report.state.rawValue) — \(report.verdictLine)\nwritten to \(output)\n")
            return nil
        } catch {
            sink.writeError(ErrorRenderer(style: style).render(error, in: nil))
            return error.exitCode
        }
    }
}
