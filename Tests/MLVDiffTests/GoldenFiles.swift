import MLVTestSupport
import Testing

/// Compares `actual` with `Tests/MLVDiffTests/Golden/<name>.txt` (the folder Package.swift
/// excludes), whichever subfolder the calling test lives in; see `assertGolden` for recording.
func assertDiffGolden(_ actual: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    assertGolden(actual, named: name, filePath: #filePath, sourceLocation: sourceLocation)
}
