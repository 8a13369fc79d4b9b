@preconcurrency import CEditLine
import Foundation
import Synchronization
import Warehouse

/// Ctrl-C. The signal handler (in C) only counts; while a command runs, this watcher polls the count and interrupts
/// the warehouse, so the running statement stops and its transaction rolls back.
enum Interrupts {
    /// Lock-free, so the signal handler may touch it.
    static let count = Atomic<Int>(0)

    static func install() {
        _ = nbaops_install_sigint_handler { _ in Interrupts.count.add(1, ordering: .relaxed) }
    }
    /// Returns whether Ctrl-C was pressed since the last call, and clears it.
    static func take() -> Bool { count.exchange(0, ordering: .relaxed) > 0 }
    static var pending: Bool { count.load(ordering: .relaxed) > 0 }
}

/// While Ctrl-C is pending, interrupt the warehouse on every tick: sqlite3_interrupt only stops statements already
/// running, so one call could land between two statements of a command and be lost.
final class InterruptWatcher: @unchecked Sendable {
    private let timer: DispatchSourceTimer

    init(warehouse: Warehouse) {
        timer = DispatchSource.makeTimerSource(queue: DispatchQueue.global(qos: .userInitiated))
        timer.schedule(deadline: .now() + .milliseconds(20), repeating: .milliseconds(20))
        timer.setEventHandler {
            if Interrupts.pending { warehouse.interrupt() }
        }
        timer.resume()
    }

    func stop() { timer.cancel() }
}
