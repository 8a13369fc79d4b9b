import Foundation

/// Where the shell writes: stdout and stderr for the process, a buffer in tests.
public protocol OutputSink: AnyObject {
    func write(_ text: String)
    func writeError(_ text: String)
}

public final class StandardOutput: OutputSink {
    public init() {}
    public func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
    public func writeError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}

public final class BufferedOutput: OutputSink {
    public private(set) var output = ""
    public private(set) var errors = ""
    public init() {}
    public func write(_ text: String) { output += text }
    public func writeError(_ text: String) { errors += text }
}
