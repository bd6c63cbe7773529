import Foundation
import MLVRepository

/// Draws `phase: 42% (120/286 MB)` on stderr, at most ten times a second.
final class TerminalProgress: MLVRepository.Progress, @unchecked Sendable {
    // Safety: mutable state is only touched under `lock`.
    private let lock = NSLock()
    private var lastDraw = Date.distantPast
    private var drew = false

    func update(_ phase: String, completed: Int, total: Int?, unit: ProgressUnit) {
        lock.withLock {
            let now = Date()
            guard now.timeIntervalSince(lastDraw) > 0.1 else { return }
            lastDraw = now
            drew = true
            let format = { (value: Int) in unit == .bytes ? Self.megabytes(value) : String(value) }
            var line = "\r\(phase): \(format(completed))"
            if let total, total > 0 {
                line = "\r\(phase): \(completed * 100 / total)% (\(format(completed))/\(format(total)))"
            }
            FileHandleOutput.write(line + "\u{1B}[K", to: 2)
        }
    }

    func done(_ phase: String) {
        lock.withLock {
            if drew { FileHandleOutput.write("\r\u{1B}[K", to: 2) }
            drew = false
        }
    }

    static func megabytes(_ bytes: Int) -> String {
        String(format: "%.1f MB", Double(bytes) / 1_000_000)
    }
}
