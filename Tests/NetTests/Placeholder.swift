import Testing

@Test func placeholder_compiles() { #expect(Bool(true)) }
