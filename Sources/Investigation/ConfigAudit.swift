import Foundation
import Pipeline
import Runtime
import Warehouse

/// `audit config`: every processor, table and topic name that configuration files mention, checked against the
/// registry. A name close to a registry name but not equal to it (`br_roster` for `br_rosters_current`) is drift;
/// it is reported with its file, line and the registry's name.
public enum ConfigAudit {
    public struct Finding: Sendable, Equatable {
        public let file: String
        public let line: Int
        public let name: String
        public let registryName: String
    }

    /// Every name the registry knows: tables (bare and qualified), processors, topics.
    static var registry: Set<String> {
        var names = Set<String>()
        for table in SchemaCatalog.tables { names.insert(table.name.table); names.insert(table.name.description) }
        for processor in PipelineRegistry.processors.values.joined() { names.insert(processor.name) }
        for topic in Topics.all { names.insert(topic); names.insert(topic + "-dlq") }
        return names
    }

    public static func audit(files: [String]) throws -> (findings: [Finding], checked: Int) {
        let known = registry
        var findings: [Finding] = []
        var checked = 0
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else { continue }
            for (index, line) in String(decoding: data, as: UTF8.self).components(separatedBy: .newlines).enumerated() {
                for token in identifiers(in: line) {
                    checked += 1
                    guard !known.contains(token), let near = nearest(token, in: known) else { continue }
                    findings.append(Finding(file: file, line: index + 1, name: token, registryName: near))
                }
            }
        }
        return (findings, checked)
    }

    /// snake_case and kebab-case words of some length: what table, processor and topic names look like.
    static func identifiers(in line: String) -> [String] {
        var result: [String] = [], current = ""
        for c in line + " " {
            if c.isLetter || c.isNumber || c == "_" || c == "-" || c == "." { current.append(c) } else {
                let word = current.trimmingCharacters(in: CharacterSet(charactersIn: ".-_"))
                if word.count >= 6, word.contains("_") || word.hasPrefix("nba-"), word.first?.isLetter == true { result.append(word) }
                current = ""
            }
        }
        return result
    }

    /// The registry name this token is a drifted spelling of: a prefix of it (`br_roster` → `br_rosters_current`) or
    /// within two edits.
    static func nearest(_ token: String, in known: Set<String>) -> String? {
        let lower = token.lowercased()
        let bare = known.filter { !$0.contains(".") }
        if let prefixed = bare.filter({ $0.hasPrefix(lower) && $0 != lower }).min(by: { $0.count < $1.count }),
           lower.count >= prefixed.count / 2 {
            return prefixed
        }
        return bare.map { ($0, distance(lower, $0)) }.filter { $0.1 <= 2 && $0.1 > 0 }.min { $0.1 < $1.1 }?.0
    }

    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard abs(a.count - b.count) <= 2 else { return 3 }
        var previous = Array(0...b.count)
        for i in 1...max(1, a.count) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(1, b.count) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
