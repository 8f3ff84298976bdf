import BHYTCOSE
import BHYTJSON

extension TrustList {
    /// Largest signed trust list read by default.
    package static let maximumSignedLength = 16 << 20

    /// Reads a signed trust list (a JWS with `typ` `bhyt-trust+jwt` whose payload is
    /// `{"iat":…,"exp":…,"seq":…,"keys":[…JWK…]}`), verifying it against the pinned root keys;
    /// with no roots the signature is not checked (the caller says so to the user).
    /// Entries left out are in ``problems`` as for a plain list.
    package static func signed(_ bytes: [UInt8], roots: [PublicKey], maximumLength: Int = TrustList.maximumSignedLength)
        throws(SignedListError) -> (list: TrustList, info: SignedListInfo) {
        let (jws, signer) = try SignedList.open(bytes, kind: .trust, roots: roots, maximumLength: maximumLength)
        let (validity, keys) = try SignedList.payloadMembers(jws.payload, kind: .trust)
        guard case .array(let entries) = keys else { throw .payload("\"keys\" must be an array of JWKs") }
        let list: TrustList
        do {
            list = try TrustList(entries: entries)
        } catch {
            throw .payload(error.description)
        }
        return (list, SignedListInfo(kind: .trust, validity: validity, rootKID: jws.kid, verifiedBy: signer,
                                     contentDigest: jws.contentDigest))
    }

    /// The entries as a JSON array (unknown members kept), the payload's `keys`.
    package var entriesJSON: JSONValue { .array(entries) }
}
