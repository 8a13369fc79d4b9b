/// Commands of DESIGN §7 whose implementation arrives with later work. They are in the table so that help,
/// completion and argument checking know them, and so that using one says clearly that it is not here yet.
enum PlannedCommands {
    static let phases = ["phase2", "phase3", "phase4", "phase5", "grading"]
    static let topics = [
        "nba-phase1-scrapers-complete", "nba-phase2-raw-complete", "nba-phase3-analytics-complete", "nba-phase4-trigger",
        "nba-phase4-precompute-complete", "nba-phase5-predictions-complete", "nba-grading-trigger", "nba-scraper-trigger",
    ]
    static let sources = ["bdl", "nbac", "odds", "br", "bigdataball", "injuries"]

    private static let scraping = CommandSpec.Availability.planned("the Phase 1 scrapers and feed server (issue #4)")
    private static let runtime = CommandSpec.Availability.planned("the runtime: bus, orchestrators, scheduler (issue #5)")
    private static let investigation = CommandSpec.Availability.planned("the investigation commands (issue #6)")
    private static let reporting = CommandSpec.Availability.planned("validation reports (issue #7)")

    static let specs: [CommandSpec] = [
        CommandSpec("status", "services, last run per phase, bus and DLQ depth, open alerts and breakers, the clock",
                    availability: investigation),
        CommandSpec("gaps", "date × phase matrix against the schedule, with the missing games named",
                    parameters: [.init("RANGE", .range)],
                    options: [.init("phase", value: .number, valueName: "N", "only this phase")], availability: investigation),
        CommandSpec("completeness", "the 30-day completeness check, one bar per date",
                    options: [.init("days", value: .number, valueName: "N", "how many days back (default 30)")],
                    availability: investigation),
        CommandSpec("explain", "why a date is incomplete, how predictions were made, what a run did",
                    subcommands: [
                        CommandSpec("gap", "sources, runs, messages and validators behind an incomplete date",
                                    parameters: [.init("DATE", .date)], availability: investigation),
                        CommandSpec("predictions", "how a date's predictions were made, and a verdict",
                                    parameters: [.init("DATE", .date)],
                                    options: [.init("player", value: .text, valueName: "P", "one player"),
                                              .init("system", value: .text, valueName: "S", "one prediction system")],
                                    availability: investigation),
                        CommandSpec("run", "one run's inputs, outputs, timings, errors and messages",
                                    parameters: [.init("RUN_ID", .text)], availability: investigation),
                    ], availability: investigation),
        CommandSpec("patterns", "historical failure and coverage patterns",
                    parameters: [.init("RANGE", .range, optional: true)],
                    options: [.init("by", value: .choice(["weekday", "team", "venue", "source", "hour"]), valueName: "DIM",
                                    "group by weekday, team, venue, source or hour")], availability: investigation),
        CommandSpec("latency", "phase-to-phase trigger latency, event-driven against scheduled",
                    parameters: [.init("RANGE", .range, optional: true)], availability: runtime),
        CommandSpec("audit", "check configuration against the registry",
                    subcommands: [CommandSpec("config", "processor names, topics and thresholds against the registry",
                                              availability: runtime)], availability: runtime),
        CommandSpec("scrape", "re-scrape a source for a range of dates",
                    parameters: [.init("SOURCE", .choice(sources)), .init("RANGE", .range)], availability: scraping),
        CommandSpec("errors", "failed HTTP attempts, classified",
                    options: [.init("provider", value: .text, valueName: "P", "one API provider")], availability: scraping),
        CommandSpec("run", "execute a whole night's timeline in simulated time",
                    parameters: [.init("DATE", .date)], availability: runtime),
        CommandSpec("publish", "publish a message on a topic", parameters: [.init("TOPIC", .choice(topics)), .init("JSON", .text)],
                    availability: runtime),
        CommandSpec("events", "messages on the bus",
                    parameters: [.init("TOPIC", .choice(topics), optional: true)],
                    options: [.init("date", value: .date, valueName: "D", "one game date"),
                              .init("status", value: .text, valueName: "S", "one status")], availability: runtime),
        CommandSpec("dlq", "dead-lettered messages: list, replay, purge",
                    subcommands: [
                        CommandSpec("list", "messages in the dead-letter queues", availability: runtime),
                        CommandSpec("replay", "redeliver a message (or --all)", parameters: [.init("ID", .text, optional: true)],
                                    options: [.init("all", "every dead-lettered message")], availability: runtime),
                        CommandSpec("purge", "drop a message", parameters: [.init("ID", .text)], availability: runtime),
                    ], defaultSubcommand: "list", availability: runtime),
        CommandSpec("logs", "structured logs of every service",
                    options: [.init("severity", value: .choice(["debug", "info", "warning", "error", "critical"]), valueName: "S", "at least this severity"),
                              .init("service", value: .text, valueName: "S", "one service"),
                              .init("since", value: .text, valueName: "DURATION", "e.g. 2h, 30m"),
                              .init("grep", value: .text, valueName: "TEXT", "messages containing TEXT")], availability: runtime),
        CommandSpec("trace", "every run, message, log line and error with a correlation id",
                    parameters: [.init("CORRELATION_ID", .text)], availability: runtime),
        CommandSpec("validate", "run the phase boundary validators",
                    parameters: [.init("RANGE", .range)],
                    options: [.init("boundary", value: .choice(["1-2", "2-3", "3-4", "4-5"]), valueName: "B", "one boundary")],
                    availability: runtime),
        CommandSpec("heal", "detect, plan, repair and re-validate a range", parameters: [.init("RANGE", .range)],
                    options: [.init("dry-run", "show the plan only")], availability: runtime),
        CommandSpec("alerts", "alerts raised by monitors, deadlines and validators",
                    options: [.init("severity", value: .text, valueName: "S", "one severity")], availability: runtime),
        CommandSpec("chaos", "inject a fault into the runtime", parameters: [.init("EXPERIMENT", .text)], availability: runtime),
        CommandSpec("scheduler", "scheduler jobs: list, enable, disable, run",
                    subcommands: [
                        CommandSpec("list", "jobs and their next run", availability: runtime),
                        CommandSpec("enable", "enable a job", parameters: [.init("JOB", .text)], availability: runtime),
                        CommandSpec("disable", "disable a job", parameters: [.init("JOB", .text)], availability: runtime),
                        CommandSpec("run", "run a job now", parameters: [.init("JOB", .text)], availability: runtime),
                    ], defaultSubcommand: "list", availability: runtime),
        CommandSpec("report", "render this session as a validation report",
                    options: [.init("output", short: "o", value: .file, valueName: "FILE", "FILE.md or FILE.html"),
                              .init("title", value: .text, valueName: "T", "report title")], availability: reporting),
    ]
}
