import Foundation
import Warehouse

/// Runs the built `nbaops` binary as a user would.
enum Nbaops {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// `$NBAOPS_BIN` (set by scripts/test), else the debug build next to the sources.
    static var binary: String {
        if let path = ProcessInfo.processInfo.environment["NBAOPS_BIN"] { return path }
        return packageRoot.appendingPathComponent(".build/debug/nbaops").path
    }

    static func fixture(_ name: String) -> String {
        packageRoot.appendingPathComponent("Tests/EndToEndTests/Fixtures/\(name)").path
    }

    struct Result {
        let exitCode: Int32
        let stdout: String
        let stderr: String
    }

    static func run(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.currentDirectoryURL = packageRoot
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let output = Pipe(), errors = Pipe(), input = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        // Read stderr on another thread while stdout is read here, so neither pipe can fill and block the child.
        final class Box: @unchecked Sendable { var data = Data() }
        let errBox = Box()
        let done = DispatchSemaphore(value: 0)
        let errHandle = errors.fileHandleForReading
        DispatchQueue.global().async {
            errBox.data = errHandle.readDataToEndOfFile()
            done.signal()
        }
        let outData = output.fileHandleForReading.readDataToEndOfFile()
        done.wait()
        let errData = errBox.data
        process.waitUntilExit()
        return Result(exitCode: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    static func temporaryDirectory(_ label: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("nbaops-e2e-\(label)-\(UUID().uuidString)").path
    }

    /// Everything a command could have written to a warehouse's data: every row of every table, every `_loads`
    /// record and every setting. Transcripts are excluded: recording what was typed is the point of them.
    static func fingerprint(_ directory: String) throws -> [String] {
        let warehouse = try Warehouse(directory: directory)
        return try warehouse.read { tx in
            var lines = try WarehouseFingerprint.of(tx).tables
            for dataset in Dataset.allCases {
                for row in try tx.query("SELECT * FROM \(dataset.rawValue)._loads ORDER BY load_id").rows {
                    lines.append("\(dataset.rawValue)._loads \(row)")
                }
            }
            for row in try tx.query("SELECT key, value FROM settings ORDER BY key").rows { lines.append("setting \(row)") }
            let schema = try tx.query("SELECT COUNT(*) FROM nba_raw.sqlite_master").rows
            lines.append("raw schema objects \(schema)")
            return lines
        }
    }

    static func transcripts(_ directory: String) throws -> [String] {
        let folder = directory + "/transcripts"
        return try FileManager.default.contentsOfDirectory(atPath: folder).sorted().map { folder + "/" + $0 }
    }
}

/// One demo warehouse (a short history, from 2026-01-04, for speed) built once per test run; each test works on its
/// own copy, so tests that repair or run nights cannot see each other.
enum DemoFixture {
    private static let built: Result<String, NbaopsTestError> = {
        let directory = Nbaops.temporaryDirectory("demo-shared")
        guard let build = try? Nbaops.run(["demo", "--warehouse", directory, "--from", "2026-01-04", "-c", "status"]) else {
            return .failure(NbaopsTestError("could not start nbaops demo"))
        }
        guard build.exitCode == 0, build.stdout.contains("demo warehouse built in") else {
            return .failure(NbaopsTestError("nbaops demo failed: \(build.stdout)\n\(build.stderr)"))
        }
        return .success(directory)
    }()

    /// A fresh copy of the shared demo warehouse.
    static func copy() throws -> String {
        let source = try built.get()
        let target = Nbaops.temporaryDirectory("demo")
        try FileManager.default.copyItem(atPath: source, toPath: target)
        // The copy is a new warehouse: it does not inherit the build's transcripts and reports.
        for folder in ["transcripts", "reports"] {
            let path = target + "/" + folder
            for name in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] {
                try FileManager.default.removeItem(atPath: path + "/" + name)
            }
        }
        return target
    }
}

struct NbaopsTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
