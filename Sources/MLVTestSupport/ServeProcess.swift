import Foundation

/// A running `mlv serve --port 0`, its stdout in a file we poll for the address.
public final class ServeProcess: @unchecked Sendable {
    public let process = Process()
    let output: URL
    let errors: URL
    /// `http://127.0.0.1:<port>`, as the server printed it.
    public private(set) var baseURL = ""

    /// Starts `mlv serve --port 0 <arguments>` and waits (up to 30 s) until it listens.
    public init(cli: CLIRunner, arguments: [String], scratch: TempDirectory) throws {
        output = scratch.appending("serve.out")
        errors = scratch.appending("serve.err")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        process.executableURL = cli.binary
        process.arguments = ["serve", "--port", "0"] + arguments
        process.environment = cli.environment
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = try FileHandle(forWritingTo: errors)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("listening on ") }) {
                baseURL = String(line.dropFirst("listening on ".count))
                return
            }
            guard process.isRunning else { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        process.terminate()
        let stderr = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
        throw TestSupportError("mlv serve did not print its address: \(stderr)")
    }

    /// Sends SIGTERM and waits; returns the exit status.
    @discardableResult
    public func terminate() -> Int32 {
        process.terminate()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
