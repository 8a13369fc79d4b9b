/// "Did you mean": the nearest candidate by edit distance, when it is near enough to be a plausible typo.
enum Suggestion {
    static func nearest(to word: String, in candidates: [String]) -> String? {
        let target = word.lowercased()
        guard !target.isEmpty else { return nil }
        if let prefixed = candidates.filter({ $0.lowercased().hasPrefix(target) }).min(by: { $0.count < $1.count }),
            target.count >= 2
        {
            return prefixed
        }
        var best: (String, Int)?
        for candidate in candidates {
            let distance = editDistance(target, candidate.lowercased())
            if best == nil || distance < best!.1 { best = (candidate, distance) }
        }
        guard let (candidate, distance) = best else { return nil }
        let limit = max(1, (max(target.count, candidate.count) + 1) / 3)
        return distance <= limit ? candidate : nil
    }

    /// Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[a.count][b.count]
    }
}
