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
final class WorkerPool: @unchecked Sendable {
    // Shared state. `job` and `parts` are written before `generation` is bumped (releasing) and
    // read after it is seen (acquiring); the counters are atomics.
    private var job: (@Sendable (Int) -> Void)?
    private var parts = 0
    private let generation = Atomic<Int>(0)
    private let nextPart = Atomic<Int>(0)
    private let remaining = Atomic<Int>(0)
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
        job = body
        self.parts = parts
        nextPart.store(0, ordering: .relaxed)
        remaining.store(parts, ordering: .relaxed)
        generation.add(1, ordering: .sequentiallyConsistent)
        wakeSleepers()
        takeParts(body, parts)
        while remaining.load(ordering: .acquiring) > 0 {}
        job = nil
    }

    private func wakeSleepers() {
        for worker in workers where worker.sleeping.exchange(false, ordering: .sequentiallyConsistent) {
            worker.wakeup.signal()
        }
    }

    private func takeParts(_ body: (Int) -> Void, _ parts: Int) {
        while true {
            let part = nextPart.add(1, ordering: .relaxed).oldValue
            if part >= parts { return }
            body(part)
            remaining.subtract(1, ordering: .releasing)
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
            if let job { takeParts(job, parts) }
        }
    }
}

/// One worker's sleep flag and wake-up semaphore.
private final class Worker: Sendable {
    let sleeping = Atomic<Bool>(false)
    let wakeup = DispatchSemaphore(value: 0)
}
