/// Instants as BHYTKit reads and shows them: seconds since the epoch, with civil
/// times in Vietnam time (giờ Việt Nam, UTC+7) unless an offset is given.
package enum VietnamTime {
    /// Parses `yyyy-MM-dd` (00:00 Vietnam time), `yyyy-MM-ddTHH:mm[:ss]` (Vietnam time),
    /// the same with `Z` or `±HH:MM`, `dd/MM/yyyy`, or plain epoch seconds (`@1700000000`
    /// or `1700000000`). `nil` when it is none of these.
    package static func parse(_ text: String) -> Int64? {
        let s = text.trimmingSpaces
        let digitsOnly = s.hasPrefix("@") ? String(s.dropFirst()) : s
        if !digitsOnly.isEmpty, digitsOnly.utf8.allSatisfy(isDigit), digitsOnly.utf8.count >= 9 { return Int64(digitsOnly) }
        if let d = CardDate(legacyText: s), d.isFullDate { return d.startInVietnam }
        let u = Array(s.utf8)
        guard u.count >= 10, let date = CardDate(isoText: String(decoding: u[0..<10], as: UTF8.self)), date.isFullDate else { return nil }
        if u.count == 10 { return date.startInVietnam }
        guard u[10] == UInt8(ascii: "T") || u[10] == UInt8(ascii: " "), u.count >= 16, u[13] == UInt8(ascii: ":"),
              let hh = CardDate.number(u[11..<13]), let mm = CardDate.number(u[14..<16]), hh < 24, mm < 60 else { return nil }
        var i = 16
        var ss = 0
        if i < u.count, u[i] == UInt8(ascii: ":") {
            guard u.count >= 19, let sec = CardDate.number(u[17..<19]), sec < 60 else { return nil }
            ss = sec
            i = 19
        }
        var offset = vietnamOffset
        if i < u.count {
            if u[i] == UInt8(ascii: "Z"), i + 1 == u.count {
                offset = 0
            } else if u[i] == UInt8(ascii: "+") || u[i] == UInt8(ascii: "-"), u.count == i + 6, u[i + 3] == UInt8(ascii: ":"),
                      let oh = CardDate.number(u[(i + 1)..<(i + 3)]), let om = CardDate.number(u[(i + 4)..<(i + 6)]) {
                offset = Int64(oh * 3600 + om * 60) * (u[i] == UInt8(ascii: "-") ? -1 : 1)
            } else {
                return nil
            }
        }
        return Int64(date.daysSinceEpoch) * 86_400 + Int64(hh * 3600 + mm * 60 + ss) - offset
    }

    static let vietnamOffset = CardDate.vietnamOffsetSeconds

    /// `dd/MM/yyyy HH:mm:ss` in Vietnam time.
    package static func format(_ seconds: Int64) -> String {
        let local = seconds + vietnamOffset
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        let rest = Int(local - days * 86_400)
        let date = CardDate(daysSinceEpoch: Int(days))?.legacyText ?? "?"
        return "\(date) \(pad(rest / 3600, 2)):\(pad(rest / 60 % 60, 2)):\(pad(rest % 60, 2))"
    }
}
