import Testing
@testable import Net

/// The HTTP `Date` header (RFC 9110 §5.6.7), the time a KIS answer carries for its data (issue 18).
@Suite struct HTTPDateTests {
    @Test func theRFCsExample_readsAndWritesBack() {
        #expect(HTTPDate.parse("Sun, 06 Nov 1994 08:49:37 GMT") == 784_111_777)
        #expect(HTTPDate.format(784_111_777) == "Sun, 06 Nov 1994 08:49:37 GMT")
        // Whole seconds: a fraction is dropped, never rounded up into the next second.
        #expect(HTTPDate.format(784_111_777.999) == "Sun, 06 Nov 1994 08:49:37 GMT")
        let marketTime = 1_795_565_152.0   // 2026-11-25 09:05:52 KST
        #expect(HTTPDate.parse(HTTPDate.format(marketTime)) == marketTime)
    }

    @Test func anythingElse_isNotADate() {
        for text in ["", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994", "Sun, 06 Nov 1994 08:49:37 KST",
                     "Sun, 06 Nov 1994 8:49:37 GMT", "Sun, 32 Nov 1994 08:49:37 GMT", "Sun, 06 Foo 1994 08:49:37 GMT",
                     "Sun, 06 Nov 1994 24:00:00 GMT"] {
            #expect(HTTPDate.parse(text) == nil, "\(text)")
        }
    }
}
