/// "Did you mean" suggestions for misspelt keys and plugin names.
enum Spelling {
    /// The candidate closest to `word` by edit distance, when it is close enough to be a typo
    /// (at most 2 edits, and fewer than half of the word's characters); ties go to the
    /// smallest candidate so the suggestion is the same on every run.
    ///
    /// - Complexity: O(m · n) per candidate.
    static func suggestion(for word: String, among candidates: some Sequence<String>) -> String? {
        let limit = min(2, max(1, (word.count - 1) / 2))
        var best: (distance: Int, name: String)?
        for candidate in candidates.sorted() {
            let distance = editDistance(word, candidate)
            guard distance <= limit else { continue }
            if best == nil || distance < best?.distance ?? .max { best = (distance, candidate) }
        }
        return best?.name
    }

    /// The hint text for `word`, or nil when nothing is close.
    static func hint(for word: String, among candidates: some Sequence<String>) -> String? {
        suggestion(for: word, among: candidates).map { "did you mean \"\($0)\"?" }
    }

    /// Levenshtein distance over characters (insertions, deletions, substitutions).
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
