import Foundation
import MLVRepository

/// Draws `phase: 42% (120/286 MB)` on stderr, at most ten times a second; byte counts also get
/// a rate and, with a total, an ETA (`, 85.2 MB/s, ETA 0:02`).
final class TerminalProgress: MLVRepository.Progress, @unchecked Sendable {
    // Safety: mutable state is only touched under `lock`.
    private let lock = NSLock()
    private var lastDraw = Date.distantPast
    private var drew = false
    /// When the running phase sent its first update; reset by `done`.
    private var startedAt: Date?

    func update(_ phase: String, completed: Int, total: Int?, unit: ProgressUnit) {
        lock.withLock {
            let now = Date()
            let started = startedAt ?? now
            startedAt = started
            guard now.timeIntervalSince(lastDraw) > 0.1 else { return }
            lastDraw = now
            drew = true
            let format = { (value: Int) in unit == .bytes ? Self.megabytes(value) : String(value) }
            var line = "\r\(phase): \(format(completed))"
            if let total, total > 0 {
                line = "\r\(phase): \(completed * 100 / total)% (\(format(completed))/\(format(total)))"
            }
            let elapsed = now.timeIntervalSince(started)
            if unit == .bytes, elapsed > 0.5, completed > 0 {
                let rate = Double(completed) / elapsed
                line += ", \(Self.megabytes(Int(rate)))/s"
                if let total, total > completed {
                    let seconds = Int(Double(total - completed) / rate)
                    line += String(format: ", ETA %d:%02d", seconds / 60, seconds % 60)
                }
            }
            FileHandleOutput.write(line + "\u{1B}[K", to: 2)
        }
    }

    func done(_ phase: String) {
        lock.withLock {
            if drew { FileHandleOutput.write("\r\u{1B}[K", to: 2) }
            drew = false
            startedAt = nil
        }
    }

    static func megabytes(_ bytes: Int) -> String {
        String(format: "%.1f MB", Double(bytes) / 1_000_000)
    }
}
