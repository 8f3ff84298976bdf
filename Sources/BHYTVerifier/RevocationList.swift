import BHYTCard

/// Revoked cards: one entry a line, `#` comments; an entry is a 10-digit social-insurance
/// number, optionally followed by a date or time: it revokes that number's cards signed
/// (iat) before then, or all its cards without one.
public struct RevocationList: Sendable {
    /// Number → cut-off (seconds since the epoch; `Int64.max` for every card).
    private var entries: [UInt64: Int64]

    public init() { entries = [:] }

    /// Why a revocation list was refused (a list that half loads would silently revoke less).
    public struct LoadError: Error, Sendable, CustomStringConvertible {
        public let line: Int
        public let reason: String
        public var description: String { "revocation list line \(line): \(reason)" }
    }

    /// Reads the text form from UTF-8 bytes.
    public init(bytes: [UInt8]) throws(LoadError) {
        entries = [:]
        entries.reserveCapacity(bytes.count / 12)
        var line = 0
        // A UTF-8 byte-order mark (a list saved by a Windows tool) is skipped; CR LF ends are spaces.
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let n = bytes.count
        while i < n {
            line += 1
            var end = i
            while end < n, bytes[end] != 0x0A { end += 1 }
            var j = i
            var stop = end
            if let hash = bytes[i..<end].firstIndex(of: 0x23) { stop = hash }
            func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0D }
            while j < stop, isSpace(bytes[j]) { j += 1 }
            while stop > j, isSpace(bytes[stop - 1]) { stop -= 1 }
            if j < stop {
                var number: UInt64 = 0
                var k = j
                // At most 10 digits are accumulated (a longer run is refused below, never overflows).
                while k < stop, bytes[k] >= 48, bytes[k] <= 57 {
                    if k - j < 10 { number = number * 10 + UInt64(bytes[k] - 48) }
                    k += 1
                }
                guard k - j == 10, k == stop || isSpace(bytes[k]) else {
                    throw LoadError(line: line, reason: "an entry starts with a 10-digit social-insurance number")
                }
                var cutoff = Int64.max
                while k < stop, isSpace(bytes[k]) { k += 1 }
                if k < stop {
                    let token = String(decoding: bytes[k..<stop], as: UTF8.self)
                    guard let t = VietnamTime.parse(token) else {
                        throw LoadError(line: line, reason: "'\(token)' is not a date (yyyy-MM-dd) or time")
                    }
                    cutoff = t
                }
                // The broadest entry for a number wins.
                entries[number] = max(entries[number] ?? Int64.min, cutoff)
            }
            i = end + 1
        }
    }

    public init(text: String) throws(LoadError) { try self.init(bytes: Array(text.utf8)) }

    /// How many numbers are listed.
    public var count: Int { entries.count }

    /// Whether a card of this number, signed (or issued) at `issuedAt`, is revoked. A dated
    /// entry also revokes cards whose signing time is unknown.
    public func isRevoked(socialInsuranceNumber sin: String, issuedAt: Int64?) -> Bool {
        guard sin.utf8.count == 10, let n = UInt64(sin), let cutoff = entries[n] else { return false }
        guard cutoff != Int64.max, let issuedAt else { return true }
        return issuedAt < cutoff
    }
}
