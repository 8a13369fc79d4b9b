import GRDB

/// BigQuery idioms the production queries use, so they run here as written.
enum SQLFunctions {
    static let safeDivide = DatabaseFunction("SAFE_DIVIDE", argumentCount: 2, pure: true) { values in
        guard let numerator = Double.fromDatabaseValue(values[0]),
            let denominator = Double.fromDatabaseValue(values[1]), denominator != 0
        else { return nil }
        return numerator / denominator
    }

    static let countIf = DatabaseFunction("COUNTIF", argumentCount: 1, pure: true, aggregate: CountIf.self)

    struct CountIf: DatabaseAggregate {
        var count: Int64 = 0
        init() {}
        mutating func step(_ values: [DatabaseValue]) {
            if let truth = Bool.fromDatabaseValue(values[0]), truth { count += 1 }
        }
        func finalize() -> (any DatabaseValueConvertible)? { count }
    }

    static func register(in db: Database) {
        db.add(function: safeDivide)
        db.add(function: countIf)
    }
}
