import Foundation
import MLVPipeline

/// The metric history of recent (repository, tip) pairs, so the metrics page reads a thousand
/// run records once per new tip rather than once per view. Bounded: the oldest entry goes first.
final class MetricsCache: @unchecked Sendable {
    // Safety: `lock` guards `entries` and `order`.
    private let lock = NSLock()
    private var entries: [String: [RunHistory.MetricPoint]] = [:]
    private var order: [String] = []
    static let capacity = 64

    func value(_ key: String, compute: () throws -> [RunHistory.MetricPoint]) rethrows -> [RunHistory.MetricPoint] {
        if let hit = lock.withLock({ entries[key] }) { return hit }
        let points = try compute()
        lock.withLock {
            if entries.updateValue(points, forKey: key) == nil { order.append(key) }
            while order.count > MetricsCache.capacity { entries[order.removeFirst()] = nil }
        }
        return points
    }
}
