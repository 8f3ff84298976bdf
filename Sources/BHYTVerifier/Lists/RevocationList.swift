import BHYTCard

/// Revoked cards (danh sách thẻ thu hồi). The text form: one entry a line, `#` comments; an
/// entry is a 10-digit social-insurance number (mã số BHXH: every card of that number) or a
/// 15-character card code (mã thẻ, e.g. `GD4797924800001`: that card code only, the one way to
/// revoke a pre-2016 card, which has no number), optionally followed by a date or time: it then
/// revokes those cards signed (iat) before then, or all of them without one.
///
/// Held compactly for a national list (10^7 entries in about 80 MB): every entry is packed into
/// a `UInt64` and kept in sorted arrays searched by bisection, not in a hash table.
public struct RevocationList: Sendable {
    /// Keys of entries that revoke every card, sorted, unique.
    var all: [UInt64]
    /// Keys of dated entries (none of them in `all`), sorted, unique; with their cut-offs.
    var datedKeys: [UInt64]
    var datedCutoffs: [Int64]
    /// Pre-2016 codes with letters among their last ten characters (these do not pack): code → cut-off.
    var unpacked: [String: Int64]

    /// An empty list: nothing is revoked.
    public init() {
        all = []
        datedKeys = []
        datedCutoffs = []
        unpacked = [:]
    }

    /// Why a revocation list was refused (a list that half loads would silently revoke less).
    public struct LoadError: Error, Sendable, CustomStringConvertible {
        /// The line at fault (1-based).
        public let line: Int
        /// What is wrong with it.
        public let reason: String
        public var description: String { "revocation list line \(line): \(reason)" }
    }

    /// Reads the text form from UTF-8 bytes.
    public init(bytes: [UInt8]) throws(LoadError) {
        var builder = Builder(expectedBytes: bytes.count)
        try bytes.withUnsafeBufferPointer { (buf) throws(LoadError) in try builder.feed(buf) }
        self = try builder.finish()
    }

    /// Reads the text form (see ``init(bytes:)``).
    package init(text: String) throws(LoadError) { try self.init(bytes: Array(text.utf8)) }

    /// How many entries are listed (numbers and codes, after merging repeats).
    public var count: Int { all.count + datedKeys.count + unpacked.count }

    /// Whether a card of this number, signed (or issued) at `issuedAt`, is revoked. A dated
    /// entry also revokes cards whose signing time is unknown.
    package func isRevoked(socialInsuranceNumber sin: String, issuedAt: Int64?) -> Bool {
        guard let key = Entry.key(Array(sin.utf8)), key < RevocationList.codeTag else { return false }
        return revokes(cutoff(key), issuedAt: issuedAt)
    }

    /// Whether a card with this code, signed (or issued) at `issuedAt`, is revoked: by an entry
    /// for its social-insurance number (10-digit and 2016–2021 codes) or for the code itself.
    public func isRevoked(code: CardCode, issuedAt: Int64?) -> Bool {
        if let sin = code.socialInsuranceNumber, isRevoked(socialInsuranceNumber: sin, issuedAt: issuedAt) { return true }
        guard code.text.utf8.count == 15 else { return false }
        if let key = Entry.key(Array(code.text.utf8)) { return revokes(cutoff(key), issuedAt: issuedAt) }
        return revokes(unpacked[code.text], issuedAt: issuedAt)
    }

    private func revokes(_ cutoff: Int64?, issuedAt: Int64?) -> Bool {
        guard let cutoff else { return false }
        guard cutoff != Int64.max, let issuedAt else { return true }
        return issuedAt < cutoff
    }

    /// The cut-off of a packed key (`Int64.max`: every card), or `nil` when not listed.
    func cutoff(_ key: UInt64) -> Int64? {
        if RevocationList.search(all, key) != nil { return Int64.max }
        return RevocationList.search(datedKeys, key).map { datedCutoffs[$0] }
    }

    static func search(_ a: [UInt64], _ key: UInt64) -> Int? {
        var lo = 0, hi = a.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if a[mid] < key { lo = mid + 1 } else { hi = mid }
        }
        return lo < a.count && a[lo] == key ? lo : nil
    }

    /// Set on the keys of card codes (numbers are below 10^10).
    static let codeTag: UInt64 = 1 << 62
}

extension RevocationList {
    /// One entry of the text form.
    enum Entry {
        /// Whether a key is one ``key(_:)`` can make: a 10-digit number, or a card code's.
        static func isKey(_ k: UInt64) -> Bool {
            if k < 10_000_000_000 { return true }
            guard k & codeTag != 0 else { return false }
            let v = k & ~codeTag
            let digits = v % 10_000_000_000_000
            return v / 10_000_000_000_000 < 676 && (1...7).contains(digits / 1_000_000_000_000)
        }

        /// The packed key of a 10-digit number (itself) or of a 15-character code whose last 13
        /// characters are digits (tag | (letters × 10^13 + digits)); `nil` for anything else.
        static func key(_ text: [UInt8]) -> UInt64? {
            text.withUnsafeBufferPointer { key($0, 0, $0.count) }
        }

        /// The same for `b[start..<end]` (no copy: this runs once a line of a national list).
        static func key(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt64? {
            var n: UInt64 = 0
            switch end - start {
            case 10:
                for i in start..<end {
                    let c = b[i]
                    guard c >= 48, c <= 57 else { return nil }
                    n = n &* 10 &+ UInt64(c &- 48)
                }
                return n
            case 15:
                let a = b[start] & 0xDF, l = b[start + 1] & 0xDF
                guard a >= 65, a <= 90, l >= 65, l <= 90 else { return nil }
                let benefit = b[start + 2]
                guard benefit >= 49, benefit <= 55 else { return nil }
                for i in (start + 2)..<end {
                    let c = b[i]
                    guard c >= 48, c <= 57 else { return nil }
                    n = n &* 10 &+ UInt64(c &- 48)
                }
                return codeTag | (UInt64(a - 65) * 26 + UInt64(l - 65)) * 10_000_000_000_000 + n
            default:
                return nil
            }
        }
    }

    /// Sorts keys in place: a most-significant-digit radix sort, a byte at a time, from the
    /// highest bit any key has (no scratch array: a national list is sorted in its own 80 MB).
    static func sortKeys(_ a: inout [UInt64]) {
        guard a.count > 1, let top = a.max() else { return }
        let bits = 64 - top.leadingZeroBitCount
        a.withUnsafeMutableBufferPointer { buf in
            flagSort(buf.baseAddress!, 0, buf.count, shift: max(0, bits - 8))
        }
    }

    private static func flagSort(_ p: UnsafeMutablePointer<UInt64>, _ lo: Int, _ hi: Int, shift: Int) {
        if hi - lo <= 48 {
            // Insertion sort for small buckets.
            var i = lo + 1
            while i < hi {
                let v = p[i]
                var j = i - 1
                while j >= lo, p[j] > v { p[j + 1] = p[j]; j -= 1 }
                p[j + 1] = v
                i += 1
            }
            return
        }
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 512) { t in
            let end = t.baseAddress!, next = t.baseAddress! + 256
            for b in 0..<256 { end[b] = 0 }
            for i in lo..<hi { end[Int((p[i] >> UInt64(shift)) & 0xFF)] += 1 }
            var s = lo
            for b in 0..<256 {
                next[b] = s
                s += end[b]
                end[b] = s
            }
            // Each key is swapped straight into its bucket (American flag sort).
            for b in 0..<256 {
                while next[b] < end[b] {
                    var v = p[next[b]]
                    var d = Int((v >> UInt64(shift)) & 0xFF)
                    while d != b {
                        let w = p[next[d]]
                        p[next[d]] = v
                        next[d] += 1
                        v = w
                        d = Int((v >> UInt64(shift)) & 0xFF)
                    }
                    p[next[b]] = v
                    next[b] += 1
                }
            }
            guard shift > 0 else { return }
            let lower = max(0, shift - 8)
            var start = lo
            for b in 0..<256 {
                if end[b] - start > 1 { flagSort(p, start, end[b], shift: lower) }
                start = end[b]
            }
        }
    }

    /// Builds a list from text fed in chunks (a file need not be in memory at once).
    package struct Builder: Sendable {
        var all: [UInt64] = []
        var dated: [(key: UInt64, cutoff: Int64)] = []
        var unpacked: [String: Int64] = [:]
        /// The start of a line that continues in the next chunk.
        var carry: [UInt8] = []
        var line = 0

        /// Longest line accepted (an entry, a date and a comment).
        package static let maximumLine = 4096

        /// - Parameter expectedBytes: the text's size, if known, to reserve room once (11 bytes a line at least).
        package init(expectedBytes: Int = 0) {
            all.reserveCapacity(expectedBytes / 11 + 1)
        }

        /// Reads the next chunk of the text.
        package mutating func feed(_ chunk: UnsafeBufferPointer<UInt8>) throws(LoadError) {
            var i = 0
            let n = chunk.count
            if !carry.isEmpty {
                // Finish the line begun in the previous chunk.
                var end = 0
                while end < n, chunk[end] != 0x0A { end += 1 }
                carry.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[0..<end]))
                guard carry.count <= Builder.maximumLine else { throw LoadError(line: line + 1, reason: "a line longer than \(Builder.maximumLine) bytes") }
                guard end < n else { return }
                let whole = carry
                carry = []
                try whole.withUnsafeBufferPointer { (b) throws(LoadError) in try addLine(b, 0, b.count) }
                i = end + 1
            }
            while i < n {
                var end = i
                while end < n, chunk[end] != 0x0A { end += 1 }
                if end == n {
                    guard end - i <= Builder.maximumLine else { throw LoadError(line: line + 1, reason: "a line longer than \(Builder.maximumLine) bytes") }
                    carry.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[i..<end]))
                    return
                }
                try addLine(chunk, i, end)
                i = end + 1
            }
        }

        /// Adds one entry as the signed form's `revoked` array holds it (a line without comment).
        mutating func addEntry(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) throws(LoadError) {
            for k in start..<end where b[k] == 0x0A || b[k] == 0x23 { throw LoadError(line: line + 1, reason: "an entry holds a line break or #") }
            let before = count
            try addLine(b, start, end)
            guard count > before else { throw LoadError(line: line, reason: "an empty entry") }
        }

        /// Entries added so far.
        var count: Int { all.count + dated.count + unpackedAdded }
        var unpackedAdded = 0

        private static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0D }

        mutating func addLine(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) throws(LoadError) {
            line += 1
            guard end - start <= Builder.maximumLine else { throw LoadError(line: line, reason: "a line longer than \(Builder.maximumLine) bytes") }
            var j = start, stop = end
            // A UTF-8 byte-order mark (a list saved by a Windows tool) is skipped.
            if line == 1, end - start >= 3, b[start] == 0xEF, b[start + 1] == 0xBB, b[start + 2] == 0xBF { j += 3 }
            var k = j
            while k < end, b[k] != 0x23 { k += 1 }
            stop = k
            while j < stop, Builder.isSpace(b[j]) { j += 1 }
            while stop > j, Builder.isSpace(b[stop - 1]) { stop -= 1 }
            guard j < stop else { return }
            var t = j
            while t < stop, !Builder.isSpace(b[t]) { t += 1 }
            var cutoff = Int64.max
            var d = t
            while d < stop, Builder.isSpace(b[d]) { d += 1 }
            if d < stop {
                let text = String(decoding: UnsafeBufferPointer(rebasing: b[d..<stop]), as: UTF8.self)
                guard let when = VietnamTime.parse(text) else {
                    throw LoadError(line: line, reason: "'\(text)' is not a date (yyyy-MM-dd) or time")
                }
                cutoff = when
            }
            if let key = Entry.key(b, j, t) {
                if cutoff == Int64.max { all.append(key) } else { dated.append((key, cutoff)) }
            } else if t - j == 15, let code = CardCode(String(decoding: UnsafeBufferPointer(rebasing: b[j..<t]), as: UTF8.self)), code.form == .pre2016 {
                // The broadest entry for a code wins.
                unpacked[code.text] = max(unpacked[code.text] ?? Int64.min, cutoff)
                unpackedAdded += 1
            } else {
                throw LoadError(line: line, reason: "an entry is a 10-digit social-insurance number or a 15-character card code")
            }
        }

        /// The list: sorted, repeats merged (the broadest entry for a key wins).
        package mutating func finish() throws(LoadError) -> RevocationList {
            if !carry.isEmpty {
                let rest = carry
                carry = []
                try rest.withUnsafeBufferPointer { (b) throws(LoadError) in try addLine(b, 0, b.count) }
            }
            var list = RevocationList()
            // A list written in order (the usual case) is not sorted again.
            var sorted = true
            for i in all.indices.dropFirst() where all[i - 1] > all[i] { sorted = false; break }
            if !sorted { RevocationList.sortKeys(&all) }
            var w = 0
            for r in all.indices where w == 0 || all[w - 1] != all[r] {
                all[w] = all[r]
                w += 1
            }
            all.removeLast(all.count - w)
            list.all = all
            all = []
            dated.sort { $0.key < $1.key || ($0.key == $1.key && $0.cutoff > $1.cutoff) }
            for e in dated where (list.datedKeys.last != e.key) && RevocationList.search(list.all, e.key) == nil {
                list.datedKeys.append(e.key)
                list.datedCutoffs.append(e.cutoff)
            }
            dated = []
            list.unpacked = unpacked
            return list
        }
    }
}
