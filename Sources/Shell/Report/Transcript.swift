import Foundation
import Warehouse

/// A recorded session, read back from its JSON Lines: what `report` renders. Fields mirror what
/// `TranscriptRecorder` writes; anything a later version adds is ignored.
public struct Transcript: Sendable {
    public struct Header: Sendable {
        public var startedAt: String
        public var warehouse: String
        public var mode: String
        public var script: String?
        public var clockTime: String
        public var clockSimulated: Bool
    }

    public struct Expectation: Sendable, Equatable {
        public var text: String
        public var passed: Bool
        public var expected: String
        public var found: String
    }

    public struct StepError: Sendable {
        public var kind: String
        public var message: String
        public var position: String?
        public var suggestion: String?
    }

    public struct Alert: Sendable {
        public var severity: String
        public var title: String
        public var gameDate: String?
        public var raisedAt: String
    }

    public struct Step: Sendable {
        public var sequence: Int
        public var input: String
        public var location: String
        public var wallTime: String
        public var clockTime: String
        public var clockAfter: String?
        public var durationMilliseconds: Double
        public var status: String
        public var table: ResultTable?
        public var rowCount: Int?
        public var text: String?
        public var expectation: Expectation?
        public var note: String?
        public var error: StepError?
        public var alerts: [Alert]
    }

    public struct End: Sendable {
        public var exitCode: Int
        public var endedAt: String
        public var steps: Int
    }

    public var path: String
    public var header: Header
    public var steps: [Step]
    /// nil when the session never finished: it was interrupted, crashed, or is still running.
    public var end: End?
}

/// Why a transcript could not be read: the file, or one line of it, with its number.
public enum TranscriptError: Error, Equatable, CustomStringConvertible {
    case unreadable(String)
    case empty(String)
    case malformed(path: String, line: Int, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path): return "cannot read the transcript \(path): no such file or not readable"
        case .empty(let path): return "the transcript \(path) is empty"
        case .malformed(let path, let line, let reason): return "\(path):\(line): \(reason)"
        }
    }
}

/// Reads a transcript file line by line; a line that is not a record it knows is an error naming that line.
public enum TranscriptReader {
    public static func read(path: String) throws(TranscriptError) -> Transcript {
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(path) }
        // Invalid UTF-8 is replaced rather than refused, so one bad byte does not hide a whole session.
        return try parse(String(decoding: data, as: UTF8.self), path: path)
    }

    public static func parse(_ text: String, path: String) throws(TranscriptError) -> Transcript {
        var header: Transcript.Header?
        var steps: [Transcript.Step] = []
        var end: Transcript.End?
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, rawLine) in lines.enumerated() {
            let lineNumber = index + 1
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            func malformed(_ reason: String) -> TranscriptError { .malformed(path: path, line: lineNumber, reason: reason) }
            guard let object = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] else {
                // A crash can leave the last line half-written; that is an incomplete session, not a corrupt one.
                if end == nil, index == lines.count - 1, !text.hasSuffix("\n") { break }
                throw malformed("not a JSON object")
            }
            guard let type = object["type"] as? String else { throw malformed("a record without a \"type\"") }
            switch type {
            case "session":
                guard header == nil else { throw malformed("a second \"session\" record") }
                guard let started = object["started_at"] as? String, let warehouse = object["warehouse"] as? String else {
                    throw malformed("the \"session\" record lacks started_at or warehouse")
                }
                header = .init(startedAt: started, warehouse: warehouse, mode: object["mode"] as? String ?? "unknown",
                               script: object["script"] as? String, clockTime: object["clock_time"] as? String ?? "",
                               clockSimulated: object["clock_simulated"] as? Bool ?? false)
            case "step":
                guard header != nil else { throw malformed("a \"step\" before the \"session\" record") }
                guard let input = object["input"] as? String, let status = object["status"] as? String else {
                    throw malformed("the \"step\" record lacks input or status")
                }
                steps.append(try step(object, input: input, status: status, fallbackSequence: steps.count + 1, malformed))
            case "end":
                guard header != nil else { throw malformed("an \"end\" before the \"session\" record") }
                end = .init(exitCode: object["exit_code"] as? Int ?? 0, endedAt: object["ended_at"] as? String ?? "",
                            steps: object["steps"] as? Int ?? steps.count)
            default:
                throw malformed("unknown record type \"\(type)\"")
            }
        }
        guard let header else { throw .empty(path) }
        return Transcript(path: path, header: header, steps: steps, end: end)
    }

    private static func step(_ object: [String: Any], input: String, status: String, fallbackSequence: Int,
                             _ malformed: (String) -> TranscriptError) throws(TranscriptError) -> Transcript.Step {
        var table: ResultTable?
        var rowCount: Int?
        if let result = object["result"] {
            guard let result = result as? [String: Any], let columns = result["columns"] as? [String],
                  let rows = result["rows"] as? [[Any]] else { throw malformed("the step's \"result\" is not a table") }
            guard rows.allSatisfy({ $0.count == columns.count }) else { throw malformed("a result row has the wrong number of cells") }
            table = ResultTable(columns: columns, rows: rows.map { $0.map(value) })
            rowCount = result["row_count"] as? Int ?? rows.count
        }
        var expectation: Transcript.Expectation?
        if let verdict = object["expectation"] as? [String: Any] {
            guard let text = verdict["text"] as? String, let passed = verdict["passed"] as? Bool else {
                throw malformed("the step's \"expectation\" lacks text or passed")
            }
            expectation = .init(text: text, passed: passed, expected: verdict["expected"] as? String ?? "",
                                found: verdict["found"] as? String ?? "")
        }
        var error: Transcript.StepError?
        if let failure = object["error"] as? [String: Any] {
            error = .init(kind: failure["kind"] as? String ?? "failed", message: failure["message"] as? String ?? "",
                          position: failure["position"] as? String, suggestion: failure["suggestion"] as? String)
        }
        let alerts = (object["alerts"] as? [[String: Any]] ?? []).map {
            Transcript.Alert(severity: $0["severity"] as? String ?? "", title: $0["title"] as? String ?? "",
                             gameDate: $0["game_date"] as? String, raisedAt: $0["raised_at"] as? String ?? "")
        }
        return Transcript.Step(
            sequence: object["seq"] as? Int ?? fallbackSequence, input: input, location: object["location"] as? String ?? "",
            wallTime: object["wall_time"] as? String ?? "", clockTime: object["clock_time"] as? String ?? "",
            clockAfter: object["clock_after"] as? String,
            durationMilliseconds: (object["duration_ms"] as? NSNumber)?.doubleValue ?? 0, status: status, table: table,
            rowCount: rowCount, text: object["text"] as? String, expectation: expectation, note: object["note"] as? String,
            error: error, alerts: alerts)
    }

    private static func value(_ any: Any) -> SQLValue {
        switch any {
        case is NSNull: return .null
        case let string as String: return .text(string)
        case let number as NSNumber:
            // JSONSerialization gives NSNumber for both; a number written without a fraction or exponent was an integer.
            let spelled = "\(number)"
            if !spelled.contains("."), !spelled.lowercased().contains("e") { return .integer(number.int64Value) }
            return .real(number.doubleValue)
        default: return .text("\(any)")
        }
    }
}
