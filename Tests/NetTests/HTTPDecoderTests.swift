import Testing
@testable import Net

/// Boundary tests of the HTTP/1.1 request and response decoders and the encoder.
@Suite struct HTTPDecoderTests {
    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func requestDecoder_decodesPipelinedRequests_keepingLeftover() throws {
        var decoder = HTTPRequestDecoder()
        decoder.append(Self.bytes("GET /a?x=1 HTTP/1.1\r\nHost: h\r\n\r\nPOST /b HTTP/1.1\r\ncontent-length: 3\r\n\r\nabcGET /c HTTP/1.1\r\n"))
        let first = try #require(try decoder.decode())
        #expect(first.method == "GET" && first.path == "/a" && first.query == "x=1" && first.headers["HOST"] == "h")
        let second = try #require(try decoder.decode())
        #expect(second.target == "/b" && second.body == Self.bytes("abc"))
        #expect(try decoder.decode() == nil)
        decoder.append(Self.bytes("\r\n"))
        #expect(try decoder.decode()?.target == "/c")
        try decoder.finish()
    }

    @Test func requestDecoder_decodesChunkedBody_splitAtEveryOffset() throws {
        let wire = Self.bytes("POST /p HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n4;ext=1\r\nWiki\r\n5\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\nTrailer: t\r\n\r\n")
        for split in 0...wire.count {
            var decoder = HTTPRequestDecoder()
            decoder.append(wire[..<split])
            var request = try decoder.decode()
            decoder.append(wire[split...])
            if request == nil { request = try decoder.decode() }
            #expect(request?.bodyText == "Wikipedia in\r\n\r\nchunks.", "split at \(split)")
        }
    }

    @Test func requestDecoder_decodesRequest_fedByteByByte() throws {
        let wire = Self.bytes("PUT /x HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello")
        var decoder = HTTPRequestDecoder()
        var decoded: [HTTPRequest] = []
        for byte in wire {
            decoder.append([byte])
            if let request = try decoder.decode() { decoded.append(request) }
        }
        #expect(decoded.map(\.bodyText) == ["hello"])
    }

    @Test func requestDecoder_throws_whenHeaderSectionExceedsLimit() {
        var decoder = HTTPRequestDecoder(limits: HTTPDecoderLimits(maximumHeaderBytes: 100))
        decoder.append(Self.bytes("GET / HTTP/1.1\r\nX: " + String(repeating: "a", count: 200)))
        #expect((#expect(throws: NetError.self) { try decoder.decode() })?.isSizeLimit == true)
    }

    @Test func requestDecoder_acceptsHeaderSectionExactlyAtLimit() throws {
        let head = "GET / HTTP/1.1\r\nX: a\r\n\r\n"
        var decoder = HTTPRequestDecoder(limits: HTTPDecoderLimits(maximumHeaderBytes: head.utf8.count))
        decoder.append(Self.bytes(head))
        #expect(try decoder.decode() != nil)
    }

    @Test func requestDecoder_throwsBeforeBuffering_whenContentLengthExceedsLimit() {
        var decoder = HTTPRequestDecoder(limits: HTTPDecoderLimits(maximumBodyBytes: 10))
        decoder.append(Self.bytes("POST / HTTP/1.1\r\nContent-Length: 11\r\n\r\n"))
        #expect((#expect(throws: NetError.self) { try decoder.decode() })?.isSizeLimit == true)
    }

    @Test func requestDecoder_throws_whenChunksExceedBodyLimit() {
        var decoder = HTTPRequestDecoder(limits: HTTPDecoderLimits(maximumBodyBytes: 10))
        decoder.append(Self.bytes("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n12345678\r\n3\r\n"))
        #expect((#expect(throws: NetError.self) { try decoder.decode() })?.isSizeLimit == true)
    }

    @Test(arguments: [
        "GET /\r\n\r\n",
        "GET / HTTP/2.0\r\n\r\n",
        "GET / HTTP/1.1\r\nBad Name: x\r\n\r\n",
        "GET / HTTP/1.1\r\nNoColon\r\n\r\n",
        "POST / HTTP/1.1\r\nContent-Length: 1, 2\r\n\r\n",
        "POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
        "POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n",
        "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
    ])
    func requestDecoder_throws_forMalformedInput(text: String) {
        var decoder = HTTPRequestDecoder()
        decoder.append(Self.bytes(text))
        #expect(throws: NetError.self) { try decoder.decode() }
    }

    @Test func requestDecoder_finishThrows_whenStreamEndsMidRequest() throws {
        var decoder = HTTPRequestDecoder()
        decoder.append(Self.bytes("POST / HTTP/1.1\r\nContent-Length: 4\r\n\r\nab"))
        #expect(try decoder.decode() == nil)
        #expect(throws: NetError.self) { try decoder.finish() }
    }

    @Test func responseDecoder_readsUntilClose_whenNoLengthGiven() throws {
        var decoder = HTTPResponseDecoder()
        decoder.append(Self.bytes("HTTP/1.1 200 OK\r\n\r\nstream"))
        #expect(try decoder.decode() == nil)
        decoder.append(Self.bytes("ing"))
        #expect(try decoder.decodeAtEndOfStream()?.bodyText == "streaming")
    }

    @Test func responseDecoder_returnsNoBody_forHEADAnd204AndSwitchingProtocols() throws {
        var decoder = HTTPResponseDecoder()
        decoder.append(Self.bytes("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nHTTP/1.1 204 No Content\r\n\r\nHTTP/1.1 101 Switching Protocols\r\n\r\n") + [0x81, 0])
        #expect(try decoder.decode(respondingTo: "HEAD")?.body == [])
        #expect(try decoder.decode()?.status == 204)
        #expect(try decoder.decode()?.status == 101)
        #expect(decoder.takeBufferedBytes() == [0x81, 0])
    }

    @Test func responseDecoder_decodesChunkedResponse_splitAtEveryOffset() throws {
        let wire = Self.bytes("HTTP/1.1 200 OK\r\ntransfer-encoding: Chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n")
        for split in 0...wire.count {
            var decoder = HTTPResponseDecoder()
            decoder.append(wire[..<split])
            var response = try decoder.decode()
            decoder.append(wire[split...])
            if response == nil { response = try decoder.decode() }
            #expect(response?.bodyText == "abc")
        }
    }

    @Test func encoder_roundTripsThroughDecoders_addingContentLength() throws {
        let request = HTTPRequest(method: "POST", target: "/oauth2/tokenP", headers: ["Content-Type": "application/json"], body: Self.bytes("{}"))
        var requestDecoder = HTTPRequestDecoder()
        requestDecoder.append(HTTPEncoder.encode(request))
        let decodedRequest = try #require(try requestDecoder.decode())
        #expect(decodedRequest.headers["content-length"] == "2" && decodedRequest.body == request.body)
        let response = HTTPResponse(status: 200, contentType: "application/json", body: "{\"rt_cd\":\"0\"}")
        var responseDecoder = HTTPResponseDecoder()
        responseDecoder.append(HTTPEncoder.encode(response))
        #expect(try responseDecoder.decode()?.body == response.body)
    }

    @Test func keepAlive_followsVersionAndConnectionHeader() {
        #expect(HTTPRequest(method: "GET", target: "/").isKeepAlive)
        #expect(!HTTPRequest(method: "GET", target: "/", headers: ["Connection": "close"]).isKeepAlive)
        #expect(!HTTPRequest(method: "GET", target: "/", version: .http1_0).isKeepAlive)
        #expect(HTTPRequest(method: "GET", target: "/", version: .http1_0, headers: ["connection": "Keep-Alive"]).isKeepAlive)
    }
}

/// Query-string parsing and percent coding.
@Suite struct QueryStringTests {
    @Test func parse_decodesPercentAndPlus_andKeepsBadEscapes() {
        let items = QueryString.parse("FID_INPUT_ISCD=005930&name=%EC%82%BC%EC%84%B1+x&bad=%zz&flag")
        #expect(items == [QueryItem(name: "FID_INPUT_ISCD", value: "005930"), QueryItem(name: "name", value: "삼성 x"),
                          QueryItem(name: "bad", value: "%zz"), QueryItem(name: "flag", value: "")])
    }

    @Test func queryValue_matchesNamesCaseInsensitively() {
        let request = HTTPRequest(method: "GET", target: "/q?fid_input_iscd=005930")
        #expect(request.queryValue(named: "FID_INPUT_ISCD") == "005930")
        #expect(request.queryValue(named: "other") == nil)
    }

    @Test func build_percentEncodesReservedBytes_andRoundTrips() {
        let items = [QueryItem(name: "a b", value: "x&y=z/삼")]
        #expect(QueryString.build(items) == "a%20b=x%26y%3Dz%2F%EC%82%BC")
        #expect(QueryString.parse(QueryString.build(items)) == items)
    }
}
