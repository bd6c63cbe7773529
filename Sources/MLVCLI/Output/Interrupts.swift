import Dispatch
import Foundation
import MLVStorage

/// Ctrl-C and SIGTERM: remove the lock files this process holds and the packs it is writing,
/// then exit with 128 + the signal number (130 for SIGINT), as git does. Refs and the index are
/// untouched, since they change only by rename.
enum Interrupts {
    /// Routes the signals to a dispatch queue (not an async-signal context, so cleanup may use
    /// ordinary Swift); keep the returned sources alive while the command runs.
    static func install() -> [any DispatchSourceSignal] {
        [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                InterruptCleanup.shared.removeAll()
                Foundation.exit(128 + number)
            }
            source.resume()
            return source
        }
    }
}
