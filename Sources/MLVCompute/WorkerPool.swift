import Dispatch
import Foundation
import Synchronization

/// Persistent threads that run the parts of one parallel call, with the calling thread taking
/// parts too.
///
/// Kernels call it thousands of times a second with a few hundred microseconds of work each,
/// so waking threads must cost far less than that: idle workers spin briefly on an atomic
/// generation counter before they sleep on a semaphore. Parts are taken from a shared counter;
/// which thread runs a part never changes what the part computes.
///
/// Each call's body and counters live in their own ``Job``: a worker that wakes late for a call
/// that has already returned finds that job's parts all taken, and can never run an old body on
/// the parts of a newer call (which a shared body and counter allowed, and which crashed a test
/// run reading the body while the next call replaced it).
final class WorkerPool: @unchecked Sendable {
    // Shared state: `current` is read and written under its mutex; the rest are atomics.
    private let current = Mutex<Job?>(nil)
    private let generation = Atomic<Int>(0)
    private let stopping = Atomic<Bool>(false)
    private let workers: [Worker]
    private let exited = DispatchSemaphore(value: 0)
    /// How long an idle worker busy-waits before it sleeps. Waking a sleeping thread costs tens
    /// of microseconds on a virtual machine, more than the serial gaps between two products of
    /// a training step, so workers stay awake across those gaps.
    private let spinNanoseconds: UInt64 = 300_000

    /// Starts `workers` threads (the caller of `run` is one more).
    init(workers: Int) {
        self.workers = (0..<workers).map { _ in Worker() }
        for index in 0..<workers {
            let thread = Thread { [unowned self] in self.work(index) }
            thread.name = "mlv-compute-\(index + 1)"
            thread.start()
        }
    }

    /// Stops the workers and waits for them.
    func shutdown() {
        stopping.store(true, ordering: .sequentiallyConsistent)
        generation.add(1, ordering: .sequentiallyConsistent)
        wakeSleepers()
        for _ in workers { exited.wait() }
    }

    /// Runs `body(part)` for every part in `0..<parts` and returns when all have finished.
    func run(_ parts: Int, _ body: @escaping @Sendable (Int) -> Void) {
        let job = Job(body: body, parts: parts)
        current.withLock { $0 = job }
        generation.add(1, ordering: .sequentiallyConsistent)
        wakeSleepers()
        job.takeParts()
        while job.remaining.load(ordering: .acquiring) > 0 {}
        current.withLock { $0 = nil }
    }

    private func wakeSleepers() {
        for worker in workers where worker.sleeping.exchange(false, ordering: .sequentiallyConsistent) {
            worker.wakeup.signal()
        }
    }

    private func work(_ index: Int) {
        let worker = workers[index]
        var seen = 0
        while true {
            var spin = 0
            var spinStart: UInt64 = 0
            while generation.load(ordering: .acquiring) == seen {
                spin += 1
                if spin & 255 != 0 { continue }
                let now = DispatchTime.now().uptimeNanoseconds
                if spinStart == 0 { spinStart = now }
                if now - spinStart < spinNanoseconds { continue }
                worker.sleeping.store(true, ordering: .sequentiallyConsistent)
                if generation.load(ordering: .sequentiallyConsistent) != seen {
                    // Work arrived meanwhile; if the caller already claimed our flag, it signalled.
                    if !worker.sleeping.exchange(false, ordering: .sequentiallyConsistent) { worker.wakeup.wait() }
                } else {
                    worker.wakeup.wait()
                }
                spin = 0
                spinStart = 0
            }
            seen = generation.load(ordering: .acquiring)
            if stopping.load(ordering: .acquiring) {
                exited.signal()
                return
            }
            if let job = current.withLock({ $0 }) { job.takeParts() }
        }
    }
}

/// One call of ``WorkerPool/run(_:_:)``: its body and its own part counters.
private final class Job: Sendable {
    let body: @Sendable (Int) -> Void
    let parts: Int
    let nextPart = Atomic<Int>(0)
    let remaining: Atomic<Int>

    init(body: @escaping @Sendable (Int) -> Void, parts: Int) {
        self.body = body
        self.parts = parts
        remaining = Atomic<Int>(parts)
    }

    /// Runs parts until none is left to take.
    func takeParts() {
        while true {
            let part = nextPart.add(1, ordering: .relaxed).oldValue
            if part >= parts { return }
            body(part)
            remaining.subtract(1, ordering: .releasing)
        }
    }
}

/// One worker's sleep flag and wake-up semaphore.
private final class Worker: Sendable {
    let sleeping = Atomic<Bool>(false)
    let wakeup = DispatchSemaphore(value: 0)
}
