import IPC
import KIS

/// Turns decoded KIS records into the pipeline's tick types. KIS field names stop here.
public enum TickMapper {
    /// A trade tick from an `H0STCNT0` record.
    public static func trade(_ record: TradeRecord, receivedAt: Double) -> Trade {
        var trade = Trade(code: record.code, time: record.time, price: record.price, change: record.change,
              changeRate: record.changeRate, volume: record.volume, cumulativeVolume: record.cumulativeVolume,
              open: record.open, high: record.high, low: record.low, ask: record.askPrice, bid: record.bidPrice,
              previousDayVolumeRate: record.previousDaySameTimeVolumeRate,
              viReferencePrice: record.viStandardPrice > 0 ? record.viStandardPrice : nil,
              session: record.marketOperationCode.isEmpty ? nil : record.marketOperationCode,
              receivedAt: receivedAt)
        // KRX status (krx-rules.md): limit sign, VI phase, halt, after-market, the queues at the best prices.
        trade.sign = record.changeSign.rawValue
        trade.phase = record.hourClass.isEmpty ? nil : record.hourClass
        trade.isHalted = record.isHalted
        trade.marketClass = record.marketClass.flatMap { $0.isEmpty ? nil : $0 }
        trade.askQuantity = record.askQuantity
        trade.bidQuantity = record.bidQuantity
        return trade
    }

    /// An order book from an `H0STASP0` record. The expected price and volume are only meaningful
    /// during an auction (`HOUR_CLS_CODE` other than `0`); outside one KIS sends placeholders.
    public static func orderBook(_ record: OrderBookRecord, receivedAt: Double) -> OrderBook {
        let inAuction = record.hourClass != "0" && !record.hourClass.isEmpty && record.expectedPrice > 0
        return OrderBook(code: record.code, time: record.time,
                         asks: record.asks.map { BookLevel(price: $0.price, quantity: $0.quantity) },
                         bids: record.bids.map { BookLevel(price: $0.price, quantity: $0.quantity) },
                         totalAskQuantity: record.totalAskQuantity, totalBidQuantity: record.totalBidQuantity,
                         expectedPrice: inAuction ? record.expectedPrice : nil,
                         expectedVolume: inAuction ? record.expectedVolume : nil,
                         source: .websocket, receivedAt: receivedAt)
    }

    /// An index tick from an `H0UPCNT0` record (KIS sends the change unsigned with a sign field).
    public static func index(_ record: IndexRecord, receivedAt: Double) -> IndexTick {
        IndexTick(code: record.indexCode, time: record.time, value: record.value, change: record.signedChange,
                  changeRate: record.changeRate, cumulativeVolume: record.cumulativeVolume,
                  source: .websocket, receivedAt: receivedAt)
    }

    /// An execution notice from a decrypted `H0STCNI0`/`H0STCNI9` record. In acceptance notices
    /// KIS puts the order quantity and price where fills have the filled ones (protocol.md §6.10).
    public static func notice(_ record: ExecutionNotice, receivedAt: Double) -> ExecutionNoticeTick {
        let side = switch record.side {
        case "01": "sell"
        case "02": "buy"
        default: record.side
        }
        return ExecutionNoticeTick(code: record.code, orderNumber: record.orderNumber, side: side,
                                   quantity: record.quantity ?? record.orderQuantity ?? 0,
                                   price: record.price ?? record.orderPrice ?? 0,
                                   isFill: record.isFill, time: record.time, receivedAt: receivedAt)
    }

    /// The IPC batches of one parsed frame: one message per tick type present (usually one).
    public static func messages(for frame: ParsedFrame, receivedAt: Double) -> [Message] {
        var trades: [Trade] = [], books: [OrderBook] = [], indices: [IndexTick] = [], notices: [ExecutionNoticeTick] = []
        for record in frame.records {
            switch record {
            case .trade(let r): trades.append(trade(r, receivedAt: receivedAt))
            case .orderBook(let r): books.append(orderBook(r, receivedAt: receivedAt))
            case .index(let r): indices.append(index(r, receivedAt: receivedAt))
            case .executionNotice(let r): notices.append(notice(r, receivedAt: receivedAt))
            case .raw: break
            }
        }
        var out: [Message] = []
        if !trades.isEmpty { out.append(.trades(trades)) }
        if !books.isEmpty { out.append(.orderBooks(books)) }
        if !indices.isEmpty { out.append(.indices(indices)) }
        if !notices.isEmpty { out.append(.notices(notices)) }
        return out
    }
}
