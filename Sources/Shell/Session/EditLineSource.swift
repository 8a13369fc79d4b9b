@preconcurrency import CEditLine
import Foundation

/// The interactive line reader on libedit's native API: emacs editing keys, history restored from and saved to a
/// file, Tab completion from the command table, and Ctrl-C that drops the current line.
public final class EditLineSource: LineSource {
    public let name = "<input>"
    public var isInteractive: Bool { true }
    private let editLine: OpaquePointer
    private let history: OpaquePointer
    private let historyPath: String?
    private let completer: Completer
    /// The terminal as it was before libedit took it: restored while commands run, so Ctrl-C raises SIGINT then.
    private var savedTerminal = termios()
    private let hasSavedTerminal: Bool
    /// Set by the Ctrl-C key binding while a line is being edited.
    private var lineInterrupted = false
    /// The prompt libedit shows; its callback reads this buffer, which lives as long as the reader.
    private let promptBuffer: UnsafeMutablePointer<CChar> = {
        let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: 512)
        buffer.initialize(repeating: 0, count: 512)
        return buffer
    }()

    init(program: String, historyPath: String?, completer: Completer) {
        self.historyPath = historyPath
        self.completer = completer
        hasSavedTerminal = tcgetattr(STDIN_FILENO, &savedTerminal) == 0
        setlocale(LC_CTYPE, "")
        editLine = el_init(program, fdopen(STDIN_FILENO, "r"), fdopen(STDOUT_FILENO, "w"), fdopen(STDERR_FILENO, "w"))
        history = history_init()
        nbaops_history_set_size(history, 2000)
        nbaops_history_set_unique(history, 1)
        nbaops_el_set_history(editLine, history)
        nbaops_el_set_editor(editLine, "emacs")
        nbaops_el_use_interruptible_reader(editLine)
        nbaops_el_set_prompt(editLine) { el in
            guard let el, let context = nbaops_el_get_clientdata(el) else { return nil }
            return Unmanaged<EditLineSource>.fromOpaque(context).takeUnretainedValue().promptBuffer
        }
        nbaops_el_set_clientdata(editLine, Unmanaged.passUnretained(self).toOpaque())
        nbaops_el_add_function(editLine, "nbaops-complete", "complete a command, option or value") { el, _ in
            guard let el, let context = nbaops_el_get_clientdata(el) else { return UInt8(CC_ERROR) }
            return Unmanaged<EditLineSource>.fromOpaque(context).takeUnretainedValue().complete(el)
        }
        nbaops_el_bind(editLine, "^I", "nbaops-complete")
        // libedit takes the terminal out of signal mode while editing, so Ctrl-C arrives as a key: drop the line.
        nbaops_el_add_function(editLine, "nbaops-interrupt", "drop the line being edited") { el, _ in
            guard let el, let context = nbaops_el_get_clientdata(el) else { return UInt8(CC_ERROR) }
            Unmanaged<EditLineSource>.fromOpaque(context).takeUnretainedValue().lineInterrupted = true
            return UInt8(CC_EOF)
        }
        nbaops_el_bind(editLine, "^C", "nbaops-interrupt")
        // Home, End and Delete as the common terminals send them, whatever the terminfo entry says.
        for (keys, function) in [("\\e[1~", "ed-move-to-beg"), ("\\e[H", "ed-move-to-beg"), ("\\eOH", "ed-move-to-beg"),
                                 ("\\e[4~", "ed-move-to-end"), ("\\e[F", "ed-move-to-end"), ("\\eOF", "ed-move-to-end"),
                                 ("\\e[3~", "ed-delete-next-char"), ("\\e[1;5D", "ed-prev-word"), ("\\e[1;5C", "em-next-word")] {
            nbaops_el_bind(editLine, keys, function)
        }
        _ = nbaops_el_source_default(editLine)
        if let historyPath { nbaops_history_load(history, historyPath) }
        Interrupts.install()
    }

    deinit {
        saveHistory()
        el_end(editLine)
        history_end(history)
        promptBuffer.deallocate()
    }

    /// History entries, oldest first (earlier sessions' lines included), for `history`.
    var entries: [String] {
        var entries: [String] = []
        var entry = nbaops_history_oldest(history)
        while let text = entry {
            entries.append(String(cString: text))
            entry = nbaops_history_newer(history)
        }
        return entries
    }

    public func saveHistory() {
        if let historyPath { nbaops_history_save(history, historyPath) }
    }

    public func nextLine(prompt: String, continuation: Bool) -> LineInput {
        let bytes = Array(prompt.utf8.prefix(511))
        for (index, byte) in bytes.enumerated() { promptBuffer[index] = CChar(bitPattern: byte) }
        promptBuffer[bytes.count] = 0
        var count: Int32 = 0
        _ = Interrupts.take()
        lineInterrupted = false
        let raw = el_gets(editLine, &count)
        if hasSavedTerminal { tcsetattr(STDIN_FILENO, TCSADRAIN, &savedTerminal) }
        guard let raw else {
            if lineInterrupted || (count == -1 && (nbaops_errno() == EINTR || Interrupts.take())) {
                lineInterrupted = false
                // Ctrl-C: drop the line, start a fresh one, keep the history safe.
                FileHandle.standardOutput.write(Data("^C\n".utf8))
                el_reset(editLine)
                saveHistory()
                return .interrupted
            }
            FileHandle.standardOutput.write(Data("\n".utf8))
            saveHistory()
            return .endOfInput
        }
        var line = String(cString: raw)
        if line.hasSuffix("\n") { line.removeLast() }
        if !line.trimmingCharacters(in: .whitespaces).isEmpty { nbaops_history_enter(history, line) }
        return .line(line)
    }

    private func complete(_ el: OpaquePointer) -> UInt8 {
        guard let info = el_line(el)?.pointee else { return UInt8(CC_ERROR) }
        let length = info.cursor - info.buffer
        let bytes = UnsafeRawBufferPointer(start: info.buffer, count: max(0, length))
        let beforeCursor = String(decoding: bytes, as: UTF8.self)
        let completion = completer.complete(beforeCursor)
        guard !completion.candidates.isEmpty else { return UInt8(CC_ERROR) }
        let typed = String(beforeCursor.suffix(completion.replacing))
        if completion.candidates.count == 1 {
            let candidate = completion.candidates[0]
            el_deletestr(el, Int32(typed.utf8.count))
            el_insertstr(el, candidate + (candidate.hasSuffix("/") ? "" : " "))
            return UInt8(CC_REFRESH)
        }
        let common = Completer.commonPrefix(completion.candidates)
        if common.count > typed.count {
            el_deletestr(el, Int32(typed.utf8.count))
            el_insertstr(el, common)
            return UInt8(CC_REFRESH)
        }
        let width = (completion.candidates.map(\.count).max() ?? 0) + 2
        let perLine = max(1, 100 / width)
        var listing = "\n"
        for (index, candidate) in completion.candidates.enumerated() {
            listing += candidate.padding(toLength: width, withPad: " ", startingAt: 0)
            if (index + 1) % perLine == 0 { listing += "\n" }
        }
        if !listing.hasSuffix("\n") { listing += "\n" }
        FileHandle.standardOutput.write(Data(listing.utf8))
        return UInt8(CC_REDISPLAY)
    }
}
