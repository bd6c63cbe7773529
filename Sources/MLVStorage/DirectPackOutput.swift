import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The bytes of one pack of a bulk write, written with direct I/O from a few page-aligned buffers
/// by a thread of its own (``PackWriter``, ``ObjectWriter``).
///
/// A bulk write (an import of large files) would otherwise copy every pack into the page cache
/// and push the cache's other pages out. On this project's VM the copy is the dearest part: a
/// page the guest has not touched for a while costs the hypervisor a fault, and a 1 GiB add spent
/// over a second of CPU in the kernel (docs/PERFORMANCE.md). Direct writes move the bytes from
/// these buffers to the device, and the appending threads go on hashing while a buffer is
/// written. The last bytes, which fill no whole block, go through the page cache.
///
/// Thread-safety: `@unchecked Sendable`. The appending side (``append(_:)``, ``finish()``,
/// ``buffered(_:)``) is called by one thread at a time (PackWriter's callers serialize); `lock`
/// guards `spare` and `failure`, which the write queue also touches; the queue runs one write at
/// a time, in the order handed off.
@safe final class DirectPackOutput: @unchecked Sendable {
    /// Bytes per buffer; a multiple of any device's block size.
    static let bufferSize = 4 << 20
    /// Buffer alignment, and the length of the blocks written direct.
    static let alignment = 4096
    /// Buffers per pack: one filling while the others are written.
    private static let bufferCount = 6

    private let file: FileWriter
    private let queue = DispatchQueue(label: "mlv.pack-write")
    private let slots = DispatchSemaphore(value: DirectPackOutput.bufferCount)
    private let lock = NSLock()
    private var spare = unsafe [UnsafeMutableRawBufferPointer]()
    private var failure: StorageError?
    private var current: UnsafeMutableRawBufferPointer?
    private var count = 0
    /// Bytes handed to the queue: the file offset where `current` starts.
    private var handedOff: UInt64 = 0
    /// Whether writes still go direct; only the queue touches it.
    private var direct = true

    /// Switches `file` to direct I/O, or returns nil when it cannot have it.
    init?(file: FileWriter) {
        guard file.setDirect(true) else { return nil }
        self.file = file
    }

    // Each queued write holds a reference, so none is pending here.
    deinit {
        lock.withLock { unsafe spare.forEach { unsafe $0.deallocate() } }
        if let current = unsafe current { unsafe current.deallocate() }
    }

    /// Bytes appended so far.
    var size: UInt64 { handedOff + UInt64(count) }

    /// Bytes appended that are written (or being written): those before the current buffer.
    var written: UInt64 { handedOff }

    /// Appends `bytes`, handing each buffer that fills to the write queue; waits only when every
    /// buffer is still being written.
    ///
    /// - Throws: `.io` when an earlier write failed.
    func append(_ bytes: [UInt8]) throws(StorageError) {
        try checkFailure()
        var from = 0
        while from < bytes.count {
            let buffer = unsafe take()
            let length = min(bytes.count - from, DirectPackOutput.bufferSize - count)
            let offset = count
            unsafe bytes.withUnsafeBytes { source in
                unsafe UnsafeMutableRawBufferPointer(rebasing: buffer[offset..<(offset + length)])
                    .copyMemory(from: UnsafeRawBufferPointer(rebasing: source[from..<(from + length)]))
            }
            count += length
            from += length
            if count == DirectPackOutput.bufferSize { handOff(last: false) }
        }
    }

    /// Hands off the bytes of the current buffer, if any: its whole blocks are written direct,
    /// the rest through the page cache. Nothing may be appended afterwards.
    func finish() {
        guard unsafe current != nil, count > 0 else { return }
        handOff(last: true)
    }

    /// Waits for every write handed off.
    ///
    /// - Throws: `.io` naming the file when one failed.
    func drain() throws(StorageError) {
        queue.sync {}
        try checkFailure()
    }

    /// Frees the spare buffers (after ``finish()`` and ``drain()``, all of them): a batch keeps its
    /// sealed packs until it commits, and their buffers would add up. A buffer being written is
    /// not spare, so this is safe at any time.
    func releaseBuffers() {
        lock.withLock {
            unsafe spare.forEach { unsafe $0.deallocate() }
            unsafe spare.removeAll()
        }
    }

    /// Appended bytes in `range` that are still in the current buffer (`range` starts at or
    /// after ``written``).
    func buffered(_ range: Range<UInt64>) -> [UInt8] {
        guard let current = unsafe current, range.lowerBound >= handedOff, range.upperBound <= size else { return [] }
        let start = Int(range.lowerBound - handedOff)
        return unsafe Array(UnsafeRawBufferPointer(rebasing: current[start..<(start + range.count)]))
    }

    private func checkFailure() throws(StorageError) {
        if let failure = lock.withLock({ self.failure }) { throw failure }
    }

    /// The buffer being filled, taking a free one (or allocating) when there is none.
    private func take() -> UnsafeMutableRawBufferPointer {
        if let current = unsafe current { return unsafe current }
        slots.wait()
        let buffer =
            unsafe lock.withLock { unsafe spare.popLast() }
            ?? .allocate(byteCount: DirectPackOutput.bufferSize, alignment: DirectPackOutput.alignment)
        unsafe current = buffer
        count = 0
        return unsafe buffer
    }

    private func handOff(last: Bool) {
        guard let buffer = unsafe current else { return }
        let length = count
        let offset = handedOff
        handedOff += UInt64(length)
        unsafe current = nil
        count = 0
        let job = unsafe Job(buffer: buffer)
        queue.async { [self] in
            let outcome = Result { () throws(StorageError) in
                try unsafe write(job.buffer, length: length, at: offset, last: last)
            }
            lock.withLock {
                if case .failure(let error) = outcome, failure == nil { failure = error }
                unsafe spare.append(job.buffer)
            }
            slots.signal()
        }
    }

    /// Writes `length` bytes of `buffer` at `offset`: whole blocks direct (falling back to the page
    /// cache if the device refuses them), and with `last` the remainder through the page cache.
    private func write(
        _ buffer: UnsafeMutableRawBufferPointer, length: Int, at offset: UInt64, last: Bool
    ) throws(StorageError) {
        let blocks = last ? length / DirectPackOutput.alignment * DirectPackOutput.alignment : length
        if blocks > 0 {
            let bytes = unsafe UnsafeRawBufferPointer(rebasing: buffer[0..<blocks])
            do {
                try unsafe file.write(bytes, at: offset)
            } catch  where direct && (error.underlying as? POSIXErrorNumber)?.code == EINVAL {
                // Direct I/O accepted at open but refused for these blocks: write through the cache.
                direct = !file.setDirect(false)
                try unsafe file.write(bytes, at: offset)
            }
        }
        guard last, blocks < length else { return }
        if direct { direct = !file.setDirect(false) }
        try unsafe file.write(
            UnsafeRawBufferPointer(rebasing: buffer[blocks..<length]), at: offset + UInt64(blocks))
    }

    /// A buffer travelling to the write queue, which alone touches it until it is spare again.
    @unsafe private struct Job: @unchecked Sendable {
        let buffer: UnsafeMutableRawBufferPointer
    }
}
