import Foundation
import IPC

/// The live status view's frame, in the spirit of the source document's status block: a pure function
/// from what `kisctl view` gathered to the lines to draw. Anything missing (a component down or idle,
/// no allocation yet) shows as such instead of failing.
public struct StatusScreen: Sendable {
    /// One component as the supervisor and its own `status` see it.
    public struct Component: Sendable {
        public var name: String
        /// The supervisor's state (`running`, `backoff`, `failed`, `stopped`).
        public var state: String
        public var restarts: Int
        /// The component's `status` reply; nil when it did not answer.
        public var report: StatusReport?
        public init(name: String, state: String, restarts: Int, report: StatusReport?) {
            self.name = name; self.state = state; self.restarts = restarts; self.report = report
        }
    }

    public var marketTime: Double?
    public var speed: Double
    public var isSimulated: Bool
    public var allocation: Allocation?
    public var components: [Component]
    /// Newest last.
    public var latestSignals: [TradeSignal]
    public var names: [String: String]
    public var width: Int
    /// Lines available for the whole frame (the terminal's height).
    public var height: Int

    public init(marketTime: Double?, speed: Double, isSimulated: Bool, allocation: Allocation?, components: [Component],
                latestSignals: [TradeSignal], names: [String: String], width: Int = 100, height: Int = 40) {
        self.marketTime = marketTime; self.speed = speed; self.isSimulated = isSimulated; self.allocation = allocation
        self.components = components; self.latestSignals = latestSignals; self.names = names
        self.width = width; self.height = height
    }

    func details(_ name: String) -> [String: JSONValue]? { components.first { $0.name == name }?.report?.details }

    /// The gateway's details; with several accounts (`ws-gateway@N`), their sum: slots and records
    /// added up, connected when all are (nil when none answers).
    func gatewayDetails() -> [String: JSONValue]? {
        if let single = details("ws-gateway") { return single }
        let all = components.filter { $0.name.hasPrefix("ws-gateway@") }
        let answered = all.compactMap { $0.report?.details }
        guard !answered.isEmpty else { return nil }
        func sum(_ key: String) -> JSONValue { .number(answered.reduce(0) { $0 + ($1[key]?.doubleValue ?? 0) }) }
        return ["slots_used": sum("slots_used"), "slots_capacity": sum("slots_capacity"), "records_per_s": sum("records_per_s"),
                "connected": .bool(answered.count == all.count && answered.allSatisfy { $0["connected"]?.boolValue ?? false })]
    }

    /// The frame's lines, each fitted to `width` display columns.
    public func lines() -> [String] {
        var out: [String] = []
        let clock = marketTime.map(MarketClock.clockString) ?? "--:--:--"
        let mode = isSimulated ? "kis-sim ×\(Self.number(speed))" : "live"
        var head = "kis41 · \(mode) · market \(clock) KST"
        if let a = allocation { head += " · window \(a.window) (\(a.strategy))" }
        out.append(head + "   [q quits]")
        out.append("")
        out += slotLines()
        let holdersAt = out.count
        out.append("")
        out += restLines()
        out += accountLines()
        out.append("")
        out += signalLines()
        out.append("")
        out += componentLines()
        out.insert(contentsOf: holderLines(room: height - out.count), at: holdersAt)
        return out.map { Self.fit($0, width: width) }
    }

    /// Why each holder holds its slot (`HolderLines`), best first, as many as `room` lines allow
    /// (at least three, so a short terminal still shows the top holders), then how many are left out.
    func holderLines(room: Int) -> [String] {
        guard let a = allocation, !a.holders.isEmpty else { return [] }
        let rows = HolderLines.rows(a)
        let shown = rows.count <= max(room, 3) ? rows.count : max(room - 1, 2)
        var out = HolderLines.lines(Array(rows.prefix(shown)), names: names)
        if shown < rows.count { out.append("  … \(rows.count - shown) more holders (./run status lists them all)") }
        return out
    }

    func slotLines() -> [String] {
        let gateway = gatewayDetails()
        let capacity = gateway?["slots_capacity"]?.doubleValue.map(Int.init) ?? allocation?.capacity ?? 41
        let used = gateway?["slots_used"]?.doubleValue.map(Int.init) ?? allocation?.slotsUsed
        let sessions = components.filter { $0.name.hasPrefix("ws-gateway@") }.count
        var line = "WebSocket  \(used.map(String.init) ?? "-")/\(capacity) slots" + (sessions > 1 ? " over \(sessions) accounts" : "")
        if let gateway {
            line += (gateway["connected"]?.boolValue ?? false) ? " · connected" : " · DISCONNECTED"
            if let rate = gateway["records_per_s"]?.doubleValue { line += " · \(Self.number(rate)) records/s" }
        } else {
            line += " · ws-gateway not answering"
        }
        if let a = allocation {
            line += " · allocation #\(a.generation)"
            if a.isFallback { line += " · REST FALLBACK" }
        }
        var out = [line]
        guard let a = allocation else { return out + ["  (no allocation yet)"] }
        for (tier, label) in [(1, "tier 1"), (2, "tier 2"), (0, "index ")] {
            let holders = a.holders.filter { $0.tier == tier }.sorted { $0.score > $1.score }
            let list = holders.map { h in
                (names[h.code].map { "\(h.code) \($0)" } ?? h.code) + (h.hazard.map { " " + String(format: "%.1f%%", $0 * 100) } ?? "")
            }.joined(separator: ", ")
            out.append("  \(label) (\(holders.count))\(tier == 1 ? " ×2" : "   "): \(holders.isEmpty ? "-" : list)")
        }
        out.append("  reserve: \(max(0, a.capacity - a.slotsUsed)) free")
        return out
    }

    func restLines() -> [String] {
        guard let poller = details("rest-poller") else { return ["REST       rest-poller not answering"] }
        let calls = poller["calls_per_s"]?.doubleValue ?? 0, limit = poller["limit_per_s"]?.doubleValue ?? 0
        var line = "REST       \(String(format: "%.1f", calls))/\(Self.number(limit)) calls/s"
        if limit > 0 { line += " (\(Int((calls / limit * 100).rounded())) %)" }
        if let success = poller["success_rate"]?.doubleValue { line += " · success \(String(format: "%.1f", success * 100)) %" }
        if let active = poller["active_codes"]?.doubleValue { line += " · \(Self.grouped(Int(active))) stocks covered" }
        if let limited = poller["egw00201"]?.doubleValue, limited > 0 { line += " · \(Int(limited)) rate-limited" }
        var out = [line]
        if case .object(let staleness)? = poller["staleness"], !staleness.isEmpty {
            let parts = PollPriority.allCases.compactMap { p -> String? in
                guard let s = staleness[p.rawValue] else { return nil }
                return "\(p.rawValue) \(Int(s["codes"]?.doubleValue ?? 0)): p50 \(Self.number(s["p50_s"]?.doubleValue ?? 0))s p95 \(Self.number(s["p95_s"]?.doubleValue ?? 0))s"
            }
            out.append("  staleness  " + parts.joined(separator: " · "))
        } else {
            out.append("  staleness  (no poll plan yet)")
        }
        return out
    }

    /// With several accounts, one line each (`AccountStatusLines`, as `./run status` prints them).
    func accountLines() -> [String] {
        let gateways = AccountStatusLines.gatewayNames(in: components.map(\.name)).map { name in
            AccountStatusLines.Gateway(name: name, details: details(name))
        }
        var rest: [JSONValue]?
        if case .array(let accounts)? = details("rest-poller")?["accounts"] { rest = accounts }
        return AccountStatusLines.lines(gateways: gateways, rest: rest)
    }

    func signalLines() -> [String] {
        var out: [String] = []
        if let details = details("signals") {
            // The signal counters sit under `signals` in the component's details.
            let signals = details["signals"] ?? .object(details)
            let total = Int(signals["total"]?.doubleValue ?? Double(latestSignals.count))
            var line = "Signals    \(total) total"
            if case .object(let byKind)? = signals["by_kind"] {
                line += byKind.sorted { ($0.value.doubleValue ?? 0) > ($1.value.doubleValue ?? 0) }
                    .map { " · \($0.key) \(Int($0.value.doubleValue ?? 0))" }.joined()
            }
            out.append(line)
        } else {
            out.append("Signals    signals not answering")
        }
        // Room left for the latest signals: the frame must fit the terminal.
        let room = max(3, min(10, height - 22 - components.count - accountLines().count))
        if latestSignals.isEmpty { out.append("  (no signals yet)") }
        for signal in latestSignals.suffix(room) { out.append("  " + Self.describe(signal, names: names)) }
        return out
    }

    func componentLines() -> [String] {
        var out = ["Components"]
        var line = " "
        for c in components {
            var text = " \(c.name) \(c.state)"
            if let report = c.report, report.state != "running" { text += " (\(report.state))" }
            else if c.report == nil && c.state == "running" && c.name != "kis-sim" && c.name != "recorder" { text += " (no answer)" }
            if c.restarts > 0 { text += " ↻\(c.restarts)" }
            if line.count + text.count + 2 > width && line.count > 1 { out.append(String(line.dropLast(2))); line = " " }
            line += text + " ·"
        }
        if line.count > 1 { out.append(String(line.dropLast(2))) }
        return out
    }

    /// One signal as a line: `09:03:12 gap 035420 NAVER +4.2 % (142,500) ws` (a gap shows the gap,
    /// other kinds the change from the previous close).
    public static func describe(_ s: TradeSignal, names: [String: String]? = nil) -> String {
        let clock = EventMatcher.secondOfDay(iso: s.time).map { t in
            String(format: "%02d:%02d:%02d", Int(t) / 3600, Int(t) / 60 % 60, Int(t) % 60)
        } ?? s.time
        var line = "\(clock) \(s.kind.rawValue) \(s.code)"
        if let name = names?[s.code] ?? (s.name.isEmpty || s.name == s.code ? nil : s.name) { line += " \(name)" }
        // A gap's figure is the gap itself (its strength): before the open there is no change yet,
        // and the line read "gap … +0.0 %".
        let percent = s.kind == .gap ? s.strength : s.changeRate
        line += " \(percent >= 0 ? "+" : "")\(String(format: "%.1f", percent)) % (\(grouped(s.price)))"
        if s.kind == .volumeSurge { line += " ×\(String(format: "%.1f", s.strength))" }
        if s.kind == .volumeBreakout { line += " \(grouped(s.volume)) shares" }
        return line + " \(s.source.rawValue)"
    }

    static func number(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e12 ? String(Int(x)) : String(format: "%.1f", x)
    }

    /// `142500` → `142,500`.
    static func grouped(_ value: Int) -> String {
        let digits = String(abs(value))
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (value < 0 ? "-" : "") + out
    }

    /// Display columns of a character: East Asian wide characters (Hangul, CJK) take two.
    static func columns(_ scalar: Unicode.Scalar) -> Int {
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6: 2
        default: 1
        }
    }

    /// `text` cut (`fit`) or padded with spaces to exactly `columns` display columns.
    public static func padded(_ text: String, columns: Int) -> String {
        let cut = fit(text, width: columns)
        let used = cut.unicodeScalars.reduce(0) { $0 + Self.columns($1) }
        return cut + String(repeating: " ", count: max(0, columns - used))
    }

    /// Cuts `line` to `width` display columns, ending with `…` when cut.
    public static func fit(_ line: String, width: Int) -> String {
        var used = 0, out = ""
        let total = line.unicodeScalars.reduce(0) { $0 + columns($1) }
        guard total > width else { return line }
        for scalar in line.unicodeScalars {
            let w = columns(scalar)
            if used + w > width - 1 { break }
            out.unicodeScalars.append(scalar); used += w
        }
        return out + "…"
    }
}
