import Foundation
import Testing
@testable import IPC

/// One ws-gateway per KIS account: the names every component and kisctl derive from the count.
@Suite struct GatewayEndpointsTests {
    @Test func oneAccount_keepsTheSingleNames() {
        #expect(GatewayEndpoints.all(environment: [:]) == [GatewayEndpoint(component: "ws-gateway", socket: "gateway", account: 1)])
        #expect(GatewayEndpoints.own(environment: ["KIS41_ACCOUNT": "1"]).socket == SocketName.gateway)
        #expect(GatewayEndpoints.endpoint(component: "ws-gateway")?.socket == "gateway")
    }

    @Test func severalAccounts_areNumberedGateways() {
        let environment = ["KIS41_ACCOUNTS": "3", "KIS41_ACCOUNT": "2"]
        #expect(GatewayEndpoints.all(environment: environment).map(\.component) == ["ws-gateway@1", "ws-gateway@2", "ws-gateway@3"])
        #expect(GatewayEndpoints.all(environment: environment).map(\.socket) == ["gateway@1", "gateway@2", "gateway@3"])
        #expect(GatewayEndpoints.own(environment: environment) == GatewayEndpoint(component: "ws-gateway@2", socket: "gateway@2", account: 2))
        #expect(GatewayEndpoints.endpoint(component: "ws-gateway@12")?.socket == "gateway@12")
        #expect(GatewayEndpoints.endpoint(component: "ws-gateway@0") == nil)
        #expect(GatewayEndpoints.endpoint(component: "ws-gateway@x") == nil)
    }

    @Test func theCount_fallsBackToTheRunDirectory_andNonsenseIsOne() throws {
        let directory = RunDirectory(path: "/tmp/k41gw-\(UInt32.random(in: 0...UInt32.max))")
        try directory.prepare()
        defer { try? FileManager.default.removeItem(at: directory.url) }
        #expect(GatewayEndpoints.accountCount(environment: [:], runDirectory: directory) == 1)
        try "2\n".write(toFile: directory.path("accounts"), atomically: true, encoding: .utf8)
        #expect(GatewayEndpoints.accountCount(environment: [:], runDirectory: directory) == 2)
        #expect(GatewayEndpoints.accountCount(environment: ["KIS41_ACCOUNTS": "4"], runDirectory: directory) == 4)
        for nonsense in ["0", "17", "two", "-1"] { #expect(GatewayEndpoints.accountCount(environment: ["KIS41_ACCOUNTS": nonsense]) == 1) }
    }
}
