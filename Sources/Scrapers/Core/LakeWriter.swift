import Foundation
import HTTP

/// Writes raw responses to the warehouse's lake, each file complete or not at all (written aside, then renamed), and
/// with every configured secret redacted from the body.
public struct LakeWriter: Sendable {
    public let root: String
    let redactor: SecretRedactor

    public init(root: String, redactor: SecretRedactor) {
        self.root = root
        self.redactor = redactor
    }

    public enum WriteError: Error, CustomStringConvertible {
        case failed(String, String)
        public var description: String {
            switch self { case .failed(let path, let why): "could not write \(path): \(why)" }
        }
    }

    @discardableResult
    public func write(_ body: [UInt8], to path: LakePath) throws -> String {
        try written(body, to: path).relative
    }

    /// Writes the file and says whether it holds exactly `body` (nothing redacted, nothing repaired).
    public func written(_ body: [UInt8], to path: LakePath) throws -> (relative: String, verbatim: Bool) {
        let relative = path.relative
        let full = root + "/" + relative
        let directory = (full as NSString).deletingLastPathComponent
        // Most bodies hold nothing to redact and are stored as they came, never decoded to a String.
        let verbatim = redactor.leavesUnchanged(body)
        let bytes = verbatim ? body : Array(redactor.redact(String(decoding: body, as: UTF8.self)).utf8)
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let temporary = full + ".partial"
            if let problem = Self.writeFile(bytes, to: temporary) { throw WriteError.failed(relative, problem) }
            // rename(2) replaces an existing file in one step; remove-then-move would leave a moment with no file.
            guard rename(temporary, full) == 0 else {
                throw WriteError.failed(relative, String(cString: strerror(errno)))
            }
        } catch let error as WriteError {
            throw error
        } catch {
            throw WriteError.failed(relative, error.localizedDescription)
        }
        return (relative, verbatim || bytes == body)
    }

    /// Writes the bytes with plain write(2)s, not synced: the lake is as durable as the warehouse beside it (SQLite in
    /// WAL mode with `synchronous = NORMAL` does not sync each commit either). A killed process never leaves a partial
    /// file under its final name (the rename comes after the last write); a power cut can lose the newest files, as it
    /// can the newest commits, and a re-scrape writes them again. (Foundation's `Data.write` synced every file, which
    /// cost the demo seconds of its wall time.) Says what went wrong, or nil when every byte was written.
    static func writeFile(_ bytes: [UInt8], to path: String) -> String? {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return String(cString: strerror(errno)) }
        var problem: String?
        bytes.withUnsafeBytes { buffer in
            var written = 0
            while written < buffer.count {
                let result = Foundation.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
                if result < 0 {
                    if errno == EINTR { continue }
                    problem = String(cString: strerror(errno))
                    return
                }
                written += result
            }
        }
        if close(descriptor) != 0, problem == nil { problem = String(cString: strerror(errno)) }
        return problem
    }

    /// The newest file of a source and kind for a date, if any (names start with their timestamp, so they sort).
    public func latest(source: String, kind: String, gameDate: String) -> String? {
        files(source: source, kind: kind, gameDate: gameDate).last
    }

    public func files(source: String, kind: String, gameDate: String) -> [String] {
        let directory = "\(root)/\(source)/\(kind)/\(gameDate)"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { !$0.hasSuffix(".partial") }.sorted().map { "\(directory)/\($0)" }
    }
}
