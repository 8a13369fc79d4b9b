import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Drives the shell in a real pseudo-terminal through tmux, as a person at a keyboard would.
final class TmuxSession {
    let socket = "nbaops-test-\(UUID().uuidString.prefix(8))"
    let name = "shell"

    init(command: String, environment: [String: String]) throws {
        let exports = environment.map { "\($0.key)='\($0.value)'" }.joined(separator: " ")
        try tmux(["new-session", "-d", "-s", name, "-x", "160", "-y", "50", "env \(exports) \(command)"])
    }

    deinit { _ = try? tmux(["kill-server"]) }

    /// Runs tmux with posix_spawn and waitpid. (Foundation's Process did not reap the tmux client that starts the
    /// server, which left the test waiting for ever.) Output goes through a temporary file, never a pipe the server
    /// could inherit and hold open.
    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        let outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("tmux-\(UUID().uuidString)").path
        defer { unlink(outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ["tmux", "-L", socket] + arguments
        var cArguments = argv.map { strdup($0) } + [nil]
        defer { for pointer in cArguments { free(pointer) } }
        // Start tmux with default signal handling and nothing blocked, as a login terminal would.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid = pid_t()
        let spawned = posix_spawnp(&pid, "tmux", &actions, &attributes, &cArguments, environ)
        guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
    }

    /// Keys as tmux names them (`Enter`, `Tab`, `Up`, `C-c`) or literal text.
    func keys(_ keys: String...) throws { try tmux(["send-keys", "-t", name] + keys) }
    func type(_ text: String) throws {
        // tmux reads a trailing ';' as a command separator, so text goes byte by byte in hex.
        try tmux(["send-keys", "-t", name, "-H"] + text.utf8.map { String(format: "%02x", $0) })
    }
    var screen: String { (try? tmux(["capture-pane", "-p", "-t", name, "-S", "-200"])) ?? "" }
    /// capture-pane drops trailing spaces, so a prompt is a line that ends with ">" after the warehouse name.
    func showsPrompt(_ warehouseName: String) -> Bool {
        screen.split(separator: "\n").contains { $0.hasPrefix(warehouseName + " ") && $0.hasSuffix(">") }
    }
    /// The cursor's line is an empty prompt again (after Enter or Ctrl-C), so the next keys start a new line.
    func atEmptyPrompt(_ warehouseName: String) -> Bool {
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: true)
        return lines.last.map { $0.hasPrefix(warehouseName + " ") && $0.hasSuffix(">") } ?? false
    }
    var isRunning: Bool { (try? tmux(["list-sessions"]))?.contains(name) ?? false }

    func waitFor(_ description: String, timeout: Double = 10, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition() { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return condition()
    }
}

@Suite(.serialized) struct InteractiveShell {
    static var tmuxAvailable: Bool { FileManager.default.fileExists(atPath: "/usr/bin/tmux") }

    func steps(_ warehouse: String) -> [[String: Any]] {
        guard let path = try? Nbaops.transcripts(warehouse).last, let text = try? String(contentsOfFile: path, encoding: .utf8)
        else { return [] }
        return text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            .filter { $0["type"] as? String == "step" }
    }

    func inputs(_ warehouse: String) -> [String] { steps(warehouse).compactMap { $0["input"] as? String } }

    @Test(.enabled(if: tmuxAvailable))
    func typingEditingCompletionHistoryAndCtrlC() throws {
        let warehouse = Nbaops.temporaryDirectory("tty")
        let home = Nbaops.temporaryDirectory("home")
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        let history = home + "/history"
        let shell = try TmuxSession(command: "\(Nbaops.binary) --warehouse \(warehouse)",
                                    environment: ["HOME": home, "NBAOPS_HISTORY": history])
        let warehouseName = (warehouse as NSString).lastPathComponent
        #expect(shell.waitFor("prompt") { shell.showsPrompt(warehouseName) })

        // Type with a typo, fix it with Home/Right, finish with End: the line that runs is the edited one.
        try shell.type("SELEC 42 AS answer")
        try shell.keys("Home", "Right", "Right", "Right", "Right", "Right")
        try shell.type("T")
        try shell.keys("End")
        try shell.type(";")
        try shell.keys("Enter")
        #expect(shell.waitFor("first result") { inputs(warehouse) == ["SELECT 42 AS answer"] })
        #expect(shell.screen.contains("│     42 │"))

        // Tab completes a unique command name.
        try shell.type("tabl")
        try shell.keys("Tab")
        #expect(shell.waitFor("completed line") { shell.screen.contains("> tables") })
        try shell.keys("Enter")
        #expect(shell.waitFor("tables ran") { inputs(warehouse).last == "tables" })
        #expect(shell.screen.contains("bdl_player_boxscores"))

        // Tab on an ambiguous prefix lists the choices.
        try shell.type("sche")
        try shell.keys("Tab")
        #expect(shell.waitFor("choices listed") { shell.screen.contains("scheduler  schema") })
        try shell.keys("C-u")

        // Up twice recalls the SELECT; running it again records it again.
        try shell.keys("Up", "Up", "Enter")
        #expect(shell.waitFor("recalled") { inputs(warehouse) == ["SELECT 42 AS answer", "tables", "SELECT 42 AS answer"] })

        // Ctrl-C drops a half-typed line and the shell stays.
        try shell.type("gaps 2026-01-0")
        #expect(shell.waitFor("typed") { shell.screen.contains("gaps 2026-01-0") })
        try shell.keys("C-c")
        // Wait for the fresh prompt, as a person would, so the next keys are not typed into the line being dropped.
        #expect(shell.waitFor("fresh prompt") { shell.atEmptyPrompt(warehouseName) })
        try shell.type("note after the first ctrl-c")
        try shell.keys("Enter")
        #expect(shell.waitFor("note recorded") { inputs(warehouse).last == "note after the first ctrl-c" })
        #expect(!inputs(warehouse).contains { $0.hasPrefix("gaps") })

        // Ctrl-C cancels a long-running query; the shell reports it and stays.
        try shell.type("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT count(*) FROM c;")
        try shell.keys("Enter")
        Thread.sleep(forTimeInterval: 0.5)
        try shell.keys("C-c")
        #expect(shell.waitFor("interrupted") { steps(warehouse).last?["status"] as? String == "interrupted" })
        #expect(shell.screen.contains("interrupted"))
        try shell.type("note still here")
        try shell.keys("Enter")
        #expect(shell.waitFor("still here") { inputs(warehouse).last == "note still here" })

        // Ctrl-D leaves and saves the history.
        try shell.keys("C-d")
        #expect(shell.waitFor("exited") { !shell.isRunning })
        let saved = try String(contentsOfFile: history, encoding: .utf8)
        #expect(saved.contains("tables"))
        #expect(saved.contains("note\\040still\\040here") || saved.contains("note still here"))
    }

    @Test(.enabled(if: tmuxAvailable))
    func historyIsRestoredInTheNextSession() throws {
        let warehouse = Nbaops.temporaryDirectory("tty2")
        let home = Nbaops.temporaryDirectory("home2")
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        let environment = ["HOME": home, "NBAOPS_HISTORY": home + "/history"]
        do {
            let first = try TmuxSession(command: "\(Nbaops.binary) --warehouse \(warehouse)", environment: environment)
            #expect(first.waitFor("prompt") { first.showsPrompt((warehouse as NSString).lastPathComponent) })
            try first.type("SELECT 'from the first session' AS origin;")
            try first.keys("Enter")
            #expect(first.waitFor("ran") { inputs(warehouse).count == 1 })
            try first.type("quit")
            try first.keys("Enter")
            #expect(first.waitFor("exited") { !first.isRunning })
        }
        let second = try TmuxSession(command: "\(Nbaops.binary) --warehouse \(warehouse)", environment: environment)
        #expect(second.waitFor("prompt") { second.showsPrompt((warehouse as NSString).lastPathComponent) })
        try second.keys("Up", "Up", "Enter")
        #expect(second.waitFor("recalled across sessions") {
            inputs(warehouse).last == "SELECT 'from the first session' AS origin"
        })
        try second.keys("C-d")
    }
}
