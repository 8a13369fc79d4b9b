import Foundation

/// The distributions the league draws from, all fed by the seeded generator.
extension SeededGenerator {
    public mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }

    public mutating func chance(_ probability: Double) -> Bool { uniform() < probability }

    public mutating func normal(mean: Double = 0, sd: Double = 1) -> Double {
        let u1 = max(uniform(), 1e-12), u2 = uniform()
        return mean + sd * (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
    }

    public mutating func poisson(_ lambda: Double) -> Int {
        guard lambda > 0 else { return 0 }
        if lambda > 30 { return max(0, Int(normal(mean: lambda, sd: lambda.squareRoot()).rounded())) }
        let limit = exp(-lambda)
        var product = uniform(), count = 0
        while product > limit { product *= uniform(); count += 1 }
        return count
    }

    public mutating func binomial(_ trials: Int, _ probability: Double) -> Int {
        (0..<max(0, trials)).reduce(0) { sum, _ in sum + (chance(probability) ? 1 : 0) }
    }

    public mutating func integer(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }

    public mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }

    public mutating func shuffled<T>(_ items: [T]) -> [T] {
        var result = items
        for i in stride(from: result.count - 1, to: 0, by: -1) { result.swapAt(i, Int(next() % UInt64(i + 1))) }
        return result
    }
}
