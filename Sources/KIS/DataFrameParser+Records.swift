extension DataFrameParser {
    /// The record decoders this parser knows, with their minimum field counts.
    private enum RecordKind {
        case trade, orderBook, index, executionNotice, raw

        init(trID: String) {
            switch trID {
            case RealtimeTR.trade: self = .trade
            case RealtimeTR.orderBook: self = .orderBook
            case RealtimeTR.index: self = .index
            case RealtimeTR.executionNotice, RealtimeTR.executionNoticeVirtual: self = .executionNotice
            default: self = .raw
            }
        }

        /// Fields a record must have; notices tolerate short records, unknown TRs take anything.
        var minimumFields: Int {
            switch self {
            case .trade: RealtimeFieldTable.tradeRequiredCount
            case .orderBook: RealtimeFieldTable.orderBookRequiredCount
            case .index: RealtimeFieldTable.indexRequiredCount
            case .executionNotice, .raw: 1
            }
        }

        var table: [String] {
            switch self {
            case .trade: RealtimeFieldTable.trade
            case .orderBook: RealtimeFieldTable.orderBook
            case .index: RealtimeFieldTable.index
            case .executionNotice: RealtimeFieldTable.executionNotice
            case .raw: []
            }
        }
    }

    /// Splits `base[start..<end]` into `count` records and decodes each one.
    func decodeRecords(trID: String, count: Int, base: UnsafePointer<UInt8>, start: Int, end: Int) -> ParsedFrame {
        let kind = RecordKind(trID: trID)
        var totalFields = start < end ? 1 : 0
        var scan = start
        while scan < end {
            if base[scan] == FieldCursor.caret { totalFields += 1 }
            scan += 1
        }
        let minimum = kind.minimumFields
        var fieldsPerRecord = totalFields / count
        var decodable = count
        var layoutError: KISError?
        var firstRecordError: KISError?
        if totalFields % count != 0 || fieldsPerRecord < minimum {
            // No record separator exists, so fall back on the documented layout.
            fieldsPerRecord = max(minimum, fieldsPerRecord)
            decodable = min(count, totalFields / fieldsPerRecord)
            if decodable < count {
                layoutError = .malformedRecord(
                    index: decodable, field: "(record)",
                    detail: "payload has \(totalFields) fields, not \(count) records of ≥ \(minimum)")
            }
        }
        var records: [RealtimeRecord] = []
        records.reserveCapacity(decodable)
        var malformed = count - decodable
        var cursor = FieldCursor(base: base, start: start, end: end)
        for recordIndex in 0..<decodable {
            cursor.startRecord()
            do throws(FieldError) {
                switch kind {
                case .trade: records.append(.trade(try TradeRecord(reading: &cursor, fieldCount: fieldsPerRecord)))
                case .orderBook:
                    records.append(.orderBook(try OrderBookRecord(reading: &cursor, fieldCount: fieldsPerRecord)))
                case .index: records.append(.index(try IndexRecord(reading: &cursor)))
                case .executionNotice:
                    records.append(.executionNotice(try ExecutionNotice(reading: &cursor, fieldCount: fieldsPerRecord)))
                case .raw:
                    var fields: [String] = []
                    fields.reserveCapacity(fieldsPerRecord)
                    for _ in 0..<fieldsPerRecord { fields.append(cursor.string()) }
                    records.append(.raw(fields))
                }
            } catch {
                malformed += 1
                if firstRecordError == nil {
                    firstRecordError = .malformedRecord(index: recordIndex,
                                                  field: RealtimeFieldTable.name(kind.table, error.fieldIndex),
                                                  detail: error.detail)
                }
            }
            cursor.skip(fieldsPerRecord - cursor.consumed)
        }
        return ParsedFrame(trID: trID, isEncrypted: false, declaredCount: count, records: records,
                           malformedCount: malformed, firstError: firstRecordError ?? layoutError)
    }
}
