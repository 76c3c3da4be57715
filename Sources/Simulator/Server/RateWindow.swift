/// The per-app-key REST limit as a pure sliding window: never more than `limit` admitted calls in
/// any window of `window` seconds (market seconds in kis-sim). Refused calls do not use up the window.
struct RateWindow: Sendable {
    let limit: Int
    let window: Double
    /// Times of admitted calls within the last window, oldest first (a ring would do; limits are small).
    private var admitted: [Double] = []

    init(limit: Int, window: Double = 1) {
        self.limit = max(0, limit)
        self.window = window
    }

    /// Admits a call at `now` if fewer than `limit` calls were admitted in `(now - window, now]`.
    mutating func admit(now: Double) -> Bool {
        let horizon = now - window
        var expired = 0
        while expired < admitted.count, admitted[expired] <= horizon { expired += 1 }
        if expired > 0 { admitted.removeFirst(expired) }
        guard admitted.count < limit else { return false }
        admitted.append(now)
        return true
    }
}
