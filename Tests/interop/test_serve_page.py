"""The front-desk page in headless Chromium: a scanner types the QR text and Enter; the verdict
shows large in its colour; a photo uploads; the field keeps the focus; English on request."""
import json
import os
import shutil
import time

import pytest
from PIL import Image

from conftest import SAMPLES, run
from serve_helper import Server, legacy, signed

selenium = pytest.importorskip("selenium")
from selenium import webdriver  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(not (CHROMIUM and DRIVER), reason="chromium and chromium-driver (Debian) are needed")

GREEN, RED, AMBER = "rgba(21, 128, 61, 1)", "rgba(185, 28, 28, 1)", "rgba(180, 83, 9, 1)"
ORANGE = "rgba(234, 88, 12, 1)"  # unreadable: scan again (neither red nor the unverified amber)


def open_page(tmp, extra=(), query="", server_args=(), wait_status=True):
    """(driver, server): the desk page at 1366×768 in headless Chromium, against a fresh service."""
    server = Server(tmp, "--log", tmp / "checkin.jsonl", *server_args)
    driver = browser(extra)
    driver.get(f"http://127.0.0.1:{server.port}/{query}")
    if wait_status:
        WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "status").text)
    return driver, server


def browser(extra=()):
    """Headless Chromium at 1366×768, Vietnamese."""
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1366,768",
                "--lang=vi", "--force-device-scale-factor=1", *extra]:
        options.add_argument(arg)
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=DRIVER))
    driver.set_window_size(1366, 768)
    return driver


def load(driver, server):
    """The desk page of `server`, once it shows its status."""
    driver.get(f"http://127.0.0.1:{server.port}/")
    WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "status").text)


@pytest.fixture
def page(tmp):
    driver, server = open_page(tmp)
    with server:
        try:
            yield driver, server
        finally:
            driver.quit()


def scan(driver, text):
    """As a keyboard-wedge scanner does: keystrokes into whatever has the focus, then Enter."""
    before = driver.execute_script("return document.getElementById('verdict').dataset.seq || '0'")
    driver.execute_script("""
        const v = document.getElementById('verdict');
        v.dataset.seq = String(Number(v.dataset.seq || 0) + 1);
        v.dataset.wait = '1';""")
    driver.switch_to.active_element.send_keys(text + Keys.ENTER)
    wait_verdict(driver)
    return before


def wait_verdict(driver):
    WebDriverWait(driver, 15).until(
        lambda d: d.find_element(By.ID, "verdict").get_attribute("class") in ("valid", "invalid", "unverified", "unreadable")
        and d.find_element(By.ID, "status").text not in ("", "Đang kiểm tra…", "Checking…"))


def shown(driver):
    box = driver.find_element(By.ID, "verdict")
    return {
        "class": box.get_attribute("class"),
        "status": driver.find_element(By.ID, "status").text,
        "border": box.value_of_css_property("border-top-color"),
        "holder": driver.find_element(By.ID, "holder").text,
        "reasons": driver.find_element(By.ID, "reasons").text,
        "ime": driver.find_element(By.ID, "ime").is_displayed(),
        "focus": driver.switch_to.active_element.get_attribute("id"),
    }


def reset(driver):
    driver.execute_script("const v=document.getElementById('verdict'); v.className='busy';")


def test_scanner_keystrokes_show_the_verdict_large(page, tmp):
    driver, server = page
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "vi"
    assert driver.switch_to.active_element.get_attribute("id") == "qr"

    scan(driver, signed())
    s = shown(driver)
    assert s["class"] == "valid" and "HỢP LỆ" in s["status"] and s["border"] == GREEN
    assert "Họ tên" in s["holder"] and "Mã thẻ" in s["holder"] and "Mức hưởng" in s["holder"] and "Nơi ĐK KCB" in s["holder"]
    assert s["focus"] == "qr" and driver.find_element(By.ID, "qr").get_attribute("value") == ""
    driver.save_screenshot(str(tmp / "desk-valid.png"))

    reset(driver)
    scan(driver, signed("dn-2016"))
    s = shown(driver)
    assert s["class"] == "invalid" and "KHÔNG HỢP LỆ" in s["status"] and s["border"] == RED
    assert "EXPIRED" in s["reasons"] and "hết hạn" in s["reasons"]
    driver.save_screenshot(str(tmp / "desk-invalid.png"))

    reset(driver)
    scan(driver, legacy("d2021-k1"))
    s = shown(driver)
    assert s["class"] == "unverified" and "CHƯA XÁC THỰC" in s["status"] and s["border"] == AMBER
    assert "LEGACY_UNSIGNED" in s["reasons"]

    counts = driver.find_element(By.ID, "counts").text
    WebDriverWait(driver, 5).until(lambda d: "1" in d.find_element(By.ID, "counts").text)
    assert "Hôm nay" in driver.find_element(By.ID, "counts").text, counts
    # each scan is a check-in in the log
    assert len((tmp / "checkin.jsonl").read_text().splitlines()) == 3
    keep_screenshots(tmp)


def test_ime_mangled_scan_warns_with_the_repaired_reading(page, tmp):
    driver, _ = page
    text = (SAMPLES / "legacy" / "quirks" / "telex-mangled.txt").read_text().rstrip("\r\n")
    scan(driver, text)
    s = shown(driver)
    assert s["ime"] and "Bộ gõ" in driver.find_element(By.ID, "ime").text
    assert "TELEX" in driver.find_element(By.ID, "ime").text and "Họ tên" in s["holder"]
    assert "IME_MANGLED" not in s["reasons"]  # the banner says it once
    driver.save_screenshot(str(tmp / "desk-ime.png"))
    keep_screenshots(tmp)


def test_photo_upload_and_english(page, tmp):
    driver, _ = page
    run("render", "--out", tmp / "card.png", signed("te-2016"), check=0)
    driver.find_element(By.ID, "file").send_keys(str(tmp / "card.png"))
    wait_verdict(driver)
    s = shown(driver)
    assert s["class"] == "valid" and s["border"] == GREEN
    # a child's card: the guardian, whose ID the receptionist checks
    assert "giám hộ" in s["holder"] and "Đỗ Văn Thành" in s["holder"]
    WebDriverWait(driver, 5).until(lambda d: d.switch_to.active_element.get_attribute("id") == "qr")

    driver.find_element(By.ID, "lang").click()
    WebDriverWait(driver, 5).until(lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en")
    assert "VALID" in driver.find_element(By.ID, "status").text
    WebDriverWait(driver, 5).until(lambda d: d.switch_to.active_element.get_attribute("id") == "qr")
    reset(driver)
    scan(driver, signed("dn-2016"))
    assert "expired" in shown(driver)["reasons"]
    driver.save_screenshot(str(tmp / "desk-en.png"))
    keep_screenshots(tmp)


def test_a_blank_photo_or_a_non_card_is_unreadable_not_invalid(page, tmp):
    """What could not be read is shown as "scan again", never as the red of a forged card."""
    driver, _ = page
    Image.new("L", (640, 480), 235).save(tmp / "blank.png")
    driver.find_element(By.ID, "file").send_keys(str(tmp / "blank.png"))
    wait_verdict(driver)
    s = shown(driver)
    assert s["class"] == "unreadable" and s["border"] == ORANGE and s["border"] != RED, s
    assert "KHÔNG ĐỌC ĐƯỢC" in s["status"] and "KHÔNG HỢP LỆ" not in s["status"]
    assert "tắt Unikey" in s["reasons"] and "IMAGE_NO_QR" in s["reasons"]
    driver.save_screenshot(str(tmp / "desk-unreadable.png"))
    WebDriverWait(driver, 5).until(lambda d: d.switch_to.active_element.get_attribute("id") == "qr")
    reset(driver)
    scan(driver, "xin chào")
    s = shown(driver)
    assert s["class"] == "unreadable" and "FORMAT_UNKNOWN" in s["reasons"]
    keep_screenshots(tmp)


def test_a_scan_after_the_camera_fails_is_not_lost(page, tmp):
    """No camera here: the click fails, the field takes the focus back, and the next wedge scan
    and its Enter give a verdict (they do not land on the button and reopen the camera)."""
    driver, _ = page
    driver.find_element(By.ID, "camera").click()
    WebDriverWait(driver, 10).until(lambda d: "camera" in d.find_element(By.ID, "reasons").text)
    WebDriverWait(driver, 5).until(lambda d: d.switch_to.active_element.get_attribute("id") == "qr")
    reset(driver)
    scan(driver, signed())
    s = shown(driver)
    assert s["class"] == "valid" and s["focus"] == "qr"
    assert driver.find_element(By.ID, "video").get_attribute("hidden") is not None


def test_a_picture_too_large_is_explained_in_the_receptionists_words(page, tmp):
    driver, _ = page
    big = tmp / "big.png"
    big.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(5 << 20))  # over the 4 MiB image limit
    driver.find_element(By.ID, "file").send_keys(str(big))
    WebDriverWait(driver, 15).until(lambda d: "BODY_TOO_LARGE" in d.find_element(By.ID, "reasons").text)
    assert "Ảnh quá lớn" in driver.find_element(By.ID, "reasons").text
    assert driver.find_element(By.ID, "status").text == "Lỗi"


def test_phone_width(page, tmp):
    driver, _ = page
    # a phone's viewport (a desktop window cannot be made this narrow)
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
    driver.refresh()
    WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "status").text)
    scan(driver, signed())
    s = shown(driver)
    assert s["class"] == "valid"
    width = driver.execute_script("return document.documentElement.scrollWidth")
    assert width <= 390, width  # nothing wider than the phone
    driver.save_screenshot(str(tmp / "desk-phone.png"))
    # An expired card (its reasons listed): the holder's name is still above the fold.
    reset(driver)
    scan(driver, signed("dn-2016"))
    assert shown(driver)["class"] == "invalid"
    bottom = driver.execute_script("return document.querySelector('#holder dd.name').getBoundingClientRect().bottom")
    assert bottom <= 844, bottom
    driver.save_screenshot(str(tmp / "desk-phone-invalid.png"))
    keep_screenshots(tmp)


# The holder of samples/signed/es256/d2021-k1.txt as her citizen ID's QR says it; and someone else.
LUA_ID = "006185000123|012345678|Hoàng Thị Lụa|14021985|Nữ|Số 7 Ngõ Bản Nà Phặc, Ngân Sơn|01072024"
OTHER_ID = "006186000999||Hoàng Thị Lụa|14021986|Nữ|Bắc Kạn|01072024"


def test_a_card_then_a_citizen_id_shows_the_match(page, tmp):
    """Card, then CCCD: one check-in, the match beside the card; CCCD first, then the card: the
    person is shown, then the card with the match (here a mismatch, in red)."""
    import json
    driver, _ = page
    scan(driver, signed())
    assert "Quét CCCD để đối chiếu" in shown(driver)["reasons"]
    reset(driver)
    scan(driver, LUA_ID)
    s = shown(driver)
    assert s["class"] == "valid" and "Đối chiếu CCCD" in s["holder"] and "đúng chủ thẻ" in s["holder"], s
    assert "Hoàng Thị Lụa".upper() in s["holder"].upper() and s["focus"] == "qr"
    driver.save_screenshot(str(tmp / "desk-cccd-holder.png"))
    entries = [json.loads(line) for line in (tmp / "checkin.jsonl").read_text().splitlines()]
    assert len(entries) == 2 and entries[1]["verdict"]["identity"]["match"] == "holder" and entries[1]["repeat"] is True
    assert entries[1]["personalIdHMAC"] and len(entries[1]["personalIdHMAC"]) == 64

    reset(driver)
    scan(driver, OTHER_ID)
    s = shown(driver)
    assert "CCCD" in s["status"] and s["border"] != RED and "006186000999" in s["holder"], s
    assert "Quét thẻ BHYT" in s["reasons"]
    reset(driver)
    scan(driver, signed())
    s = shown(driver)
    assert s["class"] == "invalid" and s["border"] == RED and "KHÔNG KHỚP" in s["holder"] and "ngày sinh" in s["holder"], s
    assert "ID_MISMATCH" in s["reasons"] and "Giấy tờ không khớp thẻ" in s["reasons"]
    driver.save_screenshot(str(tmp / "desk-cccd-mismatch.png"))
    log = (tmp / "checkin.jsonl").read_text()
    assert "006185000123" not in log and "006186000999" not in log and "Ngõ Bản Nà Phặc" not in log
    keep_screenshots(tmp)


def test_the_token_dialog_refuses_a_scan(tmp):
    """With a token, the page asks for it in its own dialog; a card scanned into it is refused
    as a token (it was a scan), the typed token is taken, and the next scan gives a verdict."""
    token = "desk-token-0123456789abcdef"
    (tmp / "token").write_text(token + "\n")
    driver, server = open_page(tmp, server_args=("--token-file", tmp / "token"))
    with server:
        try:
            WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "token-dialog").get_attribute("open") is not None)
            assert driver.switch_to.active_element.get_attribute("id") == "token-input"
            driver.switch_to.active_element.send_keys(signed() + Keys.ENTER)
            WebDriverWait(driver, 5).until(lambda d: "không phải mã truy cập" in d.find_element(By.ID, "token-note").text)
            assert driver.find_element(By.ID, "token-dialog").get_attribute("open") is not None
            driver.save_screenshot(str(tmp / "desk-token.png"))
            driver.switch_to.active_element.send_keys(token + Keys.ENTER)
            WebDriverWait(driver, 5).until(lambda d: d.find_element(By.ID, "token-dialog").get_attribute("open") is None)
            WebDriverWait(driver, 5).until(lambda d: d.switch_to.active_element.get_attribute("id") == "qr")
            scan(driver, signed())
            assert shown(driver)["class"] == "valid"
            keep_screenshots(tmp)
        finally:
            driver.quit()


def test_a_repeat_scan_is_marked(page, tmp):
    driver, _ = page
    scan(driver, signed())
    assert "QUÉT LẠI" not in shown(driver)["reasons"]
    reset(driver)
    scan(driver, signed())
    s = shown(driver)
    assert s["class"] == "valid" and "QUÉT LẠI" in s["reasons"] and "không tính thêm" in s["reasons"], s


def test_an_unreachable_service_keeps_the_scan(page, tmp):
    driver, server = page
    server.proc.terminate()
    server.proc.wait(10)
    driver.switch_to.active_element.send_keys(signed() + Keys.ENTER)
    WebDriverWait(driver, 10).until(lambda d: "sẽ tự gửi lại" in d.find_element(By.ID, "reasons").text)
    assert driver.switch_to.active_element.get_attribute("id") == "qr"


def keep_screenshots(tmp):
    """Copies the screenshots to $BHYT_SCREENSHOTS, when set, to look at."""
    shot_dir = os.environ.get("BHYT_SCREENSHOTS")
    if shot_dir:
        for p in tmp.glob("desk-*.png"):
            shutil.copy(p, shot_dir)


def y4m_of(png, path, size=(640, 480)):
    """A one-frame Y4M video (what Chromium's fake camera plays in a loop) of the card's QR."""
    qr = Image.open(png).convert("L")
    side = min(size) - 80
    qr = qr.resize((side, side), Image.NEAREST)
    frame = Image.new("L", size, 200)
    frame.paste(qr, ((size[0] - side) // 2, (size[1] - side) // 2))
    w, h = size
    with open(path, "wb") as f:
        f.write(f"YUV4MPEG2 W{w} H{h} F10:1 Ip A1:1 C420jpeg\n".encode())
        f.write(b"FRAME\n" + frame.tobytes() + bytes([128]) * (w * h // 2))


def test_camera_frames_are_posted_until_a_card_is_read(tmp):
    run("render", "--out", tmp / "card.png", signed("hs-2016"), check=0)
    y4m_of(tmp / "card.png", tmp / "camera.y4m")
    driver, server = open_page(tmp, ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                                     f"--use-file-for-fake-video-capture={tmp / 'camera.y4m'}"])
    with server:
        try:
            driver.find_element(By.ID, "camera").click()
            wait_verdict(driver)
            s = shown(driver)
            assert s["class"] == "valid" and s["border"] == GREEN
            # the camera stops once a card is read, and the field has the focus again
            WebDriverWait(driver, 5).until(lambda d: not d.find_element(By.ID, "video").is_displayed())
            WebDriverWait(driver, 5).until(lambda d: d.switch_to.active_element.get_attribute("id") == "qr")
            driver.save_screenshot(str(tmp / "desk-camera.png"))
            lines = (tmp / "checkin.jsonl").read_text().splitlines()
            assert len(lines) == 1  # frames without a card are not check-ins
        finally:
            driver.quit()


def test_tab_terminated_scan_and_idle_clear(tmp):
    driver, server = open_page(tmp, query="?clear=2")
    with server:
        try:
            driver.switch_to.active_element.send_keys(signed() + Keys.TAB)
            wait_verdict(driver)
            assert shown(driver)["class"] == "valid" and shown(driver)["focus"] == "qr"
            # after the idle time the patient's details are gone
            WebDriverWait(driver, 6).until(lambda d: d.find_element(By.ID, "verdict").get_attribute("class") == "idle")
            assert driver.find_element(By.ID, "holder").text == ""
            assert "Sẵn sàng" in driver.find_element(By.ID, "status").text
        finally:
            driver.quit()


def sign_in(driver, token):
    """Types the staff token into the page's dialog (as a person does, then Enter)."""
    WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "token-dialog").get_attribute("open") is not None)
    driver.switch_to.active_element.send_keys(token + Keys.ENTER)
    WebDriverWait(driver, 5).until(lambda d: d.find_element(By.ID, "token-dialog").get_attribute("open") is None)


def test_a_staff_member_signs_in_and_is_shown(tmp):
    """With --users, the page asks for the person's own token once, then shows who is signed in;
    the check-in names them."""
    users = tmp / "users.jsonl"
    token = run("users", "add", "--users", users, "--name", "Nguyễn Thị Hoa", "--staff-id", "NV007", check=0).stdout.strip()
    driver, server = open_page(tmp, server_args=("--users", users, "--records", f"sqlite:{tmp / 'records.sqlite'}"))
    with server:
        try:
            sign_in(driver, token)
            scan(driver, signed())
            assert shown(driver)["class"] == "valid"
            WebDriverWait(driver, 5).until(lambda d: "Nguyễn Thị Hoa (NV007)" in d.find_element(By.ID, "who").text)
            driver.save_screenshot(str(tmp / "desk-signed-in.png"))
            keep_screenshots(tmp)
        finally:
            driver.quit()
    entry = json.loads(run("records", "export", "--records", f"sqlite:{tmp / 'records.sqlite'}", check=0).stdout.splitlines()[-1])
    assert entry["staff"] == {"id": "NV007", "name": "Nguyễn Thị Hoa"}


def test_the_report_page_counts_the_day_and_shows_the_servers_chart(tmp):
    """The desk signs in, checks in three cards (one from a desk named with markup); the report
    page shows the day's counts and the chart the service drew, and the desk name as text."""
    users = tmp / "users.jsonl"
    token = run("users", "add", "--users", users, "--name", "Nguyễn Thị Hoa", "--staff-id", "NV007", check=0).stdout.strip()
    db = tmp / "records.sqlite"
    # A check-in made elsewhere under a desk name with markup in it: shown as text, never run.
    run("scan", "--trust", SAMPLES / "DEMO-ONLY-trust.json", "--at", "2025-07-01T10:30:00+07:00", "--log", tmp / "other.jsonl",
        "--records", f"sqlite:{db}", "--desk", "<img src=x onerror=alert(1)>", input=legacy() + "\n", check=0)
    driver, server = open_page(tmp, server_args=("--users", users, "--records", f"sqlite:{db}"))
    with server:
        try:
            sign_in(driver, token)
            scan(driver, signed())
            assert shown(driver)["class"] == "valid"
            reset(driver)
            scan(driver, signed("d2021-open"))
            assert shown(driver)["class"] == "valid"
            driver.get(f"http://127.0.0.1:{server.port}/report?day=2025-07-01")
            WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "total").text)
            assert driver.find_element(By.ID, "total").text.endswith(": 3")
            WebDriverWait(driver, 10).until(lambda d: d.execute_script("return document.getElementById('chart').naturalWidth") == 760)
            desks = driver.find_element(By.ID, "by-desk").text
            assert "<img src=x onerror=alert(1)>" in desks and "desk" in desks
            assert "Nguyễn" not in driver.find_element(By.ID, "by-staff").text and "NV007" in driver.find_element(By.ID, "by-staff").text
            assert driver.execute_script("return document.querySelectorAll('#by-desk img').length") == 0
            driver.save_screenshot(str(tmp / "desk-report.png"))
            keep_screenshots(tmp)
        finally:
            driver.quit()
    # The same chart from the API: an SVG with a bar per hour that had check-ins.
    status, headers, body = server_get_chart(tmp, db, token)
    assert status == 200 and headers["content-type"].startswith("image/svg+xml")
    assert body.count("<rect x=") == 2 and "Lượt tiếp đón theo giờ" in body


def server_get_chart(tmp, db, token):
    import http.client
    server = Server(tmp, "--records", f"sqlite:{db}", "--token-file", write_token(tmp, token))
    with server:
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        conn.request("GET", "/v1/report/chart.svg?day=2025-07-01", headers={"Authorization": "Bearer " + token})
        r = conn.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read().decode()


def write_token(tmp, token):
    path = tmp / "token.txt"
    path.write_text(token + "\n")
    path.chmod(0o600)
    return path


def outage(driver):
    """The outage banner: (reasons, text, severe), once shown."""
    box = driver.find_element(By.ID, "outage")
    return box.get_attribute("data-reasons"), box.text, box.get_attribute("class") == "severe"


def wait_outage(driver, reason, seconds=20):
    WebDriverWait(driver, seconds).until(lambda d: reason in (d.find_element(By.ID, "outage").get_attribute("data-reasons") or ""))
    return outage(driver)


def signed_trust(tmp):
    run("keygen", "--out", tmp / "root", check=0)
    run("trust", "sign", "--key", tmp / "root.key.pem", "--valid-for", "7d", "--at", "2025-06-01",
        "--out", tmp / "trust.jws", SAMPLES / "DEMO-ONLY-trust.json", check=0)
    return tmp / "trust.jws", tmp / "root.pub.pem"


def test_the_page_shows_each_list_outage_with_what_to_do_and_keeps_scanning(tmp):
    """Stale and expired signed lists, and a reload that failed: the banner names the state in
    the receptionist's words (red when no signed card can be valid), and a scan still works."""
    import signal
    jws, root = signed_trust(tmp)
    (tmp / "revoked.txt").write_text("0000000001\n")
    run("revocation", "sign", "--key", tmp / "root.key.pem", "--valid-for", "7d", "--at", "2025-06-01",
        "--out", tmp / "revoked.jws", tmp / "revoked.txt", check=0)
    run("trust", "sign", "--key", tmp / "root.key.pem", "--valid-for", "120d", "--at", "2025-06-01",
        "--out", tmp / "trust-long.jws", SAMPLES / "DEMO-ONLY-trust.json", check=0)
    revoked = ("--revoked", tmp / "revoked.jws")
    for at, reason, words, severe, trust, extra in [
            ("2025-06-10T09:00:00+07:00", "TRUST_LIST_STALE", "lâu chưa được cập nhật", False, jws, ()),
            ("2025-08-01T09:00:00+07:00", "TRUST_LIST_EXPIRED", "đã hết hạn", True, jws, ()),
            ("2025-06-10T09:00:00+07:00", "REVOCATION_LIST_STALE", "thẻ thu hồi đã lâu", False, tmp / "trust-long.jws", revoked),
            ("2025-08-01T09:00:00+07:00", "REVOCATION_LIST_EXPIRED", "mới bị thu hồi", False, tmp / "trust-long.jws", revoked)]:
        server = Server(tmp, "--root", root, "--poll", "0", *extra, trust=trust, at=at)
        driver = browser()
        with server:
            try:
                driver.get(f"http://127.0.0.1:{server.port}/")
                reasons, text, red = wait_outage(driver, reason)
                assert reasons == reason and words in text and "quản trị viên" in text and red == severe, (reasons, text)
                scan(driver, signed())
                # A signed card is valid on stale lists; on expired ones it cannot be.
                assert (shown(driver)["class"] == "valid") == (not severe)
                assert driver.switch_to.active_element.get_attribute("id") == "qr"
                driver.save_screenshot(str(tmp / f"desk-outage-{reason.lower()}.png"))
            finally:
                driver.quit()
    trust = tmp / "trust.json"
    trust.write_bytes((SAMPLES / "DEMO-ONLY-trust.json").read_bytes())
    server = Server(tmp, "--poll", "0", trust=trust)
    driver = browser()
    with server:
        try:
            load(driver, server)
            assert outage(driver)[0] == ""
            trust.write_text("{not json")
            server.proc.send_signal(signal.SIGHUP)
            time.sleep(1)
            driver.refresh()
            reasons, text, red = wait_outage(driver, "LISTS_RELOAD_FAILED")
            assert "danh sách cũ vẫn được dùng" in text and not red
            scan(driver, signed())
            assert shown(driver)["class"] == "valid"
        finally:
            driver.quit()
    keep_screenshots(tmp)


def test_the_page_shows_a_records_outage_and_an_unreachable_service(tmp, postgres, monkeypatch):
    """PostgreSQL down: with a spool the check-ins are kept (amber); without one they cannot be
    written (red, CHECKIN_WRITE_FAILED). The service itself gone: the banner says what to check
    and the scan waits to be resent."""
    _, url = postgres.database()
    server = Server(tmp, "--records", url, "--records-spool", tmp / "spool.sqlite")
    driver = browser()
    with server:
        try:
            load(driver, server)
            postgres.stop()
            try:
                scan(driver, signed())
                assert shown(driver)["class"] == "valid"
                reasons, text, red = wait_outage(driver, "RECORDS_SPOOLED")
                assert "giữ tại máy này" in text and not red
            finally:
                postgres.start()
        finally:
            driver.quit()
    # No state directory, so no spool: a check-in that cannot be written is said so.
    monkeypatch.setenv("XDG_STATE_HOME", "not-absolute")
    monkeypatch.delenv("HOME", raising=False)
    _, url = postgres.database()
    server = Server(tmp, "--records", url)
    driver = browser()
    with server:
        try:
            load(driver, server)
            postgres.stop()
            try:
                scan_keys(driver, signed())
                reasons, text, red = wait_outage(driver, "CHECKIN_WRITE_FAILED")
                assert "ghi tay" in text and red
                # The scan is kept and resent: once the records can be written again, it is checked in.
                assert "sẽ tự gửi lại" in driver.find_element(By.ID, "reasons").text
                driver.save_screenshot(str(tmp / "desk-outage-write.png"))
                status, _, body = server.json("GET", "/healthz")
                assert status == 503 and body["reasons"] == ["CHECKIN_WRITE_FAILED"]
            finally:
                postgres.start()
            WebDriverWait(driver, 30).until(lambda d: d.find_element(By.ID, "verdict").get_attribute("class") == "valid")
            WebDriverWait(driver, 20).until(lambda d: d.find_element(By.ID, "outage").get_attribute("hidden") is not None)
            # The service gone: the next scan is kept, and the banner says what to check.
            server.proc.terminate()
            server.proc.wait(10)
            scan_keys(driver, signed("d2021-open"))
            reasons, text, red = wait_outage(driver, "unreachable")
            assert "kiểm tra kết nối tới máy chủ" in text and red
            assert "sẽ tự gửi lại" in driver.find_element(By.ID, "reasons").text
            assert driver.switch_to.active_element.get_attribute("id") == "qr"
        finally:
            driver.quit()
    keep_screenshots(tmp)



def scan_keys(driver, text):
    driver.switch_to.active_element.send_keys(text + Keys.ENTER)
