/// An order acceptance or fill notice for the user's account (KIS realtime TR `H0STCNI0`, virtual
/// `H0STCNI9`, 실시간체결통보). Always AES-encrypted on the wire; see ``NoticeCipher``.
///
/// Two layouts exist: the current 26-field table, and the legacy 23-field one the portal's
/// decrypted examples still show. Short records are tolerated (missing fields read empty).
public struct ExecutionNotice: Sendable, Equatable, Hashable, Codable {
    /// Which field table a notice uses.
    public enum Layout: String, Sendable, Equatable, Hashable, Codable {
        /// 26 fields (`…ACNT_NAME, ORD_COND_PRC, ORD_EXG_GB, POPUP_YN, FILLER, CRDT_CLS, CRDT_LOAN_DATE, CNTG_ISNM40, ODER_PRC`).
        case current
        /// 23 fields (`…ACNT_NAME, CNTG_ISNM, CRDT_CLS, CRDT_LOAN_DATE, CNTG_ISNM40, ODER_PRC`).
        case legacy
    }

    /// Field table used (decides the encoder's output).
    public var layout: Layout
    /// HTS ID of the customer.
    public var customerID: String
    /// Account number (10 digits).
    public var accountNumber: String
    /// Order number and original order number (for modify/cancel), as sent (zero-padded).
    public var orderNumber: String
    public var originalOrderNumber: String
    /// `SELN_BYOV_CLS`: `01` sell, `02` buy.
    public var side: String
    /// `RCTF_CLS`: `0` normal, `1` modify, `2` cancel.
    public var revisionClass: String
    /// `ODER_KIND` (`00` limit, `01` market, …) and `ODER_COND` (`0` none, `1` IOC, `2` FOK).
    public var orderKind: String
    public var orderCondition: String
    /// Stock code.
    public var code: String
    /// `CNTG_QTY` (fill quantity; the order quantity in acceptance notices), 10 digits on the wire.
    public var quantity: Int?
    /// `CNTG_UNPR` (fill price; the order price in acceptance notices), 9 digits on the wire.
    public var price: Int?
    /// Time, `HHMMSS`.
    public var time: String
    /// `RFUS_YN`: `0` accepted, `1` rejected.
    public var refusal: String
    /// `CNTG_YN`: `1` acceptance (order/modify/cancel/reject), `2` fill.
    public var noticeKind: String
    /// `ACPT_YN`: `1` accepted, `2` confirmed, `3` cancelled (FOK/IOC).
    public var acceptance: String
    /// Branch number.
    public var branch: String
    /// `ODER_QTY`, 9 digits on the wire.
    public var orderQuantity: Int?
    /// Account holder name.
    public var accountName: String
    /// Current layout only: stop price, exchange (`1` KRX, `2` NXT, `3`/`4` SOR), popup flag, filler.
    public var orderConditionPrice: String
    public var exchange: String
    public var popup: String
    public var filler: String
    /// Legacy layout only: the short stock name (체결종목명).
    public var shortName: String
    /// Credit type and credit loan date.
    public var creditClass: String
    public var creditLoanDate: String
    /// Stock name (40 chars).
    public var stockName: String
    /// `ODER_PRC`, 9 digits on the wire (`nil` when empty).
    public var orderPrice: Int?

    /// Whether this is a fill (`CNTG_YN` = 2) rather than an acceptance notice.
    public var isFill: Bool { noticeKind == "2" }
    /// Whether the order was rejected.
    public var isRejected: Bool { refusal == "1" }

    /// Creates a notice in the current layout; unspecified fields are empty.
    public init(customerID: String, accountNumber: String, orderNumber: String, side: String, code: String,
                quantity: Int?, price: Int?, time: String, noticeKind: String, orderQuantity: Int?,
                orderPrice: Int? = nil, stockName: String = "", layout: Layout = .current) {
        self.layout = layout; self.customerID = customerID; self.accountNumber = accountNumber
        self.orderNumber = orderNumber; self.originalOrderNumber = ""; self.side = side
        self.revisionClass = "0"; self.orderKind = "00"; self.orderCondition = "0"; self.code = code
        self.quantity = quantity; self.price = price; self.time = time; self.refusal = "0"
        self.noticeKind = noticeKind; self.acceptance = noticeKind == "2" ? "2" : "1"; self.branch = ""
        self.orderQuantity = orderQuantity; self.accountName = ""; self.orderConditionPrice = ""
        self.exchange = ""; self.popup = ""; self.filler = ""; self.shortName = ""; self.creditClass = ""
        self.creditLoanDate = ""; self.stockName = stockName; self.orderPrice = orderPrice
    }
}

extension ExecutionNotice {
    /// Reads one notice of `fieldCount` fields: ≥ 26 is the current layout, fewer the legacy one.
    init(reading cursor: inout FieldCursor, fieldCount: Int) throws(FieldError) {
        var fields: [String] = []
        fields.reserveCapacity(26)
        for _ in 0..<fieldCount { fields.append(cursor.string()) }
        let isCurrent = fieldCount >= RealtimeFieldTable.executionNotice.count
        func text(_ index: Int) -> String { index < fields.count ? fields[index] : "" }
        func number(_ index: Int) throws(FieldError) -> Int? {
            let value = text(index)
            if value.isEmpty { return nil }
            guard value.utf8.count <= 18, let number = Int(value) else {
                throw FieldError(fieldIndex: index, detail: "not an integer")
            }
            return number
        }
        layout = isCurrent ? .current : .legacy
        customerID = text(0); accountNumber = text(1); orderNumber = text(2); originalOrderNumber = text(3)
        side = text(4); revisionClass = text(5); orderKind = text(6); orderCondition = text(7); code = text(8)
        quantity = try number(9); price = try number(10); time = text(11); refusal = text(12)
        noticeKind = text(13); acceptance = text(14); branch = text(15); orderQuantity = try number(16)
        accountName = text(17)
        if isCurrent {
            orderConditionPrice = text(18); exchange = text(19); popup = text(20); filler = text(21)
            shortName = ""
            creditClass = text(22); creditLoanDate = text(23); stockName = text(24); orderPrice = try number(25)
        } else {
            orderConditionPrice = ""; exchange = ""; popup = ""; filler = ""
            shortName = text(18)
            creditClass = text(19); creditLoanDate = text(20); stockName = text(21); orderPrice = try number(22)
        }
    }

    /// Writes the notice in its ``layout`` (26 or 23 fields), numbers zero-padded as KIS sends them.
    func write(to writer: inout FieldWriter) {
        writer.string(customerID); writer.string(accountNumber); writer.string(orderNumber)
        writer.string(originalOrderNumber); writer.string(side); writer.string(revisionClass)
        writer.string(orderKind); writer.string(orderCondition); writer.string(code)
        writer.paddedInt(quantity, width: 10); writer.paddedInt(price, width: 9); writer.string(time)
        writer.string(refusal); writer.string(noticeKind); writer.string(acceptance); writer.string(branch)
        writer.paddedInt(orderQuantity, width: 9); writer.string(accountName)
        switch layout {
        case .current:
            writer.string(orderConditionPrice); writer.string(exchange); writer.string(popup); writer.string(filler)
        case .legacy:
            writer.string(shortName)
        }
        writer.string(creditClass); writer.string(creditLoanDate); writer.string(stockName)
        writer.paddedInt(orderPrice, width: 9)
    }
}
