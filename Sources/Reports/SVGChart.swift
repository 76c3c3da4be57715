import Foundation

/// Small inline-SVG charts for the report: line charts, stacked horizontal bars and the slot timeline.
/// Each returns one `<svg>` element (with `id` and `class="chart"`) that needs no script or external asset.
public enum SVGChart {
    /// A line of a line chart.
    public struct Series: Sendable {
        public var name: String
        public var color: String
        public var points: [(x: Double, y: Double)]
        public init(name: String, color: String, points: [(x: Double, y: Double)]) {
            self.name = name; self.color = color; self.points = points
        }
    }

    /// One stacked bar: a label and coloured segments.
    public struct Bar: Sendable {
        public var label: String
        public var segments: [(name: String, value: Double, color: String)]
        public init(label: String, segments: [(name: String, value: Double, color: String)]) {
            self.label = label; self.segments = segments
        }
    }

    /// One row of the slot timeline: a stock and the spans it held a slot, with their tier.
    public struct Lane: Sendable {
        public var label: String
        public var spans: [(from: Double, to: Double, tier: Int)]
        public init(label: String, spans: [(from: Double, to: Double, tier: Int)]) { self.label = label; self.spans = spans }
    }

    /// Tier colours: 1 red, 2 orange, index blue.
    public static func tierColor(_ tier: Int) -> String {
        switch tier { case 1: "#d62728"; case 2: "#ff7f0e"; case 0: "#1f77b4"; default: "#7f7f7f" }
    }

    static let palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22"]
    static func color(_ index: Int) -> String { palette[index % palette.count] }

    /// `HH:MM` of a second of the day.
    static func clock(_ second: Double) -> String {
        let s = Int(second)
        return String(format: "%02d:%02d", s / 3600 % 24, s / 60 % 60)
    }

    /// Evenly spaced time ticks (on whole 5/15/30/60-minute marks) across `range`.
    static func timeTicks(_ range: ClosedRange<Double>) -> [Double] {
        let span = max(1, range.upperBound - range.lowerBound)
        let step = [60.0, 300, 900, 1800, 3600, 7200].first { span / $0 <= 8 } ?? 7200
        var tick = (range.lowerBound / step).rounded(.up) * step
        var ticks: [Double] = []
        while tick <= range.upperBound { ticks.append(tick); tick += step }
        return ticks
    }

    /// A time-series line chart; x in seconds of the day, y from 0 to `yMax` (or the data's maximum).
    public static func lines(id: String, title: String, series: [Series], xRange: ClosedRange<Double>,
                             yMax: Double? = nil, yUnit: String = "", width: Double = 900, height: Double = 220) -> String {
        let left = 56.0, right = 12.0, top = 24.0, bottom = 28.0
        let plotW = width - left - right, plotH = height - top - bottom
        let dataMax = series.flatMap { $0.points.map(\.y) }.max() ?? 1
        let top_ = max(yMax ?? dataMax * 1.1, 1e-9)
        let span = max(1, xRange.upperBound - xRange.lowerBound)
        func x(_ v: Double) -> Double { left + (v - xRange.lowerBound) / span * plotW }
        func y(_ v: Double) -> Double { top + plotH - min(max(v, 0), top_) / top_ * plotH }
        var svg = svgOpen(id: id, title: title, width: width, height: height)
        svg += axes(left: left, top: top, plotW: plotW, plotH: plotH)
        for tick in timeTicks(xRange) {
            svg += "<line x1=\"\(HTML.n(x(tick)))\" y1=\"\(HTML.n(top + plotH))\" x2=\"\(HTML.n(x(tick)))\" y2=\"\(HTML.n(top + plotH + 4))\" stroke=\"#555\"/>"
            svg += "<text x=\"\(HTML.n(x(tick)))\" y=\"\(HTML.n(height - 8))\" text-anchor=\"middle\">\(clock(tick))</text>"
        }
        for fraction in [0.0, 0.5, 1.0] {
            let v = top_ * fraction
            svg += "<text x=\"\(HTML.n(left - 6))\" y=\"\(HTML.n(y(v) + 4))\" text-anchor=\"end\">\(HTML.escape(format(v) + yUnit))</text>"
            if fraction > 0 {
                svg += "<line x1=\"\(HTML.n(left))\" y1=\"\(HTML.n(y(v)))\" x2=\"\(HTML.n(left + plotW))\" y2=\"\(HTML.n(y(v)))\" stroke=\"#eee\"/>"
            }
        }
        var legendX = left
        for s in series {
            let points = downsample(s.points, to: Int(plotW))
            if !points.isEmpty {
                let path = points.map { "\(HTML.n(x($0.x))),\(HTML.n(y($0.y)))" }.joined(separator: " ")
                svg += "<polyline class=\"series\" fill=\"none\" stroke=\"\(s.color)\" stroke-width=\"1.5\" points=\"\(path)\"/>"
            }
            svg += "<rect x=\"\(HTML.n(legendX))\" y=\"6\" width=\"10\" height=\"10\" fill=\"\(s.color)\"/>"
            svg += "<text x=\"\(HTML.n(legendX + 14))\" y=\"15\">\(HTML.escape(s.name))</text>"
            legendX += 24 + Double(s.name.count) * 7
        }
        if series.allSatisfy({ $0.points.isEmpty }) {
            svg += "<text x=\"\(HTML.n(left + plotW / 2))\" y=\"\(HTML.n(top + plotH / 2))\" text-anchor=\"middle\" class=\"empty\">no data</text>"
        }
        return svg + "</svg>"
    }

    /// Horizontal stacked bars with a legend of segment names.
    public static func bars(id: String, title: String, bars: [Bar], width: Double = 900) -> String {
        let left = 150.0, right = 60.0, rowH = 22.0, top = 26.0
        let height = top + Double(max(bars.count, 1)) * rowH + 10
        let maxTotal = max(bars.map { $0.segments.reduce(0) { $0 + $1.value } }.max() ?? 1, 1)
        let plotW = width - left - right
        var svg = svgOpen(id: id, title: title, width: width, height: height)
        var legend: [(String, String)] = []
        for bar in bars { for segment in bar.segments where !legend.contains(where: { $0.0 == segment.name }) { legend.append((segment.name, segment.color)) } }
        var legendX = left
        for (name, color) in legend where legend.count > 1 {
            svg += "<rect x=\"\(HTML.n(legendX))\" y=\"6\" width=\"10\" height=\"10\" fill=\"\(color)\"/>"
            svg += "<text x=\"\(HTML.n(legendX + 14))\" y=\"15\">\(HTML.escape(name))</text>"
            legendX += 24 + Double(name.count) * 7
        }
        for (row, bar) in bars.enumerated() {
            let y = top + Double(row) * rowH
            svg += "<text x=\"\(HTML.n(left - 6))\" y=\"\(HTML.n(y + 15))\" text-anchor=\"end\">\(HTML.escape(bar.label))</text>"
            var x = left
            for segment in bar.segments where segment.value > 0 {
                let w = segment.value / maxTotal * plotW
                svg += "<rect class=\"bar\" x=\"\(HTML.n(x))\" y=\"\(HTML.n(y + 3))\" width=\"\(HTML.n(max(w, 1)))\" height=\"\(HTML.n(rowH - 6))\" fill=\"\(segment.color)\"><title>\(HTML.escape("\(bar.label) · \(segment.name): \(format(segment.value))"))</title></rect>"
                x += w
            }
            let total = bar.segments.reduce(0) { $0 + $1.value }
            svg += "<text x=\"\(HTML.n(x + 4))\" y=\"\(HTML.n(y + 15))\">\(HTML.escape(format(total)))</text>"
        }
        if bars.isEmpty { svg += "<text x=\"\(HTML.n(left))\" y=\"\(HTML.n(top + 15))\" class=\"empty\">no data</text>" }
        return svg + "</svg>"
    }

    /// The slot timeline: one lane per stock, a bar per span it held a slot, coloured by tier.
    public static func slotTimeline(id: String, title: String, lanes: [Lane], xRange: ClosedRange<Double>, width: Double = 900) -> String {
        let left = 190.0, right = 12.0, top = 26.0, laneH = lanes.count > 60 ? 8.0 : 14.0, bottom = 26.0
        let plotW = width - left - right, plotH = Double(max(lanes.count, 1)) * laneH
        let height = top + plotH + bottom
        let span = max(1, xRange.upperBound - xRange.lowerBound)
        func x(_ v: Double) -> Double { left + (min(max(v, xRange.lowerBound), xRange.upperBound) - xRange.lowerBound) / span * plotW }
        var svg = svgOpen(id: id, title: title, width: width, height: height)
        var legendX = left
        for (tier, name) in [(1, "tier 1 (trades + book)"), (2, "tier 2 (trades)"), (0, "index")] {
            svg += "<rect x=\"\(HTML.n(legendX))\" y=\"6\" width=\"10\" height=\"10\" fill=\"\(tierColor(tier))\"/>"
            svg += "<text x=\"\(HTML.n(legendX + 14))\" y=\"15\">\(name)</text>"
            legendX += 40 + Double(name.count) * 6
        }
        for tick in timeTicks(xRange) {
            svg += "<line x1=\"\(HTML.n(x(tick)))\" y1=\"\(HTML.n(top))\" x2=\"\(HTML.n(x(tick)))\" y2=\"\(HTML.n(top + plotH))\" stroke=\"#eee\"/>"
            svg += "<text x=\"\(HTML.n(x(tick)))\" y=\"\(HTML.n(height - 8))\" text-anchor=\"middle\">\(clock(tick))</text>"
        }
        for (row, lane) in lanes.enumerated() {
            let y = top + Double(row) * laneH
            if laneH >= 12 || row % 2 == 0 {
                svg += "<text x=\"\(HTML.n(left - 6))\" y=\"\(HTML.n(y + laneH - 3))\" text-anchor=\"end\" font-size=\"\(laneH >= 12 ? 11 : 8)\">\(HTML.escape(lane.label))</text>"
            }
            for s in lane.spans {
                svg += "<rect class=\"slot tier\(s.tier)\" x=\"\(HTML.n(x(s.from)))\" y=\"\(HTML.n(y + 1))\" width=\"\(HTML.n(max(1, x(s.to) - x(s.from))))\" height=\"\(HTML.n(laneH - 2))\" fill=\"\(tierColor(s.tier))\"><title>\(HTML.escape("\(lane.label) tier \(s.tier) \(clock(s.from))–\(clock(s.to))"))</title></rect>"
            }
        }
        if lanes.isEmpty { svg += "<text x=\"\(HTML.n(left))\" y=\"\(HTML.n(top + 12))\" class=\"empty\">no allocation recorded</text>" }
        return svg + "</svg>"
    }

    static func svgOpen(id: String, title: String, width: Double, height: Double) -> String {
        "<svg id=\"\(HTML.escape(id))\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(HTML.n(width))\" height=\"\(HTML.n(height))\" viewBox=\"0 0 \(HTML.n(width)) \(HTML.n(height))\" role=\"img\" aria-label=\"\(HTML.escape(title))\"><title>\(HTML.escape(title))</title>"
    }

    static func axes(left: Double, top: Double, plotW: Double, plotH: Double) -> String {
        "<line x1=\"\(HTML.n(left))\" y1=\"\(HTML.n(top + plotH))\" x2=\"\(HTML.n(left + plotW))\" y2=\"\(HTML.n(top + plotH))\" stroke=\"#555\"/>"
            + "<line x1=\"\(HTML.n(left))\" y1=\"\(HTML.n(top))\" x2=\"\(HTML.n(left))\" y2=\"\(HTML.n(top + plotH))\" stroke=\"#555\"/>"
    }

    /// At most `limit` points, keeping every k-th (and the last).
    static func downsample(_ points: [(x: Double, y: Double)], to limit: Int) -> [(x: Double, y: Double)] {
        guard points.count > limit, limit > 1 else { return points }
        let step = Int((Double(points.count) / Double(limit)).rounded(.up))
        var out = stride(from: 0, to: points.count, by: step).map { points[$0] }
        if let last = points.last, out.last?.x != last.x { out.append(last) }
        return out
    }

    static func format(_ v: Double) -> String {
        if v == v.rounded() && abs(v) < 1e12 { return String(Int(v)) }
        return abs(v) >= 10 ? String(format: "%.0f", v) : String(format: "%.2g", v)
    }
}
