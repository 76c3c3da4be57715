import IPC

extension AllocatorState {
    /// Every universe stock's hazard (chance of a signal within the horizon) at market time `now`.
    /// One feature buffer serves every stock and the window's intercept is looked up once: the
    /// figures are `predict(vector(inputs), window)`'s, bit for bit (`HazardCostTests`).
    public func hazards(now: Double) -> [Double] { hazards(now: now, context: hazardContext(now: now)) }

    /// The sector and same-time-volume figures the hazard of every stock at `now` reads: computed
    /// once per decision and shared by `hazards(now:context:)` and `hazardTerms`.
    func hazardContext(now: Double) -> HazardTracker.SectorContext {
        hazard.sectorContext(universe, now: now, window: configuration.hazard.sectorWindowSeconds)
    }

    func hazards(now: Double, context: HazardTracker.SectorContext) -> [Double] {
        let switches = HazardFeatures.Switches(configuration.hazard.featureGroups)
        let intercept = hazardIntercept(now: now)
        let sectors = universe.sectorIDs
        var result = [Double](repeating: 0, count: universe.count)
        var buffer = [Double](repeating: 0, count: HazardFeatures.count)
        buffer.withUnsafeMutableBufferPointer { v in
            for i in 0..<universe.count where activity[i].hasData {
                let x = hazard.inputs(i, activity: activity[i], sector: sectors[i], context: context, now: now)
                HazardFeatures.fill(v, x, switches: switches)
                result[i] = hazard.model.predict(UnsafeBufferPointer(v), intercept: intercept)
            }
        }
        return result
    }

    /// Stock `i`'s hazard at `now` and the log-odds each of its features adds (`HolderReason`):
    /// the figure `hazards(now:context:)` gives it, for saying why it holds a slot. `intercept` is
    /// the window's (`hazardIntercept(now:)`), looked up once per decision.
    func hazardTerms(_ i: Int, context: HazardTracker.SectorContext, intercept: Double, now: Double) -> (hazard: Double, terms: [HolderReason.Term]) {
        guard let features = hazardFeatures(i, context: context, now: now) else { return (0, []) }
        return (hazard(features, intercept: intercept), HolderReason.hazardTerms(features: features, weights: hazard.model.averageWeights))
    }

    /// Stock `i`'s hazard alone (no terms to name): a holder's under heat scoring.
    func hazard(of i: Int, context: HazardTracker.SectorContext, intercept: Double, now: Double) -> Double {
        hazardFeatures(i, context: context, now: now).map { hazard($0, intercept: intercept) } ?? 0
    }

    /// Stock `i`'s feature vector at `now`; nil while it has no data (its hazard is then 0).
    private func hazardFeatures(_ i: Int, context: HazardTracker.SectorContext, now: Double) -> [Double]? {
        guard i < universe.count, activity[i].hasData else { return nil }
        let inputs = hazard.inputs(i, activity: activity[i], sector: universe.sectorIDs[i], context: context, now: now)
        return HazardFeatures.vector(inputs, groups: configuration.hazard.featureGroups)
    }

    private func hazard(_ features: [Double], intercept: Double) -> Double {
        features.withUnsafeBufferPointer { hazard.model.predict($0, intercept: intercept) }
    }

    /// The averaged intercept of the window in force at `now`.
    func hazardIntercept(now: Double) -> Double { hazard.model.averagedIntercept(window(at: now).name) }

    /// Labels the examples whose horizon has passed (one SGD step and a calibration record each),
    /// then, every `sampleSeconds`, stores every stock's features as new examples. Called once per
    /// decision, outside the pure `SlotAllocator.plan`.
    public mutating func advanceHazard(now: Double) {
        let settings = configuration.hazard
        hazard.labelDue(now: now, horizon: settings.horizonSeconds)
        guard now - hazard.lastSampleAt >= settings.sampleSeconds else { return }
        hazard.lastSampleAt = now
        let switches = HazardFeatures.Switches(settings.featureGroups)
        let name = window(at: now).name
        let intercept = hazard.model.averagedIntercept(name)
        let context = hazard.sectorContext(universe, now: now, window: settings.sectorWindowSeconds)
        let sectors = universe.sectorIDs
        let width = HazardFeatures.count
        var batch = HazardTracker.Batch(time: now, window: name)
        batch.indices.reserveCapacity(universe.count)
        batch.predicted.reserveCapacity(universe.count)
        batch.logits.reserveCapacity(universe.count)
        batch.features.reserveCapacity(universe.count * width)
        var buffer = [Double](repeating: 0, count: width)
        buffer.withUnsafeMutableBufferPointer { v in
            for i in 0..<universe.count where activity[i].hasData && !universe.stocks[i].isHalted {
                HazardFeatures.fill(v, hazard.inputs(i, activity: activity[i], sector: sectors[i], context: context, now: now), switches: switches)
                batch.indices.append(i)
                batch.features.append(contentsOf: v)
                let z = hazard.model.baseLogit(UnsafeBufferPointer(v), intercept: intercept)
                batch.logits.append(z)
                batch.predicted.append(hazard.model.calibrated(z))
            }
        }
        if !batch.indices.isEmpty { hazard.pending.append(batch) }
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
        // The plan lists stocks in universe order: try the position after the last one before
        // hashing the code (2,600 lookups by code were a third of this function's cost).
        var guess = 0
        for entry in pollPlan {
            let i = guess < universe.count && universe.stocks[guess].code == entry.code ? guess : universe.index(of: entry.code)
            if let i { interval[i] = entry.intervalSeconds; guess = i + 1 }
        }
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
    /// A batch is labelled whole (its examples share one time); the model learns them in order.
    mutating func labelDue(now: Double, horizon: Double) {
        var done = 0
        while done < pending.count, pending[done].time + horizon <= now {
            let batch = pending[done]
            let end = batch.time + horizon
            var fired = [Bool](repeating: false, count: batch.indices.count)
            for (e, index) in batch.indices.enumerated() {
                fired[e] = index < tracks.count && tracks[index].signalTimes.contains { $0 > batch.time && $0 <= end }
                calibration.record(predicted: batch.predicted[e], fired: fired[e])
                model.recordOutcome(logit: batch.logits[e], fired: fired[e])
            }
            batch.features.withUnsafeBufferPointer { model.update(batch: $0, window: batch.window, fired: fired) }
            model.refitRecalibration()
            done += 1
        }
        if done > 0 { pending.removeFirst(done) }
    }
}

extension AllocatorState {
    /// The hazard figures for `status`: scoring, horizon, learning progress and calibration by
    /// decile (predicted vs realised firing rate). Each holder's own hazard is in `slots`.
    public func hazardStatus() -> JSONValue {
        let settings = configuration.hazard
        let deciles: [JSONValue] = hazard.calibration.bins.enumerated().map { i, bin in
            .object(["decile": .number(Double(i)), "examples": .number(Double(bin.count)),
                     "predicted": bin.meanPredicted.map(JSONValue.number) ?? .null,
                     "realised": bin.realisedRate.map(JSONValue.number) ?? .null])
        }
        return .object([
            "slot_scoring": .string(settings.slotScoring.rawValue),
            "horizon_s": .number(settings.horizonSeconds),
            "features": .array(settings.features.map { .string($0.rawValue) }),
            "examples_learned": .number(Double(hazard.model.updates)),
            "examples_pending": .number(Double(hazard.pendingCount)),
            "calibration_error": hazard.calibration.expectedCalibrationError.map(JSONValue.number) ?? .null,
            "calibration": .array(deciles),
            "recalibration": .object(["on": .bool(hazard.model.isRecalibrating), "active": .bool(hazard.model.recalibration.isActive),
                                      "slope": .number(hazard.model.recalibration.slope),
                                      "offset": .number(hazard.model.recalibration.offset),
                                      "outcomes": .number(Double(hazard.model.recalibration.outcomes))]),
        ])
    }
}
