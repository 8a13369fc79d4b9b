import Testing

/// The end-to-end suites that run for minutes (demo builds, the runbooks, kill loops, concurrent processes) take
/// turns. Each of their tests blocks a thread of Swift's cooperative pool while it waits on its processes; on two
/// cores two at once would leave none for the feed that the in-process scraper and runtime tests serve.
@Suite(.serialized) enum LongRunning {}
