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

final class InterruptWatcher: @unchecked Sendable {
    private let timer: DispatchSourceTimer
    private let lock = NSLock()
    private var fired = false

    init(warehouse: Warehouse) {
        timer = DispatchSource.makeTimerSource(queue: DispatchQueue.global(qos: .userInitiated))
        timer.schedule(deadline: .now() + .milliseconds(20), repeating: .milliseconds(20))
        timer.setEventHandler { [weak self] in
            guard let self, Interrupts.pending else { return }
            let first = self.lock.withLock { () -> Bool in
                defer { self.fired = true }
                return !self.fired
            }
            if first { warehouse.interrupt() }
        }
        timer.resume()
    }

    func stop() { timer.cancel() }
}
