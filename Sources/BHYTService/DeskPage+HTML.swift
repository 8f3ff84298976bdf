extension DeskPage {
    /// The page's markup: Vietnamese first; desk.js swaps the texts for English (`data-en`).
    static let html = #"""
<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Kiểm tra thẻ BHYT — quầy tiếp đón</title>
<link rel="stylesheet" href="/desk.css">
<script src="/desk.js" defer></script>
</head>
<body>
<header>
  <h1 data-vi="Kiểm tra thẻ BHYT" data-en="BHYT card check">Kiểm tra thẻ BHYT</h1>
  <div id="counts" aria-live="polite"></div>
  <div id="who" hidden></div>
  <a id="report-link" href="/report" data-vi="Báo cáo" data-en="Report">Báo cáo</a>
  <button type="button" id="lang" title="English / Tiếng Việt">EN</button>
</header>
<div id="outage" role="alert" hidden></div>
<main>
  <form id="scan" autocomplete="off">
    <label for="qr" data-vi="Quét mã QR trên thẻ (hoặc dán nội dung rồi nhấn Enter)" data-en="Scan the card's QR code (or paste its text and press Enter)">Quét mã QR trên thẻ (hoặc dán nội dung rồi nhấn Enter)</label>
    <input id="qr" name="qr" type="text" autofocus spellcheck="false" autocapitalize="off" autocorrect="off" inputmode="text" enterkeyhint="done">
  </form>
  <section id="verdict" class="idle" aria-live="assertive">
    <div id="status" data-vi="Sẵn sàng quét thẻ" data-en="Ready to scan">Sẵn sàng quét thẻ</div>
    <div id="ime" hidden></div>
    <dl id="holder"></dl>
    <ul id="reasons"></ul>
  </section>
  <section id="photo">
    <label id="drop" for="file">
      <span data-vi="Ảnh chụp / ảnh màn hình thẻ: chọn hoặc kéo thả vào đây" data-en="Photo or screenshot of a card: choose or drop it here">Ảnh chụp / ảnh màn hình thẻ: chọn hoặc kéo thả vào đây</span>
      <span class="pick" data-vi="Chọn ảnh…" data-en="Choose a picture…">Chọn ảnh…</span>
      <input id="file" type="file" accept="image/png,image/jpeg">
    </label>
    <button type="button" id="camera" data-vi="Dùng camera" data-en="Use the camera">Dùng camera</button>
    <video id="video" playsinline muted hidden></video>
  </section>
</main>
<dialog id="token-dialog">
  <form id="token-form" method="dialog" autocomplete="off">
    <h2 id="token-title">Mã truy cập của dịch vụ</h2>
    <p id="token-help"></p>
    <input id="token-input" type="password" autocomplete="off" spellcheck="false">
    <p id="token-note" role="alert"></p>
    <button type="submit" id="token-ok">Đăng nhập</button>
  </form>
</dialog>
<footer><span data-vi="Không lưu ảnh. Thẻ cũ (không chữ ký) chỉ có thể CHƯA XÁC THỰC." data-en="Images are not kept. Legacy cards (unsigned) can at best be UNVERIFIED.">Không lưu ảnh. Thẻ cũ (không chữ ký) chỉ có thể CHƯA XÁC THỰC.</span></footer>
</body>
</html>
"""#
}
