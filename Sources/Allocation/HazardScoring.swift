import IPC

extension AllocatorState {
    /// Every universe stock's hazard (chance of a signal within the horizon) at market time `now`.
    public func hazards(now: Double) -> [Double] {
        let settings = configuration.hazard
        let groups = settings.featureGroups
        let window = window(at: now).name
        let context = hazard.sectorContext(universe, now: now, window: settings.sectorWindowSeconds)
        var result = [Double](repeating: 0, count: universe.count)
        for (i, stock) in universe.stocks.enumerated() where activity[i].hasData {
            let x = hazard.inputs(i, activity: activity[i], sector: stock.sector, context: context, now: now)
            result[i] = hazard.model.predict(HazardFeatures.vector(x, groups: groups), window: window)
        }
        return result
    }

    /// Labels the examples whose horizon has passed (one SGD step and a calibration record each),
    /// then, every `sampleSeconds`, stores every stock's features as new examples. Called once per
    /// decision, outside the pure `SlotAllocator.plan`.
    public mutating func advanceHazard(now: Double) {
        let settings = configuration.hazard
        hazard.labelDue(now: now, horizon: settings.horizonSeconds)
        guard now - hazard.lastSampleAt >= settings.sampleSeconds else { return }
        hazard.lastSampleAt = now
        let groups = settings.featureGroups
        let window = window(at: now).name
        let context = hazard.sectorContext(universe, now: now, window: settings.sectorWindowSeconds)
        for (i, stock) in universe.stocks.enumerated() where activity[i].hasData && !stock.isHalted {
            let features = HazardFeatures.vector(hazard.inputs(i, activity: activity[i], sector: stock.sector, context: context, now: now),
                                                 groups: groups)
            hazard.pending.append(.init(time: now, index: i, window: window, features: features,
                                        predicted: hazard.model.predict(features, window: window)))
        }
    }

    /// Expected-value slot scores 0–100: hazard × value of real-time data, relative to the best.
    ///
    /// The value of real-time data is the delay REST would cost the stock: half the poll interval
    /// it has (or, for a holder, would have as a challenger) against how fast its signals develop
    /// (`signalDevelopSeconds`, shorter for a stock already moving fast), saturating at 1.
    public func expectedValueScores(hazards: [Double], window: WindowStrategy, now: Double) -> [Double] {
        let settings = configuration.hazard
        // By universe position, so the loop below does no lookup by code.
        var interval = [Double](repeating: window.intervals.low, count: universe.count)
        for code in holdings.keys { if let i = universe.index(of: code) { interval[i] = window.intervals.high } }
        for entry in pollPlan { if let i = universe.index(of: entry.code) { interval[i] = entry.intervalSeconds } }
        var values = [Double](repeating: 0, count: hazards.count)
        var best = 0.0
        for i in 0..<min(hazards.count, universe.count) where hazards[i] > 0 {
            let seconds = interval[i]
            let develop = settings.signalDevelopSeconds / (1 + abs(activity[i].momentum(over: 60, now: now)))
            let value = min(1, seconds / 2 / develop)
            values[i] = hazards[i] * value
            best = max(best, values[i])
        }
        guard best > 0 else { return values }
        return values.map { $0 / best * 100 }
    }
}

extension HazardTracker {
    /// Labels every pending example at least `horizon` old: fired = a signal in (time, time + horizon].
    mutating func labelDue(now: Double, horizon: Double) {
        var done = 0
        while done < pending.count, pending[done].time + horizon <= now {
            let example = pending[done]
            let end = example.time + horizon
            let fired = example.index < tracks.count && tracks[example.index].signalTimes.contains { $0 > example.time && $0 <= end }
            calibration.record(predicted: example.predicted, fired: fired)
            model.update(example.features, window: example.window, fired: fired)
            done += 1
        }
        if done > 0 { pending.removeFirst(done) }
    }
}

extension AllocatorState {
    /// The hazard figures for `status`: scoring, horizon, learning progress, calibration by
    /// decile (predicted vs realised firing rate) and each scored holder's hazard.
    public func hazardStatus() -> JSONValue {
        let settings = configuration.hazard
        let deciles: [JSONValue] = hazard.calibration.bins.enumerated().map { i, bin in
            .object(["decile": .number(Double(i)), "examples": .number(Double(bin.count)),
                     "predicted": bin.meanPredicted.map(JSONValue.number) ?? .null,
                     "realised": bin.realisedRate.map(JSONValue.number) ?? .null])
        }
        var holders: [String: JSONValue] = [:]
        for holding in holdings.values { if let value = holding.hazard { holders[holding.code] = .number(value) } }
        return .object([
            "slot_scoring": .string(settings.slotScoring.rawValue),
            "horizon_s": .number(settings.horizonSeconds),
            "features": .array(settings.features.map { .string($0.rawValue) }),
            "examples_learned": .number(Double(hazard.model.updates)),
            "examples_pending": .number(Double(hazard.pending.count)),
            "calibration_error": hazard.calibration.expectedCalibrationError.map(JSONValue.number) ?? .null,
            "calibration": .array(deciles),
            "holders": .object(holders),
        ])
    }
}
