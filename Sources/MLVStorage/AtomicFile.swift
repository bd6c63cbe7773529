// PLACEHOLDER until the pack branch lands.
import Foundation

public enum AtomicFile {
    public static func write(_ bytes: [UInt8], to path: String, temporaryDirectory: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
