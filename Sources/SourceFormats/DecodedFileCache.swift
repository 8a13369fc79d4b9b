import Foundation

/// Documents decoded from files that are read again and again — the season schedule, which every scraper run checks
/// its games against and every Phase 2 schedule partition reads — kept decoded while the file is unchanged (same path,
/// size and modification time). Lake files are written once and replaced whole, so that identity is enough. Holds the
/// few most recent documents only, to bound memory.
public final class DecodedFileCache: @unchecked Sendable {
    public static let shared = DecodedFileCache(capacity: 4)
    /// Lake files a scraper has just written and decoded: a night's Phase 2 runs read them right after (and re-read
    /// a date's earlier snapshots on every run), so they are kept as the scraper decoded them. Only a scraper adds to
    /// it, so a backfill reading old files decodes them itself and this stays small. 256 documents cover what the
    /// demo's history lanes scrape ahead of its loading (a few MB: the lake's JSON files are 4–60 KB).
    public static let lake = DecodedFileCache(capacity: 256)

    private struct Identity: Equatable {
        let path: String
        let size: UInt64
        /// The modification time to the nanosecond, as the file system keeps it.
        let modified: timespec
        let type: ObjectIdentifier

        static func == (a: Identity, b: Identity) -> Bool {
            a.path == b.path && a.size == b.size && a.modified.tv_sec == b.modified.tv_sec
                && a.modified.tv_nsec == b.modified.tv_nsec && a.type == b.type
        }
    }

    private let lock = NSLock()
    private let capacity: Int
    private var entries: [(identity: Identity, document: Any)] = []

    public init(capacity: Int) { self.capacity = capacity }

    /// The document at `path` decoded as `T`; nil when the file is missing or is not a `T`.
    public func document<T: Decodable>(_ type: T.Type, at path: String) -> T? {
        guard let identity = Self.identity(of: path, as: type) else { return nil }
        if let hit = lock.withLock({ entries.first { $0.identity == identity }?.document as? T }) { return hit }
        guard let data = FileManager.default.contents(atPath: path), let document = try? WireJSON.decode(T.self, from: data)
        else { return nil }
        store(document, as: identity)
        return document
    }

    /// The document kept for the file as it is now, if one is; never reads or decodes the file.
    public func kept<T>(_ type: T.Type, at path: String) -> T? {
        guard let identity = Self.identity(of: path, as: type) else { return nil }
        return lock.withLock { entries.first { $0.identity == identity }?.document as? T }
    }

    /// Keeps `document` as what the file at `path` decodes to — only for a document decoded from exactly the bytes
    /// the file holds now.
    public func keep<T>(_ document: T, at path: String) {
        guard let identity = Self.identity(of: path, as: T.self) else { return }
        store(document, as: identity)
    }

    private func store(_ document: Any, as identity: Identity) {
        lock.withLock {
            entries.removeAll { $0.identity.path == identity.path && $0.identity.type == identity.type }
            entries.append((identity, document))
            if entries.count > capacity { entries.removeFirst(entries.count - capacity) }
        }
    }

    private static func identity<T>(of path: String, as type: T.Type) -> Identity? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Identity(path: path, size: UInt64(info.st_size), modified: info.st_mtim, type: ObjectIdentifier(type))
    }
}
