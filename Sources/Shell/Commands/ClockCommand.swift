import Foundation
import Runtime
import Warehouse

/// `clock`: the runtime clock that `today`, `yesterday` and the prompt read — simulated or the wall.
enum ClockCommand {
    static var entries: [CommandEntry] { [
        CommandEntry(
            CommandSpec("clock", "show or set the runtime clock (simulated or wall)",
                        subcommands: [
                            CommandSpec("show", "the clock's mode and time, in Eastern and UTC"),
                            CommandSpec("set", "simulate time from DATE [HH:MM] Eastern (default 08:00)",
                                        parameters: [.init("DATE", .date), .init("TIME", .text, optional: true)]),
                            CommandSpec("wall", "follow the wall clock again"),
                        ], defaultSubcommand: "show"),
            subcommands: ["show": show, "set": set, "wall": wall])
    ] }

    static func show(_ invocation: Invocation, _ session: ShellSession) throws(ShellError) -> CommandResult {
        let now = session.clock.now
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = PipelineCalendar.eastern
        formatter.dateFormat = "yyyy-MM-dd HH:mm zzz"
        return .table(ResultTable(columns: ["mode", "eastern", "utc", "today"], rows: [[
            .text(session.clock.isSimulated ? "simulated" : "wall"), .text(formatter.string(from: now)),
            .text(PipelineCalendar.timestamp(now)), .text(session.today.description),
        ]]))
    }

    static func set(_ invocation: Invocation, _ session: ShellSession) throws(ShellError) -> CommandResult {
        guard case .day(let expression)? = invocation.positional("DATE") else { throw ShellError.bad("clock set needs a date") }
        let day = expression.resolve(today: session.today)
        var hour = 8, minute = 0
        if let entry = invocation.positionals.first(where: { $0.name == "TIME" }), let time = entry.value.text {
            let parts = time.split(separator: ":")
            guard parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]), (0..<24).contains(h), (0..<60).contains(m),
                parts[1].count == 2
            else {
                throw ShellError.bad("'\(time)' is not a time; write HH:MM (Eastern), e.g. 19:30", at: entry.range)
            }
            (hour, minute) = (h, m)
        }
        let components = DateComponents(year: day.year, month: day.month, day: day.day, hour: hour, minute: minute)
        guard let instant = PipelineCalendar.gregorianEastern.date(from: components) else {
            throw ShellError.failed("cannot represent \(day) \(hour):\(minute) in Eastern time")
        }
        try session.call { try ClockSetting.setSimulated(instant, in: session.warehouse) }
        try session.reloadClock()
        return try show(invocation, session)
    }

    static func wall(_ invocation: Invocation, _ session: ShellSession) throws(ShellError) -> CommandResult {
        try session.call { try ClockSetting.useWallClock(in: session.warehouse) }
        try session.reloadClock()
        return try show(invocation, session)
    }
}
