import Foundation

/// Values computed from a repository at one commit (the log of a tip, the metric history
/// reachable from it), kept for the next view: commits never change, so an entry is valid as
/// long as its key names the repository and the tip's id. Bounded: the oldest entry goes first.
final class TipCache<Value: Sendable>: @unchecked Sendable {
    // Safety: `lock` guards `entries` and `order`.
    private let lock = NSLock()
    private var entries: [String: Value] = [:]
    private var order: [String] = []
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// The value under `key`, computed (outside the lock) and kept when missing.
    func value(_ key: String, compute: () throws -> Value) rethrows -> Value {
        if let hit = lock.withLock({ entries[key] }) { return hit }
        let value = try compute()
        lock.withLock {
            if entries.updateValue(value, forKey: key) == nil { order.append(key) }
            while order.count > capacity { entries[order.removeFirst()] = nil }
        }
        return value
    }
}
