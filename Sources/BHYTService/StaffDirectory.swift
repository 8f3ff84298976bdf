import BHYTCard
import BHYTDesk
import BHYTCOSE
import BHYTJSON
import Crypto

/// A staff member (nhân viên) who may call the service: a name and staff ID for the records,
/// and a salted hash of the member's own token (the token itself is never stored).
package struct StaffMember: Sendable, Equatable {
    package let name: String
    package let staffId: String
    let salt: [UInt8]
    let tokenHash: [UInt8]

    /// HMAC-SHA256 of the token under the member's salt.
    static func hash(_ token: [UInt8], salt: [UInt8]) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: token, using: SymmetricKey(data: salt)))
    }
}

/// The users file (`--users FILE`): one JSON object a line, `{"name", "staffId", "salt",
/// "tokenHash"}` (salt and hash in base64url), as `bhyt users add` writes it. A request's Bearer
/// token names the staff member whose hash it matches; every check-in records who made it.
package struct StaffDirectory: Sendable {
    package private(set) var members: [StaffMember]

    /// Why a users file cannot be used (the line and the reason).
    package struct StaffError: Error, Sendable, CustomStringConvertible {
        package let description: String
    }

    package init() { members = [] }

    /// Reads a users file's text (a BOM and CR LF are fine; blank lines are skipped).
    package init(fileText text: String) throws(StaffError) {
        members = []
        var t = Substring(text)
        if t.hasPrefix("\u{FEFF}") { t = t.dropFirst() }
        for (i, line) in t.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated()
        where !line.allSatisfy({ $0 == " " || $0 == "\t" }) {
            guard let json = try? JSONParser.parse(String(line)), let name = json["name"]?.stringValue, !name.isEmpty,
                  let id = json["staffId"]?.stringValue, !id.isEmpty,
                  let salt = json["salt"]?.stringValue.flatMap({ Base64.decode($0) }), salt.count >= 16,
                  let hash = json["tokenHash"]?.stringValue.flatMap({ Base64.decode($0) }), hash.count == 32 else {
                throw StaffError(description: "users file line \(i + 1): not a user ({\"name\", \"staffId\", \"salt\", \"tokenHash\"}, as bhyt users add writes)")
            }
            guard !members.contains(where: { $0.staffId == id }) else {
                throw StaffError(description: "users file line \(i + 1): staff ID \(id) is listed twice")
            }
            members.append(StaffMember(name: name, staffId: id, salt: salt, tokenHash: hash))
        }
    }

    /// The member whose token this is, or `nil`. Every member's hash is computed and compared
    /// in constant time, whoever matches, so the time does not tell which member (or none) it was.
    package func member(forToken token: [UInt8]) -> StaffMember? {
        var found: StaffMember?
        for m in members where BearerToken.constantTimeEqual(StaffMember.hash(token, salt: m.salt), m.tokenHash) {
            found = found ?? m
        }
        return found
    }

    /// A new member with a fresh random token (returned once, to give to the person; 32 random
    /// bytes in base64url) and a fresh salt.
    package mutating func add(name: String, staffId: String) throws(StaffError) -> String {
        guard !name.isEmpty, !staffId.isEmpty, !name.contains(where: \.isNewline), !staffId.contains(where: \.isNewline) else {
            throw StaffError(description: "a user needs a name and a staff ID (one line each)")
        }
        guard !members.contains(where: { $0.staffId == staffId }) else {
            throw StaffError(description: "staff ID \(staffId) is already in the users file")
        }
        let token = Base64.encode(Array(SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }), url: true, padded: false)
        let salt = SymmetricKey(size: .bits128).withUnsafeBytes { Array($0) }
        members.append(StaffMember(name: name, staffId: staffId, salt: salt, tokenHash: StaffMember.hash(Array(token.utf8), salt: salt)))
        return token
    }

    /// Removes a member; whether one was there.
    package mutating func remove(staffId: String) -> Bool {
        let before = members.count
        members.removeAll { $0.staffId == staffId }
        return members.count < before
    }

    /// The file's text: one line a member.
    package var fileText: String {
        members.map { m in
            var w = JSONWriter()
            w.beginObject()
            w.member("name", m.name)
            w.member("staffId", m.staffId)
            w.member("salt", Base64.encode(m.salt, url: true, padded: false))
            w.member("tokenHash", Base64.encode(m.tokenHash, url: true, padded: false))
            w.endObject()
            return String(decoding: w.bytes, as: UTF8.self) + "\n"
        }.joined()
    }
}

/// Who may call the service: the shared token (`--token-file`), the staff (`--users`), or both.
package struct ServiceCredentials: Sendable {
    package var token: [UInt8]?
    package var staff: StaffDirectory?

    package init(token: [UInt8]? = nil, staff: StaffDirectory? = nil) {
        self.token = token
        self.staff = staff
    }

    /// Whether the service asks callers for a token at all.
    package var required: Bool { token != nil || staff != nil }

    /// Who an `Authorization` value names: `.shared` for the service's token, a staff member for
    /// theirs, `nil` for anything else.
    package enum Caller: Sendable, Equatable {
        case shared
        case staff(StaffMember)
    }

    package func caller(_ header: String?) -> Caller? {
        guard let header, let presented = BearerToken.presented(header) else { return nil }
        if let token, BearerToken.constantTimeEqual(presented, token) { return .shared }
        return staff?.member(forToken: presented).map(Caller.staff)
    }
}
