import Foundation
@testable import Warehouse

/// A fresh warehouse in its own temporary directory.
func makeWarehouse(_ label: String = #function) throws -> Warehouse {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("nbaops-tests-\(label.filter(\.isLetter))-\(UUID().uuidString)").path
    return try Warehouse(directory: directory)
}
