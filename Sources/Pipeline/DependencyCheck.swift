import Foundation
import Warehouse

/// An upstream a processor relies on, with the production thresholds: older than `warnHours` is a warning, older than
/// `failHours` fails the run; a missing critical upstream fails it too. A single row counts as present. Skipped in
/// backfill mode, exactly as production's `backfill_mode`.
public struct Dependency: Sendable {
    public let table: TableName
    public let critical: Bool
    public let warnHours: Double
    public let failHours: Double

    public init(_ table: TableName, critical: Bool, warnHours: Double, failHours: Double) {
        self.table = table
        self.critical = critical
        self.warnHours = warnHours
        self.failHours = failHours
    }
}

public enum DependencyError: Error, Equatable, Sendable, CustomStringConvertible {
    case missingCritical(processor: String, table: String, date: String)
    case stale(processor: String, table: String, ageHours: Double, maxHours: Double)

    public var description: String {
        switch self {
        case .missingCritical(let processor, let table, let date):
            return "\(processor): critical dependency \(table) has no rows for \(date)"
        case .stale(let processor, let table, let age, let max):
            return String(format: "%@: Stale dependencies (FAIL threshold): %@ %.1fh old (max %.0fh)", processor, table, age, max)
        }
    }
}

extension PartitionProcessor {
    /// Processors declare none unless they override this.
    public var dependencies: [Dependency] { [] }
}

public enum DependencyCheck {
    /// Returns the warnings; throws on a failure. `processedAt` is the runtime clock's instant.
    public static func run(_ processor: any PartitionProcessor, date: Day, processedAt: String, _ tx: WarehouseTransaction) throws -> [String] {
        guard let now = PipelineCalendar.parseTimestamp(processedAt) else { return [] }
        var warnings: [String] = []
        for dependency in processor.dependencies {
            let loaded = try tx.scalar("""
                SELECT MAX(loaded_at) FROM \(dependency.table.dataset.rawValue)._loads WHERE table_name = ? AND partition_date = ? AND row_count > 0
                """, [.text(dependency.table.table), .text(date.description)]).stringValue.flatMap(PipelineCalendar.parseTimestamp)
            guard let loaded else {
                if dependency.critical {
                    throw DependencyError.missingCritical(processor: processor.name, table: dependency.table.description, date: date.description)
                }
                warnings.append("\(dependency.table) has no rows for \(date)")
                continue
            }
            let age = now.timeIntervalSince(loaded) / 3600
            if age > dependency.failHours {
                if dependency.critical {
                    throw DependencyError.stale(processor: processor.name, table: dependency.table.description, ageHours: age,
                                                maxHours: dependency.failHours)
                }
                warnings.append(String(format: "%@ %.1fh old (fail %.0fh, non-critical)", dependency.table.description, age, dependency.failHours))
            } else if age > dependency.warnHours {
                warnings.append(String(format: "%@ %.1fh old (warn %.0fh)", dependency.table.description, age, dependency.warnHours))
            }
        }
        return warnings
    }
}
