import Foundation
import Testing
import IPC
import Reports

/// The report in a real headless browser (Chromium from Debian: `apt-get install -y chromium`):
/// rendered to a screenshot and its DOM dumped, asserting that the charts are there.
/// Skipped, with the reason, when no browser is installed; under `CI=true` (`.ci/run` installs
/// Chromium) it fails instead.
@Suite(.serialized)
struct ReportBrowserTests {
    static let isCI = ProcessInfo.processInfo.environment["CI"] == "true"

    /// `$KIS41_CHROMIUM`, else the first of chromium, chromium-browser, google-chrome on PATH.
    static let browser: String? = {
        let environment = ProcessInfo.processInfo.environment
        if let explicit = environment["KIS41_CHROMIUM"], FileManager.default.isExecutableFile(atPath: explicit) { return explicit }
        let path = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            for directory in path where FileManager.default.isExecutableFile(atPath: "\(directory)/\(name)") { return "\(directory)/\(name)" }
        }
        return nil
    }()

    /// Runs the browser headless on `url` with extra arguments; returns its standard output.
    func headless(_ arguments: [String], profile: String) async throws -> String {
        let process = Process()
        let browser = try #require(Self.browser, "no headless browser (apt-get install -y chromium, or set KIS41_CHROMIUM)")
        process.executableURL = URL(fileURLWithPath: browser)
        // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars",
                             "--user-data-dir=\(profile)"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        let reader = Task.detached { output.fileHandleForReading.readDataToEndOfFile() }
        let finished = AsyncStream<Int32>.makeStream()
        process.terminationHandler = { finished.continuation.yield($0.terminationStatus); finished.continuation.finish() }
        try process.run()
        let watchdog = Task { try await Task.sleep(nanoseconds: 90_000_000_000); process.terminate() }
        defer { watchdog.cancel() }
        var status: Int32 = -1
        for await code in finished.stream { status = code }
        let text = String(decoding: await reader.value, as: UTF8.self)
        #expect(status == 0, "browser exited with \(status)")
        return text
    }

    @Test(.enabled(if: browser != nil || isCI,
                   "needs a headless browser (apt-get install -y chromium, or set KIS41_CHROMIUM); fails instead under CI=true"))
    func report_rendersInChromium_withItsCharts() async throws {
        let directory = try ReportFixtures.writeRunDirectory()
        defer { try? FileManager.default.removeItem(at: directory.url) }
        let html = directory.path("report.html")
        try Data(RunReport.load(from: directory).html().utf8).write(to: URL(fileURLWithPath: html))
        let profile = directory.path("profile")

        let dom = try await headless(["--dump-dom", "file://\(html)"], profile: profile)
        for id in ["slot-timeline", "rest-budget", "staleness", "signals-by-kind", "signals-by-window", "events-caught"] {
            #expect(dom.contains("id=\"\(id)\""), "chart \(id) missing from the rendered DOM")
        }
        #expect(dom.contains("<rect class=\"slot tier1\""))
        #expect(dom.contains("2 of 3 caught"))

        let screenshot = directory.path("report.png")
        _ = try await headless(["--window-size=1000,2400", "--screenshot=\(screenshot)", "file://\(html)"], profile: profile)
        let png = try Data(contentsOf: URL(fileURLWithPath: screenshot))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "a PNG screenshot")
        #expect(png.count > 10_000, "the screenshot has content (\(png.count) bytes)")
    }
}
