import Foundation
import MLVRepository
import Synchronization

/// Adds up what several concurrent transfers report and forwards the totals to a ``Progress``
/// (the CLI draws bytes, objects, rate and ETA from them).
final class TransferMonitor: Sendable {
    /// The bytes a pack stream spends on each entry's header (docs/FORMAT.md §7.1), counted
    /// with an object's stored bytes as what travels.
    static let entryHeaderSize = 42
    private let progress: any MLVRepository.Progress
    private let phase: String
    private let totals = Mutex(TransferProgress())
    /// Expected bytes, when known (push knows its pack sizes).
    private let expectedBytes = Mutex<Int?>(nil)

    init(progress: any MLVRepository.Progress, phase: String) {
        self.progress = progress
        self.phase = phase
    }

    /// What has moved so far, over every transfer.
    var moved: TransferProgress { totals.withLock { $0 } }

    func expect(bytes: Int) { expectedBytes.withLock { $0 = bytes } }

    /// A callback for one transfer, which reports its own running totals; the monitor adds the
    /// increase since that transfer's previous report.
    func transfer() -> @Sendable (TransferProgress) -> Void {
        let last = Mutex(TransferProgress())
        return { [self] now in
            let delta = last.withLock { previous in
                defer { previous = now }
                return TransferProgress(objects: now.objects - previous.objects, bytes: now.bytes - previous.bytes)
            }
            add(delta)
        }
    }

    /// Adds bytes and objects moved outside a transport callback.
    func add(_ delta: TransferProgress) {
        let total = totals.withLock { totals in
            totals.objects += delta.objects
            totals.bytes += delta.bytes
            return totals
        }
        progress.update(
            "\(phase) (\(total.objects) objects)", completed: total.bytes, total: expectedBytes.withLock { $0 },
            unit: .bytes)
    }

    func done() { progress.done(phase) }
}
