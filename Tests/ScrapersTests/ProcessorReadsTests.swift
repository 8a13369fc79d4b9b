import Foundation
import Testing
@testable import Pipeline
import Runtime
import SourceFormats
import Warehouse

/// Each processor's declared `reads` against the tables its statements name while it builds, on a warehouse scraped
/// from the feed and loaded through every phase, with nothing kept from earlier builds (a kept derivation skips its
/// query). A table read but not declared would let a build overlap a write it depends on.
@Suite(.serialized) struct ProcessorReads {
    @Test func everyProcessorDeclaresEveryTableItReads() async throws {
        let h = try await FeedHarness(at: "2026-01-16T13:00:00Z")
        _ = await h.scrape(["schedule", "box-scores", "gamebooks", "injuries", "events", "props", "game-lines", "rosters", "pbp"],
                           on: "2026-01-13")
        _ = await h.scrape(["box-scores", "gamebooks", "injuries", "events", "props", "game-lines", "rosters", "pbp"], on: "2026-01-14")
        let backfiller = Backfiller(warehouse: h.warehouse)
        let context = ProcessingContext(runID: "reads-test", processedAt: PipelineCalendar.timestamp(h.clock.now), mode: .backfill,
                                        lakeDirectory: h.warehouse.lakeDirectory)
        _ = try backfiller.run(try backfiller.plan(BackfillRequest(phase: .phase2, range: DayRange(Day("2026-01-13")!, Day("2026-01-14")!)!,
                                                                   through: .grading, onlyMissing: false)), context: context)
        var undeclared: [String] = []
        for phase in PipelinePhase.allCases {
            for processor in PipelineRegistry.processors(for: phase) {
                for day in ["2026-01-13", "2026-01-14"] {
                    KeptDerivations.removeAll()
                    let (_, read) = try h.warehouse.readRecordingTables { tx in
                        try processor.build(Day(day)!, in: tx, context: context)
                    }
                    let missing = read.subtracting(processor.reads ?? [])
                    if processor.reads == nil || !missing.isEmpty {
                        undeclared.append("\(processor.name) \(day): reads \(read.map(\.description).sorted()), "
                                          + "undeclared \(missing.map(\.description).sorted())")
                    }
                    #expect(!read.contains { $0.dataset == .orchestration }, "\(processor.name) reads orchestration state")
                }
            }
        }
        #expect(undeclared.isEmpty, "\(undeclared.joined(separator: "\n"))")
        await h.stop()
    }
}
