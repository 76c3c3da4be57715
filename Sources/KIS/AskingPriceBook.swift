/// `output1` of inquire-asking-price-exp-ccn (FHKST01010200): the 10-level order book.
public struct AskingPriceBook: RESTRecord {
    /// The documented key set (71 keys), in documented order.
    public static let keys: [String] = [
        "aspr_acpt_hour", "askp1", "askp2", "askp3", "askp4", "askp5", "askp6", "askp7", "askp8", "askp9",
        "askp10", "bidp1", "bidp2", "bidp3", "bidp4", "bidp5", "bidp6", "bidp7", "bidp8", "bidp9", "bidp10",
        "askp_rsqn1", "askp_rsqn2", "askp_rsqn3", "askp_rsqn4", "askp_rsqn5", "askp_rsqn6", "askp_rsqn7",
        "askp_rsqn8", "askp_rsqn9", "askp_rsqn10", "bidp_rsqn1", "bidp_rsqn2", "bidp_rsqn3", "bidp_rsqn4",
        "bidp_rsqn5", "bidp_rsqn6", "bidp_rsqn7", "bidp_rsqn8", "bidp_rsqn9", "bidp_rsqn10",
        "askp_rsqn_icdc1", "askp_rsqn_icdc2", "askp_rsqn_icdc3", "askp_rsqn_icdc4", "askp_rsqn_icdc5",
        "askp_rsqn_icdc6", "askp_rsqn_icdc7", "askp_rsqn_icdc8", "askp_rsqn_icdc9", "askp_rsqn_icdc10",
        "bidp_rsqn_icdc1", "bidp_rsqn_icdc2", "bidp_rsqn_icdc3", "bidp_rsqn_icdc4", "bidp_rsqn_icdc5",
        "bidp_rsqn_icdc6", "bidp_rsqn_icdc7", "bidp_rsqn_icdc8", "bidp_rsqn_icdc9", "bidp_rsqn_icdc10",
        "total_askp_rsqn", "total_bidp_rsqn", "total_askp_rsqn_icdc", "total_bidp_rsqn_icdc",
        "ovtm_total_askp_icdc", "ovtm_total_bidp_icdc", "ovtm_total_askp_rsqn", "ovtm_total_bidp_rsqn",
        "ntby_aspr_rsqn", "new_mkop_cls_code",
    ]

    /// The raw values by wire key.
    public var fields: [String: String]

    /// Wraps raw values.
    public init(fields: [String: String]) { self.fields = fields }

    /// Quote time HHMMSS (`aspr_acpt_hour`).
    public var time: String? {
        get { fields["aspr_acpt_hour"] }
        set { fields["aspr_acpt_hour"] = newValue }
    }

    /// Total ask quantity (`total_askp_rsqn`).
    public var totalAskQuantity: Int? {
        get { int("total_askp_rsqn") }
        set { setInt("total_askp_rsqn", newValue) }
    }

    /// Total bid quantity (`total_bidp_rsqn`).
    public var totalBidQuantity: Int? {
        get { int("total_bidp_rsqn") }
        set { setInt("total_bidp_rsqn", newValue) }
    }

    /// Ask levels 1…10 (`askp<n>`, `askp_rsqn<n>`), best first.
    public var asks: [OrderBookLevel] {
        get { (1...10).map { OrderBookLevel(price: int("askp\($0)") ?? 0, quantity: int("askp_rsqn\($0)") ?? 0) } }
        set { setLevels(newValue, prefix: "askp") }
    }

    /// Bid levels 1…10 (`bidp<n>`, `bidp_rsqn<n>`), best first.
    public var bids: [OrderBookLevel] {
        get { (1...10).map { OrderBookLevel(price: int("bidp\($0)") ?? 0, quantity: int("bidp_rsqn\($0)") ?? 0) } }
        set { setLevels(newValue, prefix: "bidp") }
    }

    /// Best ask and bid prices.
    public var askPrice: Int? { int("askp1") }
    public var bidPrice: Int? { int("bidp1") }

    private mutating func setLevels(_ levels: [OrderBookLevel], prefix: String) {
        for level in 1...10 {
            let value = levels.indices.contains(level - 1) ? levels[level - 1] : OrderBookLevel(price: 0, quantity: 0)
            setInt("\(prefix)\(level)", value.price)
            setInt("\(prefix)_rsqn\(level)", value.quantity)
        }
    }
}
