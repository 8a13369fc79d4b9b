import Foundation
import Testing
@testable import Shell

/// Property-based fuzzing of the statement splitter, the lexer and the parser: random token soups and mutations of
/// real session lines. Property: nothing crashes or hangs, and every error is one line with a position.
/// `NBAOPS_FUZZ_INPUTS` sets the count (CI runs a bounded 20,000; `scripts/reliability` a million).
@Suite struct Fuzzing {
    /// SplitMix64, seeded, so a failing input can be found again from the seed and its index.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let fragments: [String] = [
        "gaps", "backfill", "phase3", "--through", "phase5", "expect", "rows", "==", "'COMPLETE'", "all", "sum(x)", "note",
        "report", "-o", "../x.html", "2026-01-16", "2026-01-16..21", "2026-02-30", "..", "today", "yesterday..tomorrow",
        "SELECT", "*", "FROM", "nba_raw.bdl_player_boxscores", "WHERE", "'", "\"", "\\", ";", ";;", "#", "--", "-", "=",
        "--format=json", "--days", "-1", "1e308", "NaN", "999999999999999999999", "explain", "predictions", "gap", "run",
        "clock", "set", "12:60", "publish", "{\"game_date\":\"2026-01-17\"}", "{", "}", "\n", "\r\n", "\t", " ", "\u{0}",
        "é", "🏀", "\u{202E}", "\u{FEFF}", "'; DROP TABLE x; --", "source", "/dev/null", "help", "dlq", "replay", "--all",
        "heal", "--dry-run", "WITH", "VALUES", "PRAGMA", "EXPLAIN", "(", ")", ",", "chaos", "phase2-all-fail", "latency",
    ]

    static var corpus: [String] {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("sessions").path
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder))?.filter { $0.hasSuffix(".ops") }.sorted() ?? []
        let lines = files.flatMap { name in
            ((try? String(contentsOfFile: folder + "/" + name, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        }
        return lines.isEmpty ? fragments : lines
    }

    static func input(_ random: inout Generator, corpus: [String]) -> String {
        if random.next() % 2 == 0 {
            // Token soup.
            let count = Int(random.next() % 12) + 1
            return (0..<count).map { _ in fragments[Int(random.next() % UInt64(fragments.count))] }
                .joined(separator: random.next() % 3 == 0 ? "" : " ")
        }
        // A real line, mutated: byte-level edits, splices with another line, duplicated runs.
        var scalars = Array(corpus[Int(random.next() % UInt64(corpus.count))].unicodeScalars)
        for _ in 0..<(Int(random.next() % 4) + 1) {
            let position = scalars.isEmpty ? 0 : Int(random.next() % UInt64(scalars.count + 1))
            switch random.next() % 5 {
            case 0 where !scalars.isEmpty && position < scalars.count: scalars.remove(at: position)
            case 1: scalars.insert(Unicode.Scalar(UInt8(random.next() % 128)), at: position)
            case 2: scalars.insert(contentsOf: fragments[Int(random.next() % UInt64(fragments.count))].unicodeScalars, at: position)
            case 3: scalars.insert(contentsOf: corpus[Int(random.next() % UInt64(corpus.count))].unicodeScalars.prefix(30), at: position)
            default:
                if position < scalars.count { scalars.insert(contentsOf: scalars[position...].prefix(8), at: position) }
            }
        }
        var text = String.UnicodeScalarView()
        text.append(contentsOf: scalars)
        return String(text)
    }

    @Test func theParserNeverCrashesHangsOrGivesAnErrorWithoutAPosition() throws {
        let count = ProcessInfo.processInfo.environment["NBAOPS_FUZZ_INPUTS"].flatMap(Int.init) ?? 20_000
        var random = Generator(state: 2026)
        let corpus = Self.corpus
        let table = CommandTable()
        let renderer = ErrorRenderer(style: OutputStyle(format: .table))
        var statements = 0, errors = 0, withoutPosition: [String] = [], multiline: [String] = [], hangs: [String] = []
        var slowest = 0.0
        for index in 0..<count {
            let text = Self.input(&random, corpus: corpus)
            let started = DispatchTime.now().uptimeNanoseconds
            let source = SourceText(name: "fuzz", text: text)
            for statement in StatementSplitter(source: source).statements() {
                statements += 1
                do {
                    _ = try Parser(table: table, source: source).parse(statement)
                } catch {
                    errors += 1
                    if error.range == nil { withoutPosition.append("#\(index): \(text.debugDescription) → \(error.message)") }
                    if error.message.contains("\n") { multiline.append("#\(index): \(error.message.debugDescription)") }
                    _ = renderer.render(error, in: source)
                }
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            slowest = max(slowest, seconds)
            if seconds > 1 { hangs.append("#\(index): \(text.debugDescription) took \(seconds) s") }
        }
        let holds = withoutPosition.isEmpty && multiline.isEmpty && hangs.isEmpty
        print("reliability: fuzzing: \(count) inputs (\(statements) statements, \(errors) errors), 0 crashes, \(hangs.count) hangs "
              + String(format: "(slowest %.1f ms)", slowest * 1000) + ", \(withoutPosition.count) errors without a position, "
              + "\(multiline.count) errors on more than one line — \(holds ? "holds" : "FAILS")")
        #expect(withoutPosition.isEmpty, "\(withoutPosition.prefix(5))")
        #expect(multiline.isEmpty, "\(multiline.prefix(5))")
        #expect(hangs.isEmpty, "\(hangs.prefix(5))")
        #expect(errors > count / 10 && statements > count / 2, "the generator should reach both outcomes")
    }
}
