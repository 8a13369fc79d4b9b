import Foundation
import Testing

/// `nbaops daemon` in its own process: it starts on the wall clock with the in-process feed, and Ctrl-C stops it
/// cleanly.
@Suite struct Daemon {
    @Test func startsAndStopsOnCtrlC() throws {
        let daemon = Process()
        daemon.executableURL = URL(fileURLWithPath: Nbaops.binary)
        daemon.arguments = ["daemon", "--warehouse", Nbaops.temporaryDirectory("daemon"), "--sources", "scenario"]
        daemon.currentDirectoryURL = Nbaops.packageRoot
        let output = Pipe()
        daemon.standardOutput = output
        try daemon.run()
        defer { if daemon.isRunning { daemon.terminate() } }
        var banner = ""
        while !banner.contains("Ctrl-C stops") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            banner += String(decoding: chunk, as: UTF8.self)
        }
        #expect(banner.contains("scrapers use the scenario feed in-process at http://127.0.0.1:"))
        kill(daemon.processIdentifier, SIGINT)
        daemon.waitUntilExit()
        #expect(daemon.terminationStatus == 0)
        #expect(String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).contains("daemon stopped"))
    }
}
