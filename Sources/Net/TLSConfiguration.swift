/// How a TLS endpoint authenticates: trusted CAs and peer verification for clients, a certificate
/// and key for servers. TLS 1.2 is the minimum (KIS REST requires ≥ 1.2).
public struct TLSConfiguration: Sendable, Equatable {
    /// A PEM file of trusted CA certificates; `nil` = the system's default bundle.
    public var trustedCertificatesFile: String?
    /// Whether a client verifies the server's chain and host name. Default `true`.
    public var verifiesPeer: Bool
    /// The server's PEM certificate chain.
    public var certificateChainFile: String?
    /// The server's PEM private key.
    public var privateKeyFile: String?

    public init(trustedCertificatesFile: String? = nil, verifiesPeer: Bool = true,
                certificateChainFile: String? = nil, privateKeyFile: String? = nil) {
        self.trustedCertificatesFile = trustedCertificatesFile
        self.verifiesPeer = verifiesPeer
        self.certificateChainFile = certificateChainFile
        self.privateKeyFile = privateKeyFile
    }

    /// A verifying client, trusting the system bundle or `trustedCertificatesFile`.
    public static func client(trustedCertificatesFile: String? = nil) -> TLSConfiguration {
        TLSConfiguration(trustedCertificatesFile: trustedCertificatesFile)
    }

    /// A server presenting `certificateChainFile` with `privateKeyFile`.
    public static func server(certificateChainFile: String, privateKeyFile: String) -> TLSConfiguration {
        TLSConfiguration(verifiesPeer: false, certificateChainFile: certificateChainFile, privateKeyFile: privateKeyFile)
    }
}
