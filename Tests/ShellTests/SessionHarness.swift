import Foundation
import Warehouse
@testable import Runtime
@testable import Shell

/// A session on a fresh warehouse with captured output; runs script text through the real input loop.
final class SessionHarness {
    let warehouse: Warehouse
    let output = BufferedOutput()
    let session: ShellSession

    init(format: OutputFormat = .table) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nbaops-shell-\(UUID().uuidString)").path
        warehouse = try Warehouse(directory: directory)
        session = try ShellSession(warehouse: warehouse, style: OutputStyle(format: format), output: output,
                                   wallClock: VirtualClock(start: Date(timeIntervalSince1970: 1_769_000_000)))
    }

    @discardableResult
    func run(_ text: String, keepGoing: Bool = false) -> InputLoop.Outcome {
        InputLoop(session: session, stopOnFailure: !keepGoing).run(TextLineSource(text: text, name: "test.ops"))
    }
}
