import Foundation

/// What a progress count measures.
public enum ProgressUnit: Sendable {
    case bytes
    case items
}

/// Receives progress of long operations; the CLI draws it on a terminal, tests ignore it.
/// Called from any thread.
public protocol Progress: Sendable {
    /// `completed` of `total` units (total nil when unknown) in `phase`.
    func update(_ phase: String, completed: Int, total: Int?, unit: ProgressUnit)
    /// The phase is over.
    func done(_ phase: String)
}

extension Progress {
    /// Progress counted in bytes.
    public func update(_ phase: String, completed: Int, total: Int?) {
        update(phase, completed: completed, total: total, unit: .bytes)
    }
}

/// Progress that goes nowhere.
public struct SilentProgress: Progress {
    public init() {}
    public func update(_ phase: String, completed: Int, total: Int?, unit: ProgressUnit) {}
    public func done(_ phase: String) {}
}

/// A thread-safe running total for progress.
final class ProgressCounter: @unchecked Sendable {
    // Safety: `value` is only touched under `lock`.
    private let lock = NSLock()
    private var value = 0

    func add(_ amount: Int) -> Int {
        lock.withLock {
            value += amount
            return value
        }
    }
}
