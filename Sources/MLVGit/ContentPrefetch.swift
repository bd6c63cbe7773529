import Foundation

/// Reads one file's content packets on a thread of its own, up to a flush, so that git keeps
/// sending while the content read so far is chunked, hashed and stored.
///
/// At most `capacity` packets wait in the queue (about 4 MB), so memory stays bounded.
/// Thread-safety: `@unchecked Sendable`; `condition` guards `queue` and `finished`. The reader is
/// used by the prefetch thread alone until ``next()`` has returned nil or thrown, after which
/// the thread has ended.
final class ContentPrefetch: @unchecked Sendable {
    private let condition = NSCondition()
    private var queue: [[UInt8]] = []
    private var finished: Result<Void, any Error>?
    private let capacity = 64

    /// Starts reading `reader`'s packets up to the next flush.
    init(_ reader: PktLineReader, path: String) {
        let thread = Thread { [self] in
            let outcome: Result<Void, any Error> = Result {
                while true {
                    switch try reader.next() {
                    case .data(let bytes): push(bytes)
                    case .flush: return
                    case nil: throw GitError(.protocolError, "input ended inside the content of '\(path)'")
                    }
                }
            }
            condition.lock()
            finished = outcome
            condition.broadcast()
            condition.unlock()
        }
        thread.start()
    }

    private func push(_ bytes: [UInt8]) {
        condition.lock()
        while queue.count >= capacity { condition.wait() }
        queue.append(bytes)
        condition.broadcast()
        condition.unlock()
    }

    /// The next packet of content, or nil after the flush.
    /// - Throws: what reading failed with (the protocol is then broken).
    func next() throws -> [UInt8]? {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty && finished == nil { condition.wait() }
        if !queue.isEmpty {
            let bytes = queue.removeFirst()
            condition.broadcast()
            return bytes
        }
        try finished?.get()
        return nil
    }

    /// Reads and drops the rest of the content, returning once the flush was read.
    func drain() throws {
        while try next() != nil {}
    }
}
