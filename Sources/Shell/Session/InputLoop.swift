import Foundation
import Runtime
import Warehouse

/// The one input loop for the terminal, piped input, `-c`, script files and `source`: it gathers lines into
/// statements (bare SQL may span lines until `;`), parses, runs, renders and records each one.
public final class InputLoop {
    public struct Outcome: Equatable {
        /// 0 ok, 1 a command or expectation failed, 2 bad input, 130 interrupted.
        public var exitCode: Int32 = 0
        public var quit = false
        /// The location of the first failure, for "stopped at" messages.
        public var failedAt: String?
    }

    let session: ShellSession
    /// Stop at the first failure (scripts), or go on (the interactive shell, `--keep-going`).
    let stopOnFailure: Bool

    public init(session: ShellSession, stopOnFailure: Bool) {
        self.session = session
        self.stopOnFailure = stopOnFailure
    }

    public func run(_ reader: LineSource) -> Outcome {
        var outcome = Outcome()
        var buffer = ""
        var bufferFirstLine = 1
        var lineNumber = 0
        while true {
            let continuation = !buffer.isEmpty
            let input = reader.nextLine(prompt: continuation ? "   ...> " : session.prompt, continuation: continuation)
            switch input {
            case .interrupted:
                buffer = ""
                if !reader.isInteractive { outcome.exitCode = 130; return outcome }
                continue
            case .endOfInput:
                if !buffer.isEmpty {
                    execute(buffer, name: reader.name, firstLine: bufferFirstLine, into: &outcome)
                }
                return outcome
            case .line(let line):
                lineNumber += 1
                if buffer.isEmpty {
                    bufferFirstLine = lineNumber
                    if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
                }
                buffer += line + "\n"
                let source = SourceText(name: reader.name, text: buffer, firstLine: bufferFirstLine)
                if StatementSplitter(source: source).needsMoreInput { continue }
                if reader.isInteractive { session.enteredLines.append(buffer.trimmingCharacters(in: .newlines)) }
                let text = buffer
                buffer = ""
                execute(text, name: reader.name, firstLine: bufferFirstLine, into: &outcome)
                if outcome.quit || (stopOnFailure && outcome.exitCode != 0) { return outcome }
            }
        }
    }

    /// Runs every statement of one buffer of input.
    func execute(_ text: String, name: String, firstLine: Int, into outcome: inout Outcome) {
        let source = SourceText(name: name, text: text, firstLine: firstLine)
        for statement in StatementSplitter(source: source).statements() {
            let code = step(statement, source: source, outcome: &outcome)
            if code != 0 {
                if outcome.exitCode == 0 || code == 2 || code == 130 { outcome.exitCode = max(outcome.exitCode, code) }
                if outcome.failedAt == nil {
                    let (line, _) = source.location(of: statement.range.lowerBound)
                    outcome.failedAt = "\(name):\(source.firstLine + line)"
                }
                if stopOnFailure || code == 130 { return }
            }
            if outcome.quit { return }
        }
    }

    private func step(_ statement: StatementSplitter.Statement, source: SourceText, outcome: inout Outcome) -> Int32 {
        let wallStart = session.wallClock.now
        let clockTime = session.clock.now
        let started = DispatchTime.now().uptimeNanoseconds
        var result: CommandResult?
        var failure: ShellError?
        session.statementStyle = session.style
        _ = Interrupts.take()
        do throws(ShellError) {
            let invocation = try Parser(table: session.table, source: source).parse(statement)
            if case .text(let format)? = invocation.option("format"), let chosen = OutputFormat(rawValue: format) {
                session.statementStyle.format = chosen
            }
            guard case .available = invocation.spec.availability,
                let handler = session.table.handler(for: invocation.path)
            else {
                if case .planned(let work) = invocation.spec.availability {
                    throw ShellError.failed("'\(invocation.path.joined(separator: " "))' is not available in this build yet: it arrives with \(work)",
                                            suggestion: "type help to see what works now")
                }
                throw ShellError.failed("'\(invocation.path.joined(separator: " "))' has no implementation")
            }
            let watcher = InterruptWatcher(warehouse: session.warehouse)
            defer { watcher.stop() }
            let produced = try handler(invocation, session)
            result = produced
            if let table = produced.resultTable { session.lastResult = table }
            if let verdict = produced.expectation, !verdict.passed {
                failure = ShellError.failed("expectation failed: \(verdict.text)")
            }
            if produced.quit { outcome.quit = true }
        } catch {
            failure = error
        }
        let interrupted = Interrupts.take() && failure != nil
        render(result, failure: failure, source: source)
        let duration = Double(DispatchTime.now().uptimeNanoseconds - started) / 1_000_000
        let status: String
        let code: Int32
        if interrupted {
            (status, code) = ("interrupted", 130)
        } else if let failure {
            (status, code) = (failure.kind == .badInput ? "bad_input" : "failed", failure.exitCode)
        } else {
            (status, code) = ("ok", 0)
        }
        var position: String?
        if let range = failure?.range {
            let (line, column) = source.location(of: range.lowerBound)
            position = "\(source.firstLine + line):\(column + 1)"
        }
        let (line, _) = source.location(of: statement.range.lowerBound)
        session.transcript?.record(.init(
            input: source.slice(statement.range).trimmingCharacters(in: .whitespacesAndNewlines),
            location: "\(source.name):\(source.firstLine + line)", wallTime: wallStart, clockTime: clockTime, clockAfter: session.clock.now,
            durationMilliseconds: duration, status: status, result: result, error: failure, errorPosition: position))
        return code
    }

    private func render(_ result: CommandResult?, failure: ShellError?, source: SourceText) {
        let style = session.statementStyle
        if let result {
            switch result.output {
            case .table(let table): session.output.write(TableRenderer(style: style).render(table))
            case .text(let text): session.output.write(text.hasSuffix("\n") || text.isEmpty ? text : text + "\n")
            case .none: break
            }
            if let footer = result.footer, style.format == .table { session.output.write(footer + "\n") }
            if let verdict = result.expectation {
                let line = verdict.passed
                    ? style.green("✔") + " expect \(verdict.text)" + style.dim(" (found \(verdict.found))")
                    : style.red("✘") + " expect \(verdict.text): expected \(verdict.expected), found \(verdict.found)"
                session.output.write(line + "\n")
            }
        }
        if let failure, result?.expectation == nil || failure.kind == .badInput {
            session.output.writeError(ErrorRenderer(style: style).render(failure, in: source))
        }
    }
}
