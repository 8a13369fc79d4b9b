import Foundation

/// Charts as inline SVG: plain shapes and text, every string escaped, nothing scripted or fetched.
enum SVGChart {
    static let statusColors = ["COMPLETE": "#2da44e", "PARTIAL": "#d4a72c", "NEEDS_BACKFILL": "#cf222e",
                               "NO_RAW_DATA": "#8250df", "NO_GAMES": "#afb8c1"]
    static let severityColors = ["error": "#cf222e", "critical": "#cf222e", "warning": "#d4a72c"]

    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    static func render(_ chart: ReportChart) -> String {
        switch chart {
        case .completeness(let title, let bars): return completeness(title, bars)
        case .timeline(let title, let events): return timeline(title, events)
        case .distribution(let title, let bars): return distribution(title, bars)
        }
    }

    private static func number(_ value: Double) -> String { String(format: "%.1f", value) }

    private static func open(_ width: Int, _ height: Int, _ title: String, _ kind: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"\(kind)\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" "
            + "role=\"img\" aria-label=\"\(escape(title))\"><rect x=\"0\" y=\"0\" width=\"\(width)\" height=\"\(height)\" fill=\"#ffffff\"/>"
    }

    private static func completeness(_ title: String, _ bars: [ReportChart.DateBar]) -> String {
        let width = 760, plotTop = 10.0, plotHeight = 150.0, left = 40.0
        let slot = min(34.0, (Double(width) - left - 10) / Double(max(1, bars.count)))
        let labelEvery = max(1, Int((44 / slot).rounded(.up)))
        var svg = open(width, 250, title, "completeness")
        for tick in [0.0, 0.5, 1.0] {
            let y = plotTop + plotHeight * (1 - tick)
            svg += "<line x1=\"\(number(left))\" y1=\"\(number(y))\" x2=\"\(width - 10)\" y2=\"\(number(y))\" stroke=\"#d0d7de\"/>"
            svg += "<text x=\"\(number(left - 4))\" y=\"\(number(y + 4))\" text-anchor=\"end\">\(Int(tick * 100))%</text>"
        }
        for (index, bar) in bars.enumerated() {
            let x = left + Double(index) * slot + slot * 0.15, w = slot * 0.7
            let h = max(bar.fraction > 0 ? 2 : 0, plotHeight * bar.fraction)
            let color = statusColors[bar.status] ?? "#57606a"
            svg += "<rect x=\"\(number(x))\" y=\"\(number(plotTop))\" width=\"\(number(w))\" height=\"\(number(plotHeight))\" fill=\"#eef1f4\"/>"
            svg += "<rect class=\"bar\" x=\"\(number(x))\" y=\"\(number(plotTop + plotHeight - h))\" width=\"\(number(w))\" height=\"\(number(h))\" fill=\"\(color)\">"
                + "<title>\(escape("\(bar.date): \(bar.label), \(bar.status)"))</title></rect>"
            // The status shows under every bar, even one with nothing to draw above it.
            svg += "<rect class=\"status\" x=\"\(number(x))\" y=\"\(number(plotTop + plotHeight + 1))\" width=\"\(number(w))\" height=\"4\" fill=\"\(color)\"/>"
            if index % labelEvery == 0 {
                let lx = x + w / 2, ly = plotTop + plotHeight + 16
                svg += "<text x=\"\(number(lx))\" y=\"\(number(ly))\" text-anchor=\"end\" transform=\"rotate(-40 \(number(lx)) \(number(ly)))\">"
                    + escape(String(bar.date.suffix(5))) + "</text>"
            }
        }
        var legendX = left
        var seen: [String] = []
        for bar in bars where !seen.contains(bar.status) { seen.append(bar.status) }
        for status in seen {
            svg += "<rect x=\"\(number(legendX))\" y=\"232\" width=\"10\" height=\"10\" fill=\"\(statusColors[status] ?? "#57606a")\"/>"
            svg += "<text x=\"\(number(legendX + 14))\" y=\"241\">\(escape(status))</text>"
            legendX += 24 + Double(status.count) * 7
        }
        return svg + "</svg>"
    }

    private static func timeline(_ title: String, _ events: [ReportChart.TimelineEvent]) -> String {
        var lanes: [String] = []
        for event in events where !lanes.contains(event.service) { lanes.append(event.service) }
        let width = 760, left = 150.0, right = 20.0, laneHeight = 22.0
        let height = Int(Double(lanes.count) * laneHeight + 40)
        let span = max(1, events.map(\.minute).max() ?? 1)
        func x(_ minute: Double) -> Double { left + (Double(width) - left - right) * minute / span }
        var svg = open(width, height, title, "timeline")
        for (index, lane) in lanes.enumerated() {
            let y = 10 + Double(index) * laneHeight + laneHeight / 2
            svg += "<line x1=\"\(number(left))\" y1=\"\(number(y))\" x2=\"\(number(Double(width) - right))\" y2=\"\(number(y))\" stroke=\"#eef1f4\" stroke-width=\"8\"/>"
            svg += "<text x=\"\(number(left - 8))\" y=\"\(number(y + 4))\" text-anchor=\"end\">\(escape(String(lane.prefix(22))))</text>"
        }
        for event in events {
            guard let lane = lanes.firstIndex(of: event.service) else { continue }
            let y = 10 + Double(lane) * laneHeight + laneHeight / 2
            svg += "<circle class=\"event\" cx=\"\(number(x(event.minute)))\" cy=\"\(number(y))\" r=\"4.5\" fill=\"\(severityColors[event.severity] ?? "#0969da")\">"
                + "<title>\(escape(event.time + " " + event.service + ": " + event.event))</title></circle>"
        }
        let axisY = Double(height) - 12
        let ticks = [events.first, events.min { abs($0.minute - span / 2) < abs($1.minute - span / 2) }, events.last].compactMap { $0 }
        var drawn: Set<String> = []
        for (index, tick) in ticks.enumerated() where drawn.insert(tick.time).inserted {
            let anchor = index == 0 ? "start" : (index == 2 ? "end" : "middle")
            svg += "<text x=\"\(number(x(tick.minute)))\" y=\"\(number(axisY))\" text-anchor=\"\(anchor)\">\(escape(tick.time)) ET</text>"
        }
        return svg + "</svg>"
    }

    private static func distribution(_ title: String, _ bars: [(label: String, count: Int)]) -> String {
        let width = 760, left = 150.0, barHeight = 20.0
        let height = Int(Double(bars.count) * (barHeight + 8) + 16)
        let largest = Double(max(1, bars.map(\.count).max() ?? 1))
        let palette = ["#0969da", "#2da44e", "#d4a72c", "#cf222e", "#8250df", "#57606a"]
        var svg = open(width, height, title, "distribution")
        for (index, bar) in bars.enumerated() {
            let y = 8 + Double(index) * (barHeight + 8)
            let w = max(2, (Double(width) - left - 80) * Double(bar.count) / largest)
            svg += "<text x=\"\(number(left - 8))\" y=\"\(number(y + 14))\" text-anchor=\"end\">\(escape(bar.label))</text>"
            svg += "<rect class=\"bar\" x=\"\(number(left))\" y=\"\(number(y))\" width=\"\(number(w))\" height=\"\(number(barHeight))\" fill=\"\(palette[index % palette.count])\"/>"
            svg += "<text x=\"\(number(left + w + 6))\" y=\"\(number(y + 14))\">\(bar.count)</text>"
        }
        return svg + "</svg>"
    }
}
