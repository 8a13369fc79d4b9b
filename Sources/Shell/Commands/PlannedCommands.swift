/// Commands of DESIGN §7 whose implementation arrives with later work. They are in the table so that help,
/// completion and argument checking know them, and so that using one says clearly that it is not here yet.
enum PlannedCommands {
    static let phases = ["phase2", "phase3", "phase4", "phase5", "grading"]
    static let topics = [
        "nba-phase1-scrapers-complete", "nba-phase2-raw-complete", "nba-phase3-analytics-complete", "nba-phase4-trigger",
        "nba-phase4-precompute-complete", "nba-phase5-predictions-complete", "nba-grading-trigger", "nba-scraper-trigger",
    ]

    private static let runtime = CommandSpec.Availability.planned("the runtime: bus, orchestrators, scheduler (issue #5)")
    static let investigation = CommandSpec.Availability.planned("the investigation commands (issue #6)")
    private static let reporting = CommandSpec.Availability.planned("validation reports (issue #7)")

    static let specs: [CommandSpec] = [
        CommandSpec("report", "render this session as a validation report",
                    options: [.init("output", short: "o", value: .file, valueName: "FILE", "FILE.md or FILE.html"),
                              .init("title", value: .text, valueName: "T", "report title")], availability: reporting),
    ]
}
