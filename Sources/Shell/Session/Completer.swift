import Foundation
import Warehouse

/// Tab completion from the command table: commands, subcommands, options, choices (phases, formats, topics),
/// table and dataset names, relative dates, and file paths.
struct Completer {
    let table: CommandTable

    struct Completion: Equatable {
        /// How many characters before the cursor the candidates replace.
        let replacing: Int
        let candidates: [String]
    }

    func complete(_ line: String) -> Completion {
        let current = String(line.reversed().prefix { $0 != " " && $0 != "\t" && $0 != ";" }.reversed())
        let before = String(line.dropLast(current.count))
        let statementStart = before.lastIndex(of: ";").map { before.index(after: $0) } ?? before.startIndex
        let words = before[statementStart...].split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        let candidates = candidatesFor(words: words, current: current)
            .filter { $0.lowercased().hasPrefix(current.lowercased()) }
        return Completion(replacing: current.count, candidates: Array(Set(candidates)).sorted())
    }

    private func candidatesFor(words: [String], current: String) -> [String] {
        guard let first = words.first else { return table.names }
        let lead = first.lowercased()
        let explainsSQL = lead == "explain" && words.count > 1 && StatementSplitter.sqlKeywords.contains(words[1].lowercased())
        if (StatementSplitter.sqlKeywords.contains(lead) && lead != "explain") || lead == "sql" || explainsSQL {
            return sqlWords
        }
        guard var spec = table.spec(named: first) else { return [] }
        var rest = Array(words.dropFirst())
        if !spec.subcommands.isEmpty {
            if rest.isEmpty && !current.hasPrefix("-") { return spec.subcommands.map(\.name) }
            if let sub = spec.subcommands.first(where: { $0.name == rest.first }) {
                spec = sub
                rest.removeFirst()
            }
        }
        if first.lowercased() == "help" { return table.names }
        if current.hasPrefix("-") { return spec.allOptions.map { "--" + $0.name } }
        if let previous = rest.last, previous.hasPrefix("--"),
            let option = spec.allOptions.first(where: { "--" + $0.name == previous }), let kind = option.value
        {
            return values(for: kind, current: current)
        }
        if current.hasPrefix("--"), current.contains("=") { return [] }
        let positionalCount = countPositionals(rest, spec: spec)
        guard positionalCount < spec.parameters.count || spec.parameters.last?.variadic == true else { return [] }
        let parameter = spec.parameters[min(positionalCount, spec.parameters.count - 1)]
        return values(for: parameter.kind, current: current)
    }

    private func countPositionals(_ words: [String], spec: CommandSpec) -> Int {
        var count = 0
        var skipNext = false
        for word in words {
            if skipNext { skipNext = false; continue }
            if word.hasPrefix("--") {
                let name = String(word.dropFirst(2))
                if !name.contains("="), spec.allOptions.first(where: { $0.name == name })?.value != nil { skipNext = true }
                continue
            }
            if word.hasPrefix("-"), word.count == 2, let option = spec.allOptions.first(where: { "-\($0.short.map(String.init) ?? "")" == word }) {
                if option.value != nil { skipNext = true }
                continue
            }
            count += 1
        }
        return count
    }

    private func values(for kind: ValueKind, current: String) -> [String] {
        switch kind {
        case .date, .range: return ["today", "yesterday", "tomorrow"]
        case .choice(let choices): return choices
        case .table: return tableNames
        case .file: return files(matching: current)
        case .number, .text: return []
        }
    }

    private var tableNames: [String] {
        SchemaCatalog.tables.map(\.name.description) + Dataset.allCases.map(\.rawValue)
    }

    private var sqlWords: [String] {
        tableNames + ["SELECT", "FROM", "WHERE", "GROUP", "ORDER", "BY", "COUNT(*)", "COUNTIF(", "SAFE_DIVIDE(", "LIMIT"]
    }

    private func files(matching current: String) -> [String] {
        let directory = current.contains("/") ? String(current[...current.lastIndex(of: "/")!]) : ""
        let listed = (try? FileManager.default.contentsOfDirectory(atPath: directory.isEmpty ? "." : directory)) ?? []
        return listed.filter { !$0.hasPrefix(".") }.map { name in
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: directory + name, isDirectory: &isDirectory)
            return directory + name + (isDirectory.boolValue ? "/" : "")
        }
    }

    /// The longest prefix all candidates share.
    static func commonPrefix(_ candidates: [String]) -> String {
        guard var prefix = candidates.first else { return "" }
        for candidate in candidates.dropFirst() {
            while !candidate.hasPrefix(prefix) { prefix.removeLast() }
        }
        return prefix
    }
}
