import Foundation

/// Work started on another thread whose result is collected once with ``wait()``: the worktree
/// walk of `status`, the second half of a large file in `add`.
final class BackgroundTask<Value: Sendable>: @unchecked Sendable {
    // Safety: `value` is written by the worker before `done.signal()` and read after `done.wait()`.
    private let done = DispatchSemaphore(value: 0)
    private var value: Value?

    init(_ work: @escaping @Sendable () -> Value) {
        let thread = Thread { [self] in
            value = work()
            done.signal()
        }
        thread.start()
    }

    /// Blocks until the work is done and returns its result.
    func wait() -> Value {
        done.wait()
        // swift-format-ignore: NeverForceUnwrap
        // Set by the worker before it signals.
        return value!
    }
}
