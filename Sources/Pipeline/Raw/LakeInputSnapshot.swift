import Foundation
import SourceFormats

/// The lake files a raw processor reads for a date — names, sizes and modification times — for a partition built from
/// the lake ahead of its run (`PipelineRuntime`'s Phase 2 builds started when a scrape is published): the build is
/// used only if this is unchanged when the run comes. Files are written aside and renamed into place, so a rewrite
/// under the same name changes the time. Nil for processors that read more than their own kind and date (the
/// schedule, which takes the newest schedule file anywhere; the rosters, which read their own earlier partitions).
public struct LakeInputSnapshot: Equatable, Sendable {
    let entries: [String]

    public static func of(_ processor: any PartitionProcessor, date: Day, lakeDirectory: String) -> LakeInputSnapshot? {
        guard let raw = processor as? any RawProcessor, !(processor is ScheduleRawProcessor), !processor.readsItsOwnEarlierPartitions
        else { return nil }
        let lake = LakeReader(root: lakeDirectory)
        let directory = lake.directory(raw.lakeInput, date.description)
        return LakeInputSnapshot(entries: lake.names(raw.lakeInput, date.description).map { name in
            var status = stat()
            guard stat(directory + "/" + name, &status) == 0 else { return name + "|missing" }
            return "\(name)|\(status.st_size)|\(status.st_mtim.tv_sec).\(status.st_mtim.tv_nsec)"
        })
    }
}
