import Synchronization

/// Where tensor operations run: the number of threads and the kernel variant.
///
/// Work is split over fixed output tiles and every output element is computed by one thread
/// with a fixed operation order, so results do not depend on `threads`. A context owns the
/// scratch buffers of its kernels (allocated once, reused by every call); it may be shared,
/// and calls from several threads take turns.
public final class ComputeContext: Sendable {
    /// The number of threads an operation may use (at least 1).
    public let threads: Int
    /// The kernel variant in use.
    public let variant: KernelVariant
    let scratch: Mutex<KernelScratch>
    private let pool: WorkerPool?

    /// Makes a context; `variant` defaults to the best this CPU runs.
    public convenience init(threads: Int = 1, variant: KernelVariant = .best) throws(ComputeError) {
        guard threads >= 1 && threads <= 256 else {
            throw ComputeError(.invalidArgument, "thread count \(threads) is outside 1...256")
        }
        guard variant.isSupported else {
            throw ComputeError(.invalidArgument, "this CPU does not run the \(variant.rawValue) kernels")
        }
        self.init(validThreads: threads, variant: variant)
    }

    private init(validThreads threads: Int, variant: KernelVariant) {
        self.threads = threads
        self.variant = variant
        self.scratch = Mutex(KernelScratch(variant: variant, parts: threads))
        self.pool = threads > 1 ? WorkerPool(workers: threads - 1) : nil
    }

    deinit { pool?.shutdown() }

    /// The thread count a command should use: `--jobs` when given, else `MLV_THREADS` from
    /// `environment`, else every core. The caller passes the environment in; the library never
    /// reads it.
    public static func threadCount(
        jobs: Int?, environment: [String: String], cores: Int
    ) throws(ComputeError) -> Int {
        if let jobs {
            guard (1...256).contains(jobs) else {
                throw ComputeError(.invalidArgument, "--jobs \(jobs) is outside 1...256")
            }
            return jobs
        }
        if let text = environment["MLV_THREADS"] {
            guard let value = Int(text), (1...256).contains(value) else {
                throw ComputeError(.invalidArgument, "MLV_THREADS=\(text) is not a thread count in 1...256")
            }
            return value
        }
        return Swift.max(1, Swift.min(cores, 256))
    }

    /// The default single-threaded context with the best kernels.
    public static let serial = ComputeContext(validThreads: 1, variant: .best)

    /// Runs `body(part)` for `part` in `0..<parts`, on up to `threads` threads.
    func parallel(_ parts: Int, _ body: @escaping @Sendable (Int) -> Void) {
        if parts <= 1 || pool == nil {
            for part in 0..<parts { body(part) }
        } else {
            pool?.run(parts, body)
        }
    }
}
