/// This file's path: golden files of the table tests (in `Table/`) live in `Golden/` beside it,
/// the folder Package.swift excludes, so the table tests pass it to `assertGolden(filePath:)`.
let tableGoldenAnchor: StaticString = #filePath
