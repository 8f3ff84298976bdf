/// A date on a card: a full calendar date, or a year only (năm sinh) when only
/// the year of birth is known.
///
/// Dates are civil dates with no time zone; where a date must become an instant
/// (the signed card's `nbf`/`exp`), the card's time zone, Vietnam time (UTC+7),
/// is applied by the caller.
public struct CardDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The year, 1…9999.
    public let year: Int
    /// The month 1…12, or `nil` for a year-only date.
    public let month: Int?
    /// The day of the month, or `nil` for a year-only date.
    public let day: Int?

    /// A full date; `nil` when it is not a real calendar date (31/02, month 13, year 0).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              day >= 1, day <= CardDate.daysInMonth(year: year, month: month) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// A date known to be valid (constants in this module).
    init(uncheckedYear year: Int, month: Int?, day: Int?) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// A year-only date (e.g. a birth year); `nil` outside 1…9999.
    public init?(year: Int) {
        guard (1...9999).contains(year) else { return nil }
        self.year = year
        self.month = nil
        self.day = nil
    }

    /// Whether the date has a month and a day.
    package var isFullDate: Bool { month != nil }

    /// Days in a month of the proleptic Gregorian calendar.
    package static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static func isLeapYear(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    /// Days since 1970-01-01 of a full date (a year-only date counts as its 1 January).
    package var daysSinceEpoch: Int {
        // Howard Hinnant's days_from_civil.
        let m = month ?? 1, d = day ?? 1
        let y = m <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (m + 9) % 12
        let doy = (153 * mp + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The full date `days` after 1970-01-01; `nil` outside years 1…9999.
    package init?(daysSinceEpoch days: Int) {
        guard days >= -719_162, days <= 2_932_896 else { return nil }
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)
    }

    /// The first instant of this date in Vietnam time (UTC+7), as seconds since the epoch.
    package var startInVietnam: Int64 { Int64(daysSinceEpoch) * 86_400 - CardDate.vietnamOffsetSeconds }

    /// The last second of this date in Vietnam time (UTC+7), as seconds since the epoch.
    package var endInVietnam: Int64 { startInVietnam + 86_399 }

    /// Vietnam's offset from UTC (giờ Việt Nam, UTC+7), in seconds.
    package static let vietnamOffsetSeconds: Int64 = 7 * 3600

    /// The civil date in Vietnam (UTC+7) at an instant given in seconds since the epoch.
    package init?(vietnamDateAt seconds: Int64) {
        let local = seconds + CardDate.vietnamOffsetSeconds
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        self.init(daysSinceEpoch: Int(days))
    }

    /// `dd/MM/yyyy`, or `yyyy` for a year-only date (the legacy QR and Vietnamese display form).
    package var legacyText: String {
        guard let month, let day else { return pad(year, 4) }
        return "\(pad(day, 2))/\(pad(month, 2))/\(pad(year, 4))"
    }

    /// Appends `yyyy-MM-dd` (or `yyyy`) as ASCII digits, with no String made in between.
    package func appendISO(to out: inout [UInt8]) {
        func digits(_ n: Int, _ width: Int) {
            var d = 1
            for _ in 1..<width { d *= 10 }
            var v = n
            while d > 0 { out.append(48 + UInt8(v / d % 10)); v %= d; d /= 10 }
        }
        digits(year, 4)
        guard let month, let day else { return }
        out.append(UInt8(ascii: "-"))
        digits(month, 2)
        out.append(UInt8(ascii: "-"))
        digits(day, 2)
    }

    /// `yyyy-MM-dd`, or `yyyy` for a year-only date (the JSON form).
    package var isoText: String {
        guard let month, let day else { return pad(year, 4) }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    public var description: String { isoText }

    /// Reads `dd/MM/yyyy` or `yyyy`. Surrounding spaces are the caller's to trim.
    public init?(legacyText s: String) {
        let u = Array(s.utf8)
        if u.count == 4, let y = CardDate.number(u[0..<4]) {
            self.init(year: y)
        } else if u.count == 10, u[2] == UInt8(ascii: "/"), u[5] == UInt8(ascii: "/"),
                  let d = CardDate.number(u[0..<2]), let m = CardDate.number(u[3..<5]), let y = CardDate.number(u[6..<10]) {
            self.init(year: y, month: m, day: d)
        } else {
            return nil
        }
    }

    /// Reads `yyyy-MM-dd` or `yyyy`.
    public init?(isoText s: String) {
        let u = Array(s.utf8)
        if u.count == 4, let y = CardDate.number(u[0..<4]) {
            self.init(year: y)
        } else if u.count == 10, u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-"),
                  let y = CardDate.number(u[0..<4]), let m = CardDate.number(u[5..<7]), let d = CardDate.number(u[8..<10]) {
            self.init(year: y, month: m, day: d)
        } else {
            return nil
        }
    }

    static func number(_ digits: ArraySlice<UInt8>) -> Int? {
        var v = 0
        for c in digits {
            guard c >= 48, c <= 57 else { return nil }
            v = v * 10 + Int(c - 48)
        }
        return v
    }

    public static func < (a: CardDate, b: CardDate) -> Bool {
        (a.year, a.month ?? 0, a.day ?? 0) < (b.year, b.month ?? 0, b.day ?? 0)
    }
}

func pad(_ n: Int, _ width: Int) -> String {
    let s = String(n)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}
