import Foundation
import HTTP
import SourceFormats
import Testing
@testable import Scrapers

/// A lake file is whole under its final name or not there at all, redacted, and a write that cannot happen says where.
@Suite struct LakeWriterFiles {
    let path = LakePath(source: "ball-dont-lie", kind: "player-box-scores", gameDate: "2026-01-15",
                        timestamp: "2026-01-16T05:00:00Z", page: 1)

    func root() throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("lake-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        return root
    }

    @Test func writesTheRedactedBytesAndLeavesNoPartialFile() throws {
        let root = try root()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let writer = LakeWriter(root: root, redactor: SecretRedactor(secrets: ["k-123456"]))
        let body = Array("{\"data\":[],\"url\":\"?api_key=k-123456\",\"é\":\"ü\"}".utf8) + Array(repeating: UInt8(ascii: " "), count: 300_000)
        let relative = try writer.write(body, to: path)
        let written = try Data(contentsOf: URL(fileURLWithPath: root + "/" + relative))
        let text = String(decoding: written, as: UTF8.self)
        #expect(!text.contains("k-123456"))
        #expect(text.hasPrefix("{\"data\":[],\"url\":\"?api_key=") && text.contains("\"é\":\"ü\""))
        #expect(written.count > 300_000, "a body larger than one write(2) is written whole")
        // Written again: replaced in place, still one file and no leftovers.
        try writer.write(Array("{}".utf8), to: path)
        let folder = (root + "/" + relative as NSString).deletingLastPathComponent
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == [(relative as NSString).lastPathComponent])
        #expect(try String(contentsOfFile: root + "/" + relative, encoding: .utf8) == "{}")
    }

    @Test func aWriteThatCannotHappenNamesTheFileAndLeavesNothing() throws {
        let root = try root()
        defer { try? FileManager.default.removeItem(atPath: root) }
        // The date's folder exists as a plain file, so nothing can be created under it.
        let folder = root + "/ball-dont-lie/player-box-scores"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: folder + "/2026-01-15", contents: Data())
        let writer = LakeWriter(root: root, redactor: SecretRedactor(secrets: []))
        #expect {
            try writer.write(Array("{}".utf8), to: path)
        } throws: { error in
            "\(error)".contains(path.relative)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["2026-01-15"])
    }

    @Test func saysWhetherTheFileHoldsExactlyTheBody() throws {
        let root = try root()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let writer = LakeWriter(root: root, redactor: SecretRedactor(secrets: ["k-123456"]))
        #expect(try writer.written(Array("{\"a\":1}".utf8), to: path).verbatim)
        #expect(try !writer.written(Array("{\"key\":\"k-123456\"}".utf8), to: path).verbatim, "a redacted file is not the body")
    }

    /// What a scraper keeps decoded is served only while the file is the one it wrote.
    @Test func aKeptDocumentLastsAsLongAsItsFile() throws {
        let root = try root()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let cache = DecodedFileCache(capacity: 2)
        let file = root + "/page.json"
        try Data("[1,2,3]".utf8).write(to: URL(fileURLWithPath: file))
        #expect(cache.kept([Int].self, at: file) == nil, "nothing kept: the file is not read")
        cache.keep([1, 2, 3], at: file)
        #expect(cache.kept([Int].self, at: file) == [1, 2, 3])
        #expect(cache.kept([String].self, at: file) == nil, "kept per type")
        try Data("[1,2,3,4]".utf8).write(to: URL(fileURLWithPath: file))
        #expect(cache.kept([Int].self, at: file) == nil, "the file changed")
        #expect(cache.kept([Int].self, at: root + "/missing.json") == nil)
        // Capacity: the oldest goes first.
        for index in 0..<3 {
            let other = root + "/\(index).json"
            try Data("[\(index)]".utf8).write(to: URL(fileURLWithPath: other))
            cache.keep([index], at: other)
        }
        #expect(cache.kept([Int].self, at: root + "/0.json") == nil && cache.kept([Int].self, at: root + "/2.json") == [2])
    }
}
