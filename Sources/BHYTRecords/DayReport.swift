import BHYTJSON

/// A day's check-ins counted (báo cáo ngày): the total and the counts by status, reason code,
/// desk and hour (Vietnam time). A repeat scan of the same card is not a check-in.
package struct DayReport: Sendable, Equatable {
    package var day: String
    package var total = 0
    package var byStatus: [String: Int] = [:]
    package var byCode: [String: Int] = [:]
    package var byDesk: [String: Int] = [:]
    /// Staff ID → check-ins it made (`bhyt serve --users`; check-ins without staff are not here).
    package var byStaff: [String: Int] = [:]
    /// Hour of the day (0–23, Vietnam time) → check-ins.
    package var byHour: [Int: Int] = [:]

    package init(day: String) { self.day = day }
}

extension DayReport {
    /// The report as one JSON object (keys sorted, hours as two-digit strings).
    package var jsonText: String {
        var w = JSONWriter()
        w.beginObject()
        w.member("day", day)
        w.member("total", Int64(total))
        for (name, counts) in [("byStatus", byStatus), ("byCode", byCode), ("byDesk", byDesk), ("byStaff", byStaff)] {
            w.key(named: name)
            w.beginObject()
            for (k, n) in counts.sorted(by: { $0.key < $1.key }) {
                w.key(named: k)
                w.int(Int64(n))
            }
            w.endObject()
        }
        w.key("byHour")
        w.beginObject()
        for (h, n) in byHour.sorted(by: { $0.key < $1.key }) {
            w.key(named: h < 10 ? "0\(h)" : "\(h)")
            w.int(Int64(n))
        }
        w.endObject()
        w.endObject()
        return String(decoding: w.bytes, as: UTF8.self)
    }
}
