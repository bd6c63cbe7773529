import ArgumentParser
import Foundation
import MLVRemote
import MLVServer

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the mlv repositories under a folder over HTTP (push, fetch, clone).",
        discussion: """
            Every repository under --root is served at http://<host>:<port>/<path under root>; \
            --root itself is served at / when it is a repository. Prints 'listening on <url>' once \
            ready; --port 0 picks a free port. Stops gracefully on SIGTERM or SIGINT. Token file: \
            one 'read <token>' or 'write <token>' per line (docs/PROTOCOL.md, "HTTP transport").
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "The folder whose repositories are served (default: the current folder).")
    var root: String?

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on; 0 picks a free one.")
    var port = 8080

    @Option(help: "A file of 'read <token>' / 'write <token>' lines; without it, no authentication.")
    var tokenFile: String?

    @Option(help: "Seconds a connection may stay idle before it is closed.")
    var timeout = 120

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        guard timeout > 0 else { throw ValidationError("--timeout must be positive") }
    }

    func run() async throws {
        let base = global.currentDirectory
        let rootURL =
            root.map { $0.hasPrefix("/") ? URL(fileURLWithPath: $0) : base.appendingPathComponent($0) } ?? base
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: rootURL.path, isDirectory: &isDirectory), isDirectory.boolValue
        else {
            throw RemoteError(.invalidArgument, "serve root '\(rootURL.path)' is not a folder")
        }
        var options = RemoteServer.Options(root: rootURL)
        options.host = host
        options.port = port
        options.idleTimeout = .seconds(timeout)
        if let tokenFile {
            let url =
                tokenFile.hasPrefix("/") ? URL(fileURLWithPath: tokenFile) : base.appendingPathComponent(tokenFile)
            options.tokens = try AccessTokens(contentsOf: url)
        }
        try await RemoteServer(options: options).run(handlesSignals: true) { host, port in
            let shown = host.contains(":") ? "[\(host)]" : host
            FileHandleOutput.stdout("listening on http://\(shown):\(port)\n")
        }
    }
}
