import Foundation
import Runtime
import Warehouse

/// `nbaops demo [--warehouse DIR] [--seed N]`: builds the demo warehouse if it is not there yet (showing progress),
/// then opens the shell on it.
public enum DemoService {
    public static func run(_ options: LaunchOptions, seed: UInt64, historyStart: String? = nil) -> Int32 {
        let output = StandardOutput()
        let warehouse: Warehouse
        do { warehouse = try Warehouse(directory: options.warehouse) } catch {
            output.writeError("failed: \(error)\n")
            return 2
        }
        let built = (try? warehouse.setting(DemoBuilder.doneKey)) ?? nil
        if built == nil {
            let terminal = isatty(STDOUT_FILENO) == 1
            let started = DispatchTime.now().uptimeNanoseconds
            output.write("building the demo warehouse in \(warehouse.directory) (seed \(seed)): the 2025-26 scenario season to the morning of 2026-01-21, with the January incident\n")
            do {
                var builder = DemoBuilder(warehouse: warehouse, seed: seed) { line in
                    output.write(terminal ? "\r\(line)\u{1B}[K" : line + "\n")
                }
                if let text = historyStart {
                    guard let day = Day(text), day >= DemoBuilder.opening, day <= DemoBuilder.historyEnd else {
                        output.writeError("failed: --from must be a date from \(DemoBuilder.opening) to \(DemoBuilder.historyEnd)\n")
                        return 2
                    }
                    builder.historyStart = day
                }
                try builder.build()
            } catch {
                output.writeError("\nfailed: the demo build stopped: \(error)\n")
                return 1
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            output.write((terminal ? "\r\u{1B}[K" : "") + String(format: "demo warehouse built in %.1f s; try: gaps 2026-01-12..21\n", seconds))
        } else if built != String(seed) {
            output.writeError("failed: \(warehouse.directory) holds the demo of seed \(built!); use another --warehouse for seed \(seed)\n")
            return 2
        }
        var shell = options
        shell.sources = nil
        return ShellLauncher.run(shell)
    }
}
