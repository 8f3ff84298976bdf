import Hummingbird

/// The day report page (trang báo cáo ngày) at `/report`: the day's check-ins counted, from
/// `GET /v1/report`, with the chart the service draws (`GET /v1/report/chart.svg`, shown as an
/// image: an SVG loaded so runs no script). It uses the token the desk page's sign-in keeps for
/// the browser tab. Every text from the records (desks, staff, codes) is set as text, never as
/// markup. Vietnamese first; the desk page's language choice carries over.
enum ReportPage {
    static func response(_ asset: DeskPage.Asset) -> Response {
        switch asset {
        case .html: return DeskPage.response("text/html; charset=utf-8", html)
        case .script: return DeskPage.response("text/javascript; charset=utf-8", script)
        case .style: return DeskPage.response(.style)
        }
    }

    static let html = #"""
<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Báo cáo tiếp đón — BHYT</title>
<link rel="stylesheet" href="/desk.css">
<script src="/report.js" defer></script>
</head>
<body class="report">
<header>
  <h1 id="title">Báo cáo tiếp đón</h1>
  <a id="back" href="/">Về trang quầy</a>
</header>
<main class="report">
  <form id="pick" autocomplete="off">
    <label for="day" id="day-label">Ngày</label>
    <input id="day" name="day" type="date">
    <button type="submit" id="show">Xem</button>
  </form>
  <p id="message" role="status"></p>
  <section id="summary" hidden>
    <p id="total"></p>
    <img id="chart" alt="" width="760" height="320">
    <div class="tables">
      <table id="by-status"><caption></caption><tbody></tbody></table>
      <table id="by-desk"><caption></caption><tbody></tbody></table>
      <table id="by-code"><caption></caption><tbody></tbody></table>
      <table id="by-staff"><caption></caption><tbody></tbody></table>
    </div>
  </section>
</main>
</body>
</html>
"""#

    static let script = #"""
"use strict";
(() => {
  const $ = (id) => document.getElementById(id);
  const lang = localStorage.getItem("bhyt-lang") === "en" ? "en" : "vi";
  const T = {
    vi: { title: "Báo cáo tiếp đón", back: "Về trang quầy", day: "Ngày", show: "Xem", total: "Tổng số lượt tiếp đón",
          byStatus: "Theo kết quả", byDesk: "Theo quầy", byCode: "Theo mã lý do", byStaff: "Theo nhân viên",
          valid: "Hợp lệ", invalid: "Không hợp lệ", unverified: "Chưa xác thực", unreadable: "Không đọc được",
          chart: "Biểu đồ lượt tiếp đón theo giờ", loading: "Đang tải…", none: "Không có lượt nào.",
          signIn: "Chưa đăng nhập: mở trang quầy, nhập mã truy cập, rồi quay lại trang này.",
          noRecords: "Dịch vụ này không lưu sổ tiếp đón (--records none).", failed: "Không tải được báo cáo: " },
    en: { title: "Check-in report", back: "Back to the desk", day: "Day", show: "Show", total: "Check-ins in all",
          byStatus: "By verdict", byDesk: "By desk", byCode: "By reason code", byStaff: "By staff member",
          valid: "Valid", invalid: "Invalid", unverified: "Unverified", unreadable: "Unreadable",
          chart: "Check-ins by hour", loading: "Loading…", none: "No check-ins.",
          signIn: "Not signed in: open the desk page, enter the access token, then come back to this page.",
          noRecords: "This service keeps no check-in records (--records none).", failed: "The report could not be loaded: " },
  }[lang];
  document.documentElement.lang = lang;
  $("title").textContent = T.title; $("back").textContent = T.back; $("day-label").textContent = T.day; $("show").textContent = T.show;
  document.title = T.title + " — BHYT";
  const headers = () => {
    const tok = sessionStorage.getItem("bhyt-token");
    return tok ? { "Authorization": "Bearer " + tok } : {};
  };
  let chartURL = null;
  function table(id, caption, counts, label) {
    const t = $(id), body = t.tBodies[0];
    t.caption.textContent = caption;
    body.replaceChildren();
    const keys = Object.keys(counts).sort((a, b) => counts[b] - counts[a] || (a < b ? -1 : 1));
    t.hidden = keys.length === 0;
    for (const k of keys) {
      const row = body.insertRow(), name = row.insertCell(), n = row.insertCell();
      name.textContent = label ? label(k) : k;
      n.textContent = String(counts[k]);
      n.className = "n";
    }
  }
  async function show(day) {
    $("message").textContent = T.loading;
    $("summary").hidden = true;
    const q = "?day=" + encodeURIComponent(day);
    let r;
    try {
      r = await fetch("/v1/report" + q, { headers: headers() });
    } catch (e) {
      $("message").textContent = T.failed + e; return;
    }
    if (r.status === 401) { $("message").textContent = T.signIn; return; }
    if (r.status === 404) { $("message").textContent = T.noRecords; return; }
    if (!r.ok) { $("message").textContent = T.failed + r.status; return; }
    const report = await r.json();
    $("total").textContent = T.total + ": " + report.total;
    table("by-status", T.byStatus, report.byStatus, (k) => T[k] || k);
    table("by-desk", T.byDesk, report.byDesk);
    table("by-code", T.byCode, report.byCode);
    table("by-staff", T.byStaff, report.byStaff);
    const svg = await fetch("/v1/report/chart.svg" + q + "&lang=" + lang, { headers: headers() });
    if (svg.ok) {
      if (chartURL) URL.revokeObjectURL(chartURL);
      chartURL = URL.createObjectURL(await svg.blob());
      $("chart").src = chartURL;
      $("chart").alt = T.chart + " — " + day;
    }
    $("message").textContent = report.total === 0 ? T.none : "";
    $("summary").hidden = false;
  }
  const params = new URLSearchParams(location.search);
  const today = new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 10);
  const day = /^\d{4}-\d{2}-\d{2}$/.test(params.get("day") || "") ? params.get("day") : today;
  $("day").value = day;
  $("pick").addEventListener("submit", (e) => {
    e.preventDefault();
    const d = $("day").value;
    history.replaceState(null, "", "/report?day=" + encodeURIComponent(d));
    show(d);
  });
  show(day);
})();
"""#
}
