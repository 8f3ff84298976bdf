import BHYTCard
import BHYTRecords

/// The day report's chart (biểu đồ lượt tiếp đón theo giờ), drawn by the service as SVG: one
/// bar an hour (Vietnam time) with its count, nothing fetched from elsewhere, no script. Every
/// text in it is escaped for XML (the day is checked before; counts are numbers).
enum ReportChart {
    static func svg(_ report: DayReport, language: Language) -> String {
        let vi = language == .vi
        let width = 760.0, height = 320.0, left = 48.0, right = 16.0, top = 44.0, bottom = 44.0
        let plotW = width - left - right, plotH = height - top - bottom
        let top1 = max(1, report.byHour.values.max() ?? 0)
        let step = niceStep(top1)
        let yMax = Double(((top1 + step - 1) / step) * step)
        let barW = plotW / 24
        var s = ##"<svg xmlns="http://www.w3.org/2000/svg" width="\##(Int(width))" height="\##(Int(height))" viewBox="0 0 \##(Int(width)) \##(Int(height))" font-family="DejaVu Sans, sans-serif" font-size="12" role="img">"##
        let title = (vi ? "Lượt tiếp đón theo giờ, ngày " : "Check-ins by hour, ") + report.day + (vi ? " — tổng \(report.total)" : " — total \(report.total)")
        s += "<title>\(escape(title))</title>"
        s += ##"<rect width="100%" height="100%" fill="#ffffff"/>"##
        s += ##"<text x="\##(left)" y="24" font-size="15" font-weight="bold" fill="#1a1a1a">\##(escape(title))</text>"##
        // Grid lines and the counts' scale.
        var tick = 0
        while Double(tick) <= yMax {
            let y = top + plotH - Double(tick) / yMax * plotH
            s += ##"<line x1="\##(left)" y1="\##(r(y))" x2="\##(width - right)" y2="\##(r(y))" stroke="#dddddd"/>"##
            s += ##"<text x="\##(left - 6)" y="\##(r(y + 4))" text-anchor="end" fill="#555555">\##(tick)</text>"##
            tick += step
        }
        for hour in 0..<24 {
            let x = left + Double(hour) * barW
            let n = report.byHour[hour, default: 0]
            if n > 0 {
                let h = Double(n) / yMax * plotH
                s += ##"<rect x="\##(r(x + 3))" y="\##(r(top + plotH - h))" width="\##(r(barW - 6))" height="\##(r(h))" fill="#1f5fa8"><title>\##(hour):00 — \##(n)</title></rect>"##
                s += ##"<text x="\##(r(x + barW / 2))" y="\##(r(top + plotH - h - 4))" text-anchor="middle" fill="#1a1a1a">\##(n)</text>"##
            }
            s += ##"<text x="\##(r(x + barW / 2))" y="\##(r(top + plotH + 16))" text-anchor="middle" fill="#555555">\##(hour < 10 ? "0\(hour)" : "\(hour)")</text>"##
        }
        s += ##"<line x1="\##(left)" y1="\##(r(top + plotH))" x2="\##(width - right)" y2="\##(r(top + plotH))" stroke="#333333"/>"##
        s += ##"<text x="\##(r(left + plotW / 2))" y="\##(r(height - 8))" text-anchor="middle" fill="#333333">\##(vi ? "Giờ (giờ Việt Nam)" : "Hour (Vietnam time)")</text>"##
        s += "</svg>"
        return s
    }

    /// A step of 1, 2 or 5 × 10ⁿ that gives at most about six lines.
    static func niceStep(_ top: Int) -> Int {
        var base = 1
        while true {
            for m in [1, 2, 5] where top <= m * base * 6 { return m * base }
            base *= 10
        }
    }

    static func r(_ v: Double) -> String {
        let tenths = Int((v * 10).rounded())
        return "\(tenths / 10).\(abs(tenths % 10))"
    }

    /// Text escaped for XML content and attributes.
    static func escape(_ text: String) -> String {
        var out = ""
        for c in text.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}
