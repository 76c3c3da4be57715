/// Serializes HTTP/1.1 requests and responses, adding `Content-Length` where framing needs it.
public enum HTTPEncoder {
    /// The wire bytes of a request.
    public static func encode(_ request: HTTPRequest) -> [UInt8] {
        var headers = request.headers
        let hasFraming = headers["Content-Length"] != nil || headers["Transfer-Encoding"] != nil
        if !hasFraming, !request.body.isEmpty || ["POST", "PUT", "PATCH"].contains(request.method) {
            headers["Content-Length"] = String(request.body.count)
        }
        return encode(startLine: "\(request.method) \(request.target) \(request.version)", headers, request.body)
    }

    /// The wire bytes of a response.
    public static func encode(_ response: HTTPResponse) -> [UInt8] {
        var headers = response.headers
        let mayHaveBody = response.status >= 200 && response.status != 204 && response.status != 304
        if mayHaveBody, headers["Content-Length"] == nil, headers["Transfer-Encoding"] == nil {
            headers["Content-Length"] = String(response.body.count)
        }
        return encode(startLine: "\(response.version) \(response.status) \(response.reason)", headers, response.body)
    }

    private static func encode(startLine: String, _ headers: HTTPHeaders, _ body: [UInt8]) -> [UInt8] {
        var head = startLine + "\r\n"
        for (name, value) in headers { head += name + ": " + value + "\r\n" }
        head += "\r\n"
        var bytes = Array(head.utf8)
        bytes.append(contentsOf: body)
        return bytes
    }
}
