import Foundation
import HTTP
import Warehouse

/// Everything a scraper needs: the warehouse (for its logs and the lake), the shared HTTP client, where the sources
/// are, and who to tell when it is done.
public final class ScrapeEnvironment: Sendable {
    public let warehouse: Warehouse
    public let client: HTTPClient
    public let directory: SourceDirectory
    public let lake: LakeWriter
    public let publisher: (any EventPublishing)?
    private let counter = RunCounter()

    public init(warehouse: Warehouse, client: HTTPClient, directory: SourceDirectory, publisher: (any EventPublishing)?) {
        self.warehouse = warehouse
        self.client = client
        self.directory = directory
        self.publisher = publisher
        lake = LakeWriter(root: warehouse.lakeDirectory, redactor: SecretRedactor(secrets: directory.secrets))
    }

    public var clock: any HTTPClock { client.clock }

    /// An 8-hex run id, as production's: derived from what the run is and when, never from a random generator.
    func nextExecutionID(scraper: String, date: String) -> String {
        let n = counter.next()
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "\(scraper)|\(date)|\(PipelineCalendar.timestamp(clock.now))|\(n)".utf8 {
            h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return String(format: "%08llx", h & 0xffff_ffff)
    }
}

final class RunCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func next() -> Int { lock.withLock { value += 1; return value } }
}
