import Foundation
import SourceFormats
import Warehouse

/// Reads what Phase 1 left in the lake for one kind and date. File names start with the scrape's stamp
/// (`20260115T220000Z`), then an item (a game, an event, a team) and a page, so they sort by time.
struct LakeReader {
    let root: String

    enum ReadError: Error, CustomStringConvertible {
        case noLake
        case unreadable(String, String)
        var description: String {
            switch self {
            case .noLake: "no lake directory: Phase 2 reads the files Phase 1 scraped"
            case .unreadable(let path, let why): "\(path): \(why)"
            }
        }
    }

    init(_ context: ProcessingContext) throws {
        guard let root = context.lakeDirectory else { throw ReadError.noLake }
        self.root = root
    }

    init(root: String) { self.root = root }

    /// The instant of the newest schedule file anywhere in the lake.
    func newestScheduleStamp() -> String? {
        let dates = ((try? FileManager.default.contentsOfDirectory(atPath: "\(root)/\(LakeLayout.schedule.path)")) ?? [])
        return dates.compactMap { names(LakeLayout.schedule, $0).last }.max().flatMap(LakeLayout.instant(fromStamp:))
    }

    func directory(_ kind: LakeDirectory, _ date: String) -> String { "\(root)/\(kind.path)/\(date)" }

    /// File names (not paths) of a kind for a date, oldest first.
    func names(_ kind: LakeDirectory, _ date: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory(kind, date))) ?? [])
            .filter { !$0.hasSuffix(".partial") && !$0.hasPrefix(".") }.sorted()
    }

    /// The pages of the newest complete BallDontLie scrape: every file sharing the newest stamp whose last page ends the
    /// cursor walk. A scrape stopped between pages (killed, or a page that gave up) leaves a prefix of its pages whose
    /// last one still names a `next_cursor`; reading it would replace a complete partition with part of one, so an older
    /// complete scrape is taken instead. Only when no scrape of the date is complete is the newest prefix read.
    func newestCompletePages(_ kind: LakeDirectory, _ date: String) -> [String] {
        let byStamp = Dictionary(grouping: names(kind, date), by: { String($0.prefix(16)) })
        let stamps = byStamp.keys.sorted(by: >)
        for stamp in stamps {
            let pages = byStamp[stamp]!.sorted()
            if let last = pages.last, endsCursorWalk(kind, date, last) { return pages }
        }
        return stamps.first.map { byStamp[$0]!.sorted() } ?? []
    }

    private struct PageMeta: Decodable { let meta: BDL.Meta? }

    private func endsCursorWalk(_ kind: LakeDirectory, _ date: String, _ name: String) -> Bool {
        guard let page = try? decode(PageMeta.self, kind, date, name) else { return false }
        return page.meta?.nextCursor == nil
    }

    /// The newest file of each item (`<stamp>-<item>.ext`): per game for box scores, per team for rosters.
    func newestPerItem(_ kind: LakeDirectory, _ date: String) -> [String] {
        var newest: [String: String] = [:]
        for name in names(kind, date) {
            let base = (name as NSString).deletingPathExtension
            let item = base.count > 17 ? String(base.dropFirst(17)) : ""
            newest[item] = name
        }
        return newest.keys.sorted().map { newest[$0]! }
    }

    /// Dates of a kind in the lake within a range.
    func dates(_ kind: LakeDirectory, in range: DayRange) -> [Day] {
        let all = (try? FileManager.default.contentsOfDirectory(atPath: "\(root)/\(kind.path)")) ?? []
        return all.compactMap(Day.init).filter { range.contains($0) && !names(kind, $0.description).isEmpty }.sorted()
    }

    func data(_ kind: LakeDirectory, _ date: String, _ name: String) throws -> Data {
        let path = directory(kind, date) + "/" + name
        guard let data = FileManager.default.contents(atPath: path) else { throw ReadError.unreadable(relative(kind, date, name), "cannot read it") }
        return data
    }

    /// The file's document: as the scraper that wrote it decoded it, when that is kept and the file is unchanged
    /// since (`DecodedFileCache.lake`), else decoded from the file.
    func decode<T: Decodable>(_ type: T.Type, _ kind: LakeDirectory, _ date: String, _ name: String) throws -> T {
        if let kept = DecodedFileCache.lake.kept(type, at: directory(kind, date) + "/" + name) { return kept }
        let data = try data(kind, date, name)
        do { return try WireJSON.decode(type, from: data) } catch {
            throw ReadError.unreadable(relative(kind, date, name), "not the expected document (\(OddsAPIHistoryLoader.describe(error)))")
        }
    }

    func relative(_ kind: LakeDirectory, _ date: String, _ name: String) -> String { "lake/\(kind.path)/\(date)/\(name)" }

    /// The newest NBA.com schedule document anywhere in the lake, with its file.
    func newestSchedule() throws -> (document: NBACom.ScheduleDocument, file: String)? {
        let all = ((try? FileManager.default.contentsOfDirectory(atPath: "\(root)/\(LakeLayout.schedule.path)")) ?? [])
            .filter { Day($0) != nil }
        var best: (name: String, date: String)? = nil
        for date in all {
            if let name = names(LakeLayout.schedule, date).last, best == nil || name > best!.name { best = (name, date) }
        }
        guard let best else { return nil }
        let path = directory(LakeLayout.schedule, best.date) + "/" + best.name
        // The same season document serves every date of a backfill: decoded once while the file is unchanged.
        let document = try DecodedFileCache.shared.document(NBACom.ScheduleDocument.self, at: path)
            ?? decode(NBACom.ScheduleDocument.self, LakeLayout.schedule, best.date, best.name)
        return (document, relative(LakeLayout.schedule, best.date, best.name))
    }
}

/// A Phase 2 processor: reads one kind of lake file for a date and writes its `nba_raw` table.
protocol RawProcessor: PartitionProcessor {
    var lakeInput: LakeDirectory { get }

    /// Dates this processor can build in a range: by default, the dates the lake has files for.
    func availableDates(_ lake: LakeReader, in range: DayRange) throws -> [Day]
}

extension RawProcessor {
    public var phase: PipelinePhase { .phase2 }
    public var upstream: [TableName] { [] }
    public var dependencies: [Dependency] { [] }
    func availableDates(_ lake: LakeReader, in range: DayRange) throws -> [Day] { lake.dates(lakeInput, in: range) }
}
