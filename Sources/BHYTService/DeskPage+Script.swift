extension DeskPage {
    /// The page's behaviour: the field keeps the focus; Enter posts the text to `/v1/verify`;
    /// a chosen, dropped or pasted picture (or camera frames) is posted as an image; the verdict
    /// is shown large and cleared after a minute idle; today's counts come from `/v1/status`.
    static let script = #"""
"use strict";
(function () {
  // `/?clear=SECONDS` sets how long a verdict stays on screen with nothing new (default a minute).
  const clearParam = Number(new URLSearchParams(location.search).get("clear"));
  const IDLE_MS = clearParam > 0 && clearParam <= 3600 ? clearParam * 1000 : 60000, CAMERA_MS = 900;
  const $ = (id) => document.getElementById(id);
  const qr = $("qr"), verdictBox = $("verdict"), statusEl = $("status"), holder = $("holder"),
        reasons = $("reasons"), ime = $("ime"), counts = $("counts"), fileInput = $("file"),
        drop = $("drop"), cameraButton = $("camera"), video = $("video"), langButton = $("lang");
  let lang = localStorage.getItem("bhyt-lang") === "en" ? "en" : "vi";
  let idleTimer = null, last = null, camera = null, cameraTimer = null, sending = false;
  // A card and a citizen ID (CCCD) scanned one after the other, either order, within a minute,
  // are one check-in: the card is verified with the ID (`{"text": card, "id": cccd}`).
  const PAIR_MS = 60000;
  let pendingCard = null, pendingId = null;
  const isCCCD = (text) => /^[ \t]*[0-9]{12}\|/.test(text);

  const T = {
    vi: { valid: "✔ HỢP LỆ", invalid: "✘ KHÔNG HỢP LỆ", unverified: "? CHƯA XÁC THỰC", unreadable: "⟳ KHÔNG ĐỌC ĐƯỢC — quét lại / chụp lại",
          tryAgain: "Đưa mã QR gần hơn, đủ sáng, không lóa; nếu máy quét gõ sai chữ, tắt Unikey (chuyển sang E). Thẻ chưa bị coi là không hợp lệ.",
          ready: "Sẵn sàng quét thẻ",
          checking: "Đang kiểm tra…", name: "Họ tên", born: "Ngày sinh", sex: "Giới tính", male: "Nam", female: "Nữ",
          code: "Mã thẻ", guardian: "Cha mẹ / người giám hộ (đối chiếu giấy tờ)", valid_: "Giá trị", openEnded: "không thời hạn", benefit: "Mức hưởng", facility: "Nơi ĐK KCB",
          issuer: "Nơi cấp", today: "Hôm nay", error: "Lỗi", token: "Nhập mã truy cập (token) của dịch vụ:", signedIn: "Đăng nhập:",
          ime: "Bộ gõ tiếng Việt (Unikey/VNI) đang bật và đã làm sai dữ liệu quét. Thông tin dưới đây là bản đã sửa lại — hãy tắt bộ gõ (chuyển sang E) rồi quét lại.",
          noCamera: "Không mở được camera", cameraOn: "Tắt camera", cameraOff: "Dùng camera", network: "Không kết nối được dịch vụ",
          BODY_TOO_LARGE: "Ảnh quá lớn (tối đa 4 MB): chụp lại gần hơn hoặc dùng ảnh chụp màn hình", BUSY: "Dịch vụ đang bận: thử lại sau giây lát",
          TIME_LIMIT: "Dịch vụ trả lời quá lâu: thử lại", STOPPING: "Dịch vụ đang khởi động lại: thử lại sau vài giây",
          UNAUTHORIZED: "Sai mã truy cập (token): tải lại trang và nhập lại", BODY_TIMEOUT: "Gửi ảnh quá lâu: kiểm tra mạng rồi thử lại",
          CHECKIN_LOG_FAILED: "Không ghi được sổ tiếp đón: báo quản trị viên", UNSUPPORTED_MEDIA_TYPE: "Chỉ nhận ảnh PNG hoặc JPEG",
          cccdOnly: "CCCD — chưa có thẻ BHYT", personalId: "Số định danh", scanCard: "Quét thẻ BHYT (trong 60 giây) để đối chiếu, hoặc tra cứu thẻ theo số định danh.",
          scanId: "Quét CCCD để đối chiếu", idCheck: "Đối chiếu CCCD", holder_: "đúng chủ thẻ", guardian_: "cha mẹ / người giám hộ ghi trên thẻ trẻ em",
          mismatch_: "KHÔNG KHỚP", differ: { personalId: "số định danh", name: "họ tên", birthDate: "ngày sinh", sex: "giới tính" }, differs: "khác",
          repeat: "↻ QUÉT LẠI — thẻ này đã quét lúc {t}, không tính thêm lượt", retrying: "Không kết nối được dịch vụ. Lần quét vừa rồi được giữ lại và sẽ tự gửi lại; nếu vẫn lỗi, báo quản trị viên.",
          tokenTitle: "Mã truy cập của dịch vụ", tokenHelp: "Nhập mã truy cập (token) do quản trị viên cấp, rồi nhấn Đăng nhập. Không quét thẻ vào ô này.",
          tokenOk: "Đăng nhập", tokenScan: "Đây là nội dung quét thẻ, không phải mã truy cập: nhập mã truy cập bằng bàn phím." },
    en: { valid: "✔ VALID", invalid: "✘ INVALID", unverified: "? UNVERIFIED", unreadable: "⟳ UNREADABLE — scan or photograph again",
          tryAgain: "Bring the QR closer, in good light, without glare; if the scanner types wrong letters, switch Unikey off (to E). The card has not been found invalid.",
          ready: "Ready to scan",
          checking: "Checking…", name: "Name", born: "Born", sex: "Sex", male: "Male", female: "Female",
          code: "Card code", guardian: "Parent or guardian (check their ID)", valid_: "Valid", openEnded: "open-ended", benefit: "Benefit", facility: "Facility",
          issuer: "Issuer", today: "Today", error: "Error", token: "Enter the service's access token:", signedIn: "Signed in:",
          ime: "A Vietnamese input method (Unikey/VNI) is on and changed the scanned text. The details below are the repaired reading — switch it off (to E) and scan again.",
          noCamera: "Cannot open the camera", cameraOn: "Stop the camera", cameraOff: "Use the camera", network: "Cannot reach the service",
          BODY_TOO_LARGE: "The picture is too large (4 MB at most): take it closer, or use a screenshot", BUSY: "The service is busy: try again in a moment",
          TIME_LIMIT: "The service took too long: try again", STOPPING: "The service is restarting: try again in a few seconds",
          UNAUTHORIZED: "Wrong access token: reload the page and enter it again", BODY_TIMEOUT: "The picture took too long to send: check the network and try again",
          CHECKIN_LOG_FAILED: "The check-in log cannot be written: tell the administrator", UNSUPPORTED_MEDIA_TYPE: "Only PNG or JPEG pictures",
          cccdOnly: "Citizen ID — no insurance card yet", personalId: "Personal ID", scanCard: "Scan the insurance card (within 60 s) to compare, or look the card up by the personal ID.",
          scanId: "Scan the citizen ID to compare", idCheck: "ID check", holder_: "the card's holder", guardian_: "the guardian named on the child's card",
          mismatch_: "DOES NOT MATCH", differ: { personalId: "personal ID", name: "name", birthDate: "date of birth", sex: "sex" }, differs: "differ",
          repeat: "↻ REPEAT — this card was scanned at {t}, not counted again", retrying: "Cannot reach the service. The last scan is kept and will be sent again; if it keeps failing, tell the administrator.",
          tokenTitle: "The service's access token", tokenHelp: "Type the access token your administrator gave you, then press Sign in. Do not scan a card into this box.",
          tokenOk: "Sign in", tokenScan: "This is a card scan, not the access token: type the token on the keyboard." },
  };
  const t = (k) => T[lang][k];

  function token() { return sessionStorage.getItem("bhyt-token"); }
  async function call(path, init, retried) {
    init = init || {};
    init.headers = Object.assign({}, init.headers || {});
    const tok = token();
    if (tok) init.headers["Authorization"] = "Bearer " + tok;
    const sep = path.includes("?") ? "&" : "?";
    const res = await fetch(path + sep + "lang=" + lang, init);
    if (res.status === 401 && !retried) {
      const entered = await askToken();
      if (entered) { sessionStorage.setItem("bhyt-token", entered); return call(path, init, true); }
    }
    return res;
  }

  // The token is asked in a dialog of the page's own (not window.prompt): a card scanned into it
  // is refused as a token (it looks like card text), and the field takes the focus back after.
  const looksLikeScan = (s) => /\|/.test(s) || /^\s*bhxh1:/i.test(s) || /^[0-9]{12,}$/.test(s.trim());
  let tokenAsk = null;
  function askToken() {
    if (tokenAsk) return tokenAsk;
    const dialog = $("token-dialog"), input = $("token-input"), note = $("token-note");
    $("token-title").textContent = t("tokenTitle"); $("token-help").textContent = t("tokenHelp"); $("token-ok").textContent = t("tokenOk");
    note.textContent = ""; input.value = "";
    tokenAsk = new Promise((resolve) => {
      const form = $("token-form");
      const done = (value) => { form.onsubmit = null; dialog.onclose = null; if (dialog.open) dialog.close(); tokenAsk = null; focusField(); resolve(value); };
      form.onsubmit = (e) => {
        e.preventDefault();
        const value = input.value.trim();
        if (!value) return;
        if (looksLikeScan(value)) { note.textContent = t("tokenScan"); input.value = ""; return; }
        done(value);
      };
      dialog.onclose = () => done(null);
      dialog.showModal(); input.focus();
    });
    return tokenAsk;
  }

  // The field takes the focus back whatever was clicked, the camera open or not: a wedge
  // scanner's keystrokes (and its Enter) must never land on a button.
  function focusField() { if (document.activeElement !== qr) qr.focus({ preventScroll: true }); }
  function dmy(iso) {
    if (!iso) return "";
    const p = iso.split("-");
    return p.length === 3 ? p[2] + "/" + p[1] + "/" + p[0] : iso;
  }
  function facility(code) { return code && code.length === 5 ? code.slice(0, 2) + " - " + code.slice(2) : (code || ""); }
  function row(label, value, cls) {
    const dt = document.createElement("dt"); dt.textContent = label;
    const dd = document.createElement("dd"); dd.textContent = value; if (cls) dd.className = cls;
    holder.append(dt, dd);
  }

  function showIdle() {
    verdictBox.className = "idle"; statusEl.textContent = t("ready");
    holder.replaceChildren(); reasons.replaceChildren(); ime.hidden = true; last = null;
  }
  function armIdle() { clearTimeout(idleTimer); idleTimer = setTimeout(showIdle, IDLE_MS); }

  function showError(message) {
    verdictBox.className = "unverified"; statusEl.textContent = t("error");
    holder.replaceChildren(); ime.hidden = true;
    const li = document.createElement("li"); li.className = "warning"; li.textContent = message;
    reasons.replaceChildren(li); last = null; armIdle();
  }

  function showVerdict(v) {
    last = v;
    verdictBox.className = v.status; verdictBox.dataset.status = v.status;
    statusEl.textContent = v.person ? t("cccdOnly") : t(v.status);
    holder.replaceChildren();
    const c = v.card, p = v.person, id = v.identity;
    if (id) {
      const f = id.fields || {};
      const which = Object.keys(T[lang].differ).filter((k) => f[k] === "different").map((k) => T[lang].differ[k]);
      row(t("idCheck"), id.match === "mismatch" ? t("mismatch_") + (which.length ? " (" + which.join(", ") + " " + t("differs") + ")" : "") : t(id.match + "_"),
          "identity " + id.match);
    }
    if (p) {
      row(t("name"), p.fullName, "name");
      row(t("born"), dmy(p.birthDate));
      row(t("sex"), p.sex === "female" ? t("female") : t("male"));
      if (p.personalId) row(t("personalId"), p.personalId);
    }
    if (c) {
      row(t("name"), c.fullName, "name");
      row(t("born"), dmy(c.birthDate));
      row(t("code"), c.code);
      row(t("sex"), c.sex === "female" ? t("female") : t("male"));
      row(t("valid_"), dmy(c.validFrom) + " – " + (c.validTo ? dmy(c.validTo) : t("openEnded")));
      if (c.benefitLevel) row(t("benefit"), c.benefitLevel + (c.benefitPercent ? " (" + c.benefitPercent + "%)" : ""));
      row(t("facility"), facility(c.registeredFacility));
      if (v.iss) row(t("issuer"), v.iss);
      if (c.guardianName) row(t("guardian"), c.guardianName, "guardian");
    }
    reasons.replaceChildren();
    // What to do next: after a citizen ID alone, the card; after a card that can be used, the ID
    // (after the reasons, which come first).
    const next = p ? t("scanCard") : (c && !id && v.status !== "invalid" ? t("scanId") : null);
    if (v.status === "unreadable" && !p) {
      const li = document.createElement("li"); li.className = "retry"; li.textContent = "→ " + t("tryAgain"); reasons.append(li);
    }
    let mangled = null;
    for (const r of v.reasons || []) {
      // A repaired input method's mangling is the banner above, not a line here.
      if (r.code === "IME_MANGLED" && r.severity === "warning") { mangled = r; continue; }
      if (r.code === "IME_MANGLED") mangled = r;
      const li = document.createElement("li");
      li.className = r.severity;
      li.textContent = (v.status === "unreadable" ? "⟳ " : r.severity === "error" ? "✘ " : "! ") + r.message + (r.detail ? " (" + r.detail + ")" : "");
      const code = document.createElement("code"); code.textContent = r.code; li.append(code);
      reasons.append(li);
    }
    if (next) { const li = document.createElement("li"); li.className = "next"; li.textContent = "→ " + next; reasons.append(li); }
    ime.hidden = !mangled;
    if (mangled) ime.textContent = "⚠ " + t("ime") + (mangled.detail ? " [" + mangled.detail + "]" : "");
    armIdle();
  }

  async function answer(res) {
    let body = null;
    try { body = await res.json(); } catch (e) { body = null; }
    if (res.ok && body && body.status) { showVerdict(body); refreshCounts(); return body; }
    // The receptionist's words for the service's own codes (in the page's language); the API's
    // message (for developers) otherwise.
    const e = body && body.error;
    showError(e ? (t(e.code) || e.message) + " [" + e.code + "]" : t("error") + " " + res.status);
    return null;
  }

  async function verifyText(text) {
    verdictBox.className = "busy"; statusEl.textContent = t("checking");
    const now = Date.now(), recent = (x) => x && now - x.at >= 0 && now - x.at < PAIR_MS;
    const request = { text };
    if (isCCCD(text)) {
      if (recent(pendingCard)) { request.text = pendingCard.text; request.id = text; }
    } else if (recent(pendingId)) {
      request.id = pendingId.text;
    }
    send(request, text, now, 0);
  }

  // One scan sent; when the service cannot be reached the scan is kept and sent again (every
  // 3 s, up to 20 times) unless another scan comes first.
  let retryTimer = null;
  async function send(request, text, now, attempt) {
    clearTimeout(retryTimer);
    try {
      const res = await call("/v1/verify", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(request) });
      // The check-in could not be written (the service says so with 503 CHECKIN_LOG_FAILED): the
      // scan is kept and resent, like a scan the service could not be reached for.
      if (res.status === 503 && (await res.clone().json().catch(() => null))?.error?.code === "CHECKIN_LOG_FAILED") {
        throw new Error("CHECKIN_LOG_FAILED");
      }
      const v = await answer(res);
      if (v) markRepeat(res);
      if (v && v.person) { pendingId = { text, at: now }; pendingCard = null; }
      else if (v && v.card) { pendingCard = request.id && v.identity ? null : { text: request.text, at: now }; pendingId = null; }
      // A verdict after an outage: the banner says how the service is now.
      if (healthReasons.length) checkHealth();
    } catch (e) {
      showError(t("retrying"));
      checkHealth();
      if (attempt < 20) retryTimer = setTimeout(() => send(request, text, now, attempt + 1), 3000);
    }
  }

  // The same card again within the repeat window: marked, as the terminal desk does.
  function markRepeat(res) {
    const first = Number(res.headers.get("BHYT-Repeat-Of"));
    if (!first) return;
    const at = new Date(first * 1000).toLocaleTimeString(lang === "vi" ? "vi-VN" : "en-GB", { timeZone: "Asia/Ho_Chi_Minh" });
    const li = document.createElement("li"); li.className = "repeat"; li.textContent = t("repeat").replace("{t}", at);
    reasons.prepend(li);
  }

  async function verifyImage(blob, quiet) {
    let type = blob.type;
    if (type !== "image/png" && type !== "image/jpeg") {
      const head = new Uint8Array(await blob.slice(0, 4).arrayBuffer());
      type = head[0] === 0x89 && head[1] === 0x50 ? "image/png" : "image/jpeg";
    }
    if (!quiet) { verdictBox.className = "busy"; statusEl.textContent = t("checking"); }
    try {
      const res = await call("/v1/verify", { method: "POST", headers: { "Content-Type": type }, body: blob });
      if (quiet) {
        const body = res.ok ? await res.json() : null;
        if (body && body.format !== "unknown") { showVerdict(body); refreshCounts(); return true; }
        return false;
      }
      if (await answer(res)) markRepeat(res);
    } catch (e) { if (!quiet) showError(t("network")); checkHealth(); }
    return false;
  }

  async function refreshCounts() {
    try {
      const res = await call("/v1/status", {});
      if (!res.ok) return;
      const s = await res.json();
      const d = s.today || {};
      // Who the token names (bhyt serve --users): shown, as text, beside the counts.
      const who = document.getElementById("who");
      if (s.staff && s.staff.name) {
        who.textContent = t("signedIn") + " " + s.staff.name + " (" + s.staff.staffId + ")";
        who.hidden = false;
      } else {
        who.hidden = true;
      }
      counts.innerHTML = "";
      counts.append(t("today") + ": ");
      for (const k of ["valid", "invalid", "unverified"]) {
        const span = document.createElement("span"); span.className = "c-" + k;
        const b = document.createElement("b"); b.textContent = d[k] || 0;
        span.append(T[lang][k].replace(/^. /, "").toLowerCase() + " ", b);
        counts.append(span, k === "unverified" ? "" : " · ");
      }
    } catch (e) { /* the next verdict tries again */ }
  }

  // The service's health (/healthz, no token): a degraded state is shown above the verdict with
  // what to do, and the scan field keeps working (a scan the service cannot take is resent).
  const HEALTH = {
    vi: { LISTS_RELOAD_FAILED: "Không nạp được danh sách mới; danh sách cũ vẫn được dùng. Báo quản trị viên kiểm tra tệp danh sách.",
          TRUST_LIST_STALE: "Danh sách tin cậy đã lâu chưa được cập nhật. Báo quản trị viên: kiểm tra kết nối tới máy chủ danh sách (bhyt-lists-sync).",
          TRUST_LIST_EXPIRED: "Danh sách tin cậy đã hết hạn: không thẻ có chữ ký nào được xác nhận HỢP LỆ. Báo quản trị viên ngay: kiểm tra kết nối tới máy chủ danh sách.",
          REVOCATION_LIST_STALE: "Danh sách thẻ thu hồi đã lâu chưa được cập nhật. Báo quản trị viên: kiểm tra kết nối tới máy chủ danh sách.",
          REVOCATION_LIST_EXPIRED: "Danh sách thẻ thu hồi đã hết hạn: thẻ mới bị thu hồi có thể chưa được phát hiện. Báo quản trị viên.",
          CHECKIN_WRITE_FAILED: "Không ghi được lượt tiếp đón vào sổ: báo quản trị viên (ổ đĩa hoặc cơ sở dữ liệu); trong lúc chờ, ghi tay các lượt tiếp đón.",
          RECORDS_SPOOLED: "Không kết nối được máy chủ sổ tiếp đón: các lượt tiếp đón được giữ tại máy này và tự gửi đi khi có kết nối.",
          unreachable: "Không kết nối được dịch vụ kiểm tra thẻ: kiểm tra kết nối tới máy chủ (cáp mạng, Wi-Fi) rồi báo quản trị viên. Lần quét chưa gửi được sẽ tự gửi lại." },
    en: { LISTS_RELOAD_FAILED: "The new lists could not be loaded; the previous lists are still in use. Ask the administrator to check the list files.",
          TRUST_LIST_STALE: "The trust list has not been updated for too long. Ask the administrator to check the connection to the list server (bhyt-lists-sync).",
          TRUST_LIST_EXPIRED: "The trust list has expired: no signed card can be confirmed VALID. Tell the administrator now: check the connection to the list server.",
          REVOCATION_LIST_STALE: "The revocation list has not been updated for too long. Ask the administrator to check the connection to the list server.",
          REVOCATION_LIST_EXPIRED: "The revocation list has expired: a recently revoked card may not be caught. Tell the administrator.",
          CHECKIN_WRITE_FAILED: "Check-ins cannot be written to the records: tell the administrator (disk or database); meanwhile, note check-ins by hand.",
          RECORDS_SPOOLED: "The records server cannot be reached: check-ins are kept on this machine and sent on when it can be reached.",
          unreachable: "The card check service cannot be reached: check the connection to the server (network cable, Wi-Fi), then tell the administrator. A scan not yet sent is resent by itself." },
  };
  const SEVERE = ["TRUST_LIST_EXPIRED", "CHECKIN_WRITE_FAILED", "unreachable"];
  let healthReasons = [];
  function showHealth() {
    const box = $("outage");
    box.replaceChildren(...healthReasons.map((r) => { const p = document.createElement("p"); p.textContent = HEALTH[lang][r] || r; return p; }));
    box.hidden = healthReasons.length === 0;
    box.className = healthReasons.some((r) => SEVERE.includes(r)) ? "severe" : "";
    box.dataset.reasons = healthReasons.join(" ");
  }
  async function checkHealth() {
    try {
      const res = await fetch("/healthz", { cache: "no-store" });
      const body = await res.json();
      healthReasons = Array.isArray(body.reasons) ? body.reasons.filter((r) => typeof r === "string") : [];
    } catch (e) { healthReasons = ["unreachable"]; }
    showHealth();
  }
  setInterval(() => { if (!document.hidden) checkHealth(); }, 15000);

  function applyLanguage() {
    document.documentElement.lang = lang;
    document.title = lang === "vi" ? "Kiểm tra thẻ BHYT — quầy tiếp đón" : "BHYT card check — front desk";
    for (const el of document.querySelectorAll("[data-vi]")) el.textContent = el.dataset[lang];
    langButton.textContent = lang === "vi" ? "EN" : "VI";
    cameraButton.textContent = camera ? t("cameraOn") : t("cameraOff");
    if (last) showVerdict(last); else if (verdictBox.className === "idle") statusEl.textContent = t("ready");
    refreshCounts();
    checkHealth();
  }

  async function startCamera() {
    try {
      camera = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment", width: { ideal: 1280 } }, audio: false });
    } catch (e) { camera = null; showError(t("noCamera")); focusField(); return; }
    video.srcObject = camera; video.hidden = false; await video.play();
    cameraButton.textContent = t("cameraOn"); focusField();
    const canvas = document.createElement("canvas");
    const tick = async () => {
      if (!camera) return;
      if (!sending && video.videoWidth) {
        const scale = Math.min(1, 1280 / video.videoWidth);
        canvas.width = Math.round(video.videoWidth * scale); canvas.height = Math.round(video.videoHeight * scale);
        canvas.getContext("2d").drawImage(video, 0, 0, canvas.width, canvas.height);
        sending = true;
        const blob = await new Promise((r) => canvas.toBlob(r, "image/jpeg", 0.85));
        const found = blob ? await verifyImage(blob, true) : false;
        sending = false;
        if (found) { stopCamera(); return; }
      }
      cameraTimer = setTimeout(tick, CAMERA_MS);
    };
    tick();
  }
  function stopCamera() {
    clearTimeout(cameraTimer);
    if (camera) for (const track of camera.getTracks()) track.stop();
    camera = null; video.hidden = true; video.srcObject = null;
    cameraButton.textContent = t("cameraOff"); focusField();
  }

  // Some scanners end with Tab instead of Enter: the same, and the focus stays.
  qr.addEventListener("keydown", (e) => {
    if (e.key === "Tab" && qr.value.trim() !== "") { e.preventDefault(); $("scan").requestSubmit(); }
  });
  $("scan").addEventListener("submit", (e) => {
    e.preventDefault();
    const text = qr.value;
    qr.value = "";
    if (text.trim() !== "") verifyText(text);
    focusField();
  });
  fileInput.addEventListener("change", () => {
    const f = fileInput.files && fileInput.files[0];
    if (f) verifyImage(f, false);
    fileInput.value = "";
    focusField();
  });
  for (const ev of ["dragenter", "dragover"]) document.addEventListener(ev, (e) => { e.preventDefault(); drop.classList.add("over"); });
  document.addEventListener("dragleave", (e) => { if (!e.relatedTarget) drop.classList.remove("over"); });
  document.addEventListener("drop", (e) => {
    e.preventDefault(); drop.classList.remove("over");
    const f = e.dataTransfer && e.dataTransfer.files && e.dataTransfer.files[0];
    if (f) verifyImage(f, false);
    focusField();
  });
  document.addEventListener("paste", (e) => {
    const items = (e.clipboardData && e.clipboardData.items) || [];
    for (const item of items) {
      if (item.kind === "file" && item.type.startsWith("image/")) { e.preventDefault(); verifyImage(item.getAsFile(), false); return; }
    }
  });
  cameraButton.addEventListener("click", () => { if (camera) stopCamera(); else startCamera(); focusField(); });
  langButton.addEventListener("click", () => {
    lang = lang === "vi" ? "en" : "vi"; localStorage.setItem("bhyt-lang", lang); applyLanguage(); focusField();
  });
  // The field always has the focus: a scanner's keystrokes must never land elsewhere.
  qr.addEventListener("blur", () => setTimeout(() => {
    const a = document.activeElement;
    if (!a || a === document.body) focusField();
  }, 150));
  document.addEventListener("click", (e) => { if (!e.target.closest("button,input,label,video")) focusField(); });
  window.addEventListener("focus", focusField);
  document.addEventListener("visibilitychange", () => { if (!document.hidden) { focusField(); refreshCounts(); } });
  setInterval(() => { if (!document.hidden && !camera && document.activeElement === document.body) focusField(); }, 1000);
  applyLanguage();
  showIdle();
  focusField();
})();
"""#
}
