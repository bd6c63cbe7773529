import Foundation
import MLVStorage

extension Array where Element: Sendable {
    /// Maps `transform` over the elements on up to `maxThreads` threads, keeping the order.
    /// The first error thrown (by index) is rethrown after all work stops.
    public func parallelMap<T: Sendable>(
        maxThreads: Int = Cores.available,
        _ transform: @Sendable (Element) throws -> T
    ) throws -> [T] {
        if count <= 1 || maxThreads <= 1 { return try map(transform) }
        let results = ResultSlots<T>(count: count)
        let items = self
        let workers = Swift.min(maxThreads, count)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var index = worker
            while index < items.count {
                if results.failed { return }
                do {
                    results.set(index, .success(try transform(items[index])))
                } catch {
                    results.set(index, .failure(error))
                }
                index += workers
            }
        }
        return try results.collect()
    }
}

/// The cores this process may use.
public enum Cores {
    /// Asked once: Foundation reads the cgroup's CPU quota files on every ask.
    public static let available = ProcessInfo.processInfo.activeProcessorCount
}

/// Lock-protected result slots for `parallelMap`.
private final class ResultSlots<T: Sendable>: @unchecked Sendable {
    // Safety: all access to `slots` and `anyFailure` holds `lock`.
    private let lock = NSLock()
    private var slots: [Result<T, any Error>?]
    private var anyFailure = false

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    var failed: Bool { lock.withLock { anyFailure } }

    func set(_ index: Int, _ value: Result<T, any Error>) {
        lock.withLock {
            slots[index] = value
            if case .failure = value { anyFailure = true }
        }
    }

    func collect() throws -> [T] {
        try lock.withLock {
            var out = [T]()
            out.reserveCapacity(slots.count)
            for slot in slots {
                switch slot {
                case .success(let value): out.append(value)
                case .failure(let error): throw error
                case .none: throw InternalError("parallelMap slot left empty")
                }
            }
            return out
        }
    }
}
