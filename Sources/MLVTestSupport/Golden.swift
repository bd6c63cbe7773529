import Foundation
import Testing

/// Compares `actual` byte for byte with `Golden/<name>.txt` beside the calling test file.
///
/// With `MLV_RECORD_GOLDEN=1` in the environment it writes the file instead and fails the test,
/// so a recording can never pass silently (argument-parser's `assertSnapshot`). A missing
/// golden file fails with the command to record it.
public func assertGolden(
    _ actual: String, named name: String, filePath: StaticString = #filePath,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let url = URL(fileURLWithPath: "\(filePath)").deletingLastPathComponent()
        .appendingPathComponent("Golden/\(name).txt")
    if ProcessInfo.processInfo.environment["MLV_RECORD_GOLDEN"] == "1" {
        do {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: url)
            Issue.record(
                "recorded golden file '\(url.path)'; check it and run again without MLV_RECORD_GOLDEN",
                sourceLocation: sourceLocation)
        } catch {
            Issue.record("cannot record golden file '\(url.path)': \(error)", sourceLocation: sourceLocation)
        }
        return
    }
    guard let data = FileManager.default.contents(atPath: url.path) else {
        Issue.record(
            "golden file '\(url.path)' is missing; record it with MLV_RECORD_GOLDEN=1 swift test --filter …",
            sourceLocation: sourceLocation)
        return
    }
    let expected = String(decoding: data, as: UTF8.self)
    if expected != actual {
        Issue.record(
            "output differs from golden file '\(url.path)':\n--- expected\n\(expected)--- actual\n\(actual)",
            sourceLocation: sourceLocation)
    }
}
