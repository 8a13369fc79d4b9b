import Foundation

/// Documents decoded from files that are read again and again — the season schedule, which every scraper run checks
/// its games against and every Phase 2 schedule partition reads — kept decoded while the file is unchanged (same path,
/// size and modification time). Lake files are written once and replaced whole, so that identity is enough. Holds the
/// few most recent documents only, to bound memory.
public final class DecodedFileCache: @unchecked Sendable {
    public static let shared = DecodedFileCache(capacity: 4)

    private struct Identity: Hashable {
        let path: String
        let size: UInt64
        let modified: Double
        let type: ObjectIdentifier
    }

    private let lock = NSLock()
    private let capacity: Int
    private var entries: [(identity: Identity, document: Any)] = []

    public init(capacity: Int) { self.capacity = capacity }

    /// The document at `path` decoded as `T`; nil when the file is missing or is not a `T`.
    public func document<T: Decodable>(_ type: T.Type, at path: String) -> T? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let size = (attributes[.size] as? NSNumber)?.uint64Value,
              let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 else { return nil }
        let identity = Identity(path: path, size: size, modified: modified, type: ObjectIdentifier(type))
        if let hit = lock.withLock({ entries.first { $0.identity == identity }?.document as? T }) { return hit }
        guard let data = FileManager.default.contents(atPath: path), let document = try? JSONDecoder().decode(T.self, from: data)
        else { return nil }
        lock.withLock {
            entries.removeAll { $0.identity.path == path && $0.identity.type == identity.type }
            entries.append((identity, document))
            if entries.count > capacity { entries.removeFirst(entries.count - capacity) }
        }
        return document
    }
}
