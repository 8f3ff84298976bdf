"""The command line as its users meet it: an agency clerk issuing cards from files saved by
Windows tools, a receptionist in Vietnamese, an operator editing lists by hand."""
import json
import subprocess
import unicodedata

import pytest

from conftest import BHYT, SAMPLES, json_lines, run

TRUST = SAMPLES / "DEMO-ONLY-trust.json"
KEY = SAMPLES / "keys" / "DEMO-ONLY-VN-79-es256.key.pem"
CARD = json.loads((SAMPLES / "cards" / "d2021-k1.json").read_text(encoding="utf-8"))
SIGNED = SAMPLES / "signed" / "es256" / "d2021-k1.txt"
JULY = "2025-07-01"


def windows(text):
    """As Notepad saves it: a byte-order mark and CR LF line ends."""
    return b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8")


def issue(*args, check=None):
    return run("issue", "--key", KEY, "--iss", "VN-79", "--at", "2025-02-01", *args, check=check)


# ---- issuing from files as people write them ----

def test_issue_pretty_json_array_and_windows_file(tmp):
    (tmp / "pretty.json").write_text(json.dumps(CARD, indent=2, ensure_ascii=False), encoding="utf-8")
    (tmp / "array.json").write_text(json.dumps([CARD, dict(CARD, fullName="Lê Văn Tám")], indent=1, ensure_ascii=False), encoding="utf-8")
    (tmp / "win.json").write_bytes(windows(json.dumps(CARD, indent=2, ensure_ascii=False)))
    out = issue(tmp / "pretty.json", tmp / "array.json", tmp / "win.json", check=0).stdout.split()
    assert len(out) == 4 and all(t.startswith("BHXH1:") for t in out)
    names = [r["card"]["fullName"] for r in json_lines(run("inspect", "--json", "-", input="\n".join(out)).stdout)]
    assert names == [CARD["fullName"], CARD["fullName"], "Lê Văn Tám", CARD["fullName"]]


def test_issue_refuses_a_misspelt_member_by_name(tmp):
    bad = dict(CARD)
    bad["fulName"] = bad.pop("fullName")
    (tmp / "bad.json").write_text(json.dumps(bad, ensure_ascii=False), encoding="utf-8")
    p = issue(tmp / "bad.json", check=1)
    assert "fulName" in p.stdout + p.stderr and p.stdout.count("BHXH1:") == 0


def test_issue_normalises_names_to_nfc(tmp):
    nfd = dict(CARD, fullName=unicodedata.normalize("NFD", "Nguyễn Thị Ánh"))
    (tmp / "nfd.json").write_text(json.dumps(nfd, ensure_ascii=False), encoding="utf-8")
    text = issue(tmp / "nfd.json", check=0).stdout.strip()
    (row,) = json_lines(run("inspect", "--json", text).stdout)
    assert row["card"]["fullName"] == unicodedata.normalize("NFC", "Nguyễn Thị Ánh")
    assert row["card"]["fullName"] != nfd["fullName"]


def test_issue_warns_about_expired_cards_and_future_times(tmp):
    (tmp / "c.json").write_text(json.dumps(CARD, ensure_ascii=False), encoding="utf-8")
    p = run("issue", "--key", KEY, "--iss", "VN-79", "--at", "2026-03-01", tmp / "c.json", check=0)
    assert "expired" in p.stderr and "EXPIRED" in p.stderr
    # a time far ahead of any clock this test runs on
    p = run("issue", "--key", KEY, "--iss", "VN-79", "--at", "2090-01-01", tmp / "c.json", check=0)
    assert "in the future" in p.stderr and "NOT_YET_VALID" in p.stderr
    p = run("issue", "--key", KEY, "--iss", "VN-79", "--at", "2025-02-01", tmp / "c.json", check=0)
    assert "warning" not in p.stderr


def test_an_encrypted_key_says_how_to_decrypt_it(tmp):
    subprocess.run(["openssl", "pkey", "-in", KEY, "-aes256", "-passout", "pass:x", "-out", tmp / "enc.pem"], check=True)
    p = run("issue", "--key", tmp / "enc.pem", "--iss", "VN-79", SAMPLES / "cards" / "d2021-k1.json", check=2)
    assert "encrypted keys are not supported" in p.stderr and "openssl pkey" in p.stderr
    assert "PEM" not in p.stderr.split("openssl")[0]


# ---- files saved by Windows tools ----

def test_windows_trust_list_and_batch_file(tmp):
    (tmp / "trust.json").write_bytes(windows(TRUST.read_text(encoding="utf-8")))
    lines = "".join((SAMPLES / "signed" / "es256" / n).read_text() for n in ["d2021-k1.txt", "hs-2016.txt"])
    (tmp / "batch.txt").write_bytes(windows(lines))
    rows = json_lines(run("verify", "--json", "--trust", tmp / "trust.json", "--at", JULY, tmp / "batch.txt", check=0).stdout)
    assert [r["status"] for r in rows] == ["valid", "valid"]
    assert rows[0]["input"].endswith("batch.txt:1") and rows[1]["input"].endswith("batch.txt:2")


# ---- words ----

def test_vietnamese_means_every_line(tmp):
    p = run("verify", "--lang", "vi", "--trust", TRUST, "--at", "2024-07-01", SIGNED.read_text().strip(), tmp / "missing.txt", check=2)
    out = p.stdout + p.stderr
    assert "tham số 1" in out                      # input names
    assert "kiểm tra lại ngày giờ" in out          # clock trouble named
    assert "không đọc được" in out                 # I/O errors
    assert "tổng kết" in out                        # the summary line
    for english in ["argument 1", "cannot read", "summary:", "check the"]:
        assert english not in out
    # the locale alone is enough
    p = run("verify", "--trust", TRUST, "--at", JULY, SIGNED, env={"LANG": "vi_VN.UTF-8"}, check=0)
    assert "HỢP LỆ" in p.stdout and "tổng kết" in p.stderr


def test_machine_output_does_not_depend_on_the_locale(tmp):
    """JSON, exit codes and check-in log lines are the same under a Vietnamese locale as under C;
    only text for people follows the locale. `--lang` still chooses the JSON messages' language."""
    inputs = [SIGNED.read_text().strip(), SAMPLES / "legacy" / "dn-2016.txt", *sorted((SAMPLES / "malformed").glob("*.txt"))]
    for cmd in (["verify", "--json", "--trust", TRUST, "--at", JULY], ["inspect", "--json"]):
        c = run(*cmd, *inputs, env={"LANG": "C.UTF-8"})
        vi = run(*cmd, *inputs, env={"LANG": "vi_VN.UTF-8"})
        assert c.stdout and c.stdout == vi.stdout and c.returncode == vi.returncode, cmd
        assert '"input":"argument 1"' in c.stdout
    asked = run("verify", "--json", "--lang", "vi", "--trust", TRUST, "--at", JULY, SIGNED.read_text().strip())
    assert '"input":"argument 1"' in asked.stdout  # a machine name, in any language
    logs = []
    for lang in ("C.UTF-8", "vi_VN.UTF-8"):
        log = tmp / f"log-{lang}.jsonl"
        run("scan", "--trust", TRUST, "--at", JULY, "--log", log, input=SIGNED.read_text().strip() + "\n",
            env={"LANG": lang}, check=0)
        logs.append(log.read_text())
    assert logs[0] and logs[0] == logs[1]


def test_clock_trouble_is_named_in_english_too():
    p = run("verify", "--lang", "en", "--trust", TRUST, "--at", "2024-07-01", SIGNED, check=1)
    assert "NOT_YET_VALID" in p.stdout and "check this computer's date and clock" in p.stdout


def test_version_help_and_case_insensitive_values(tmp):
    assert run("--version", check=0).stdout.startswith("BHYTKit ")
    assert "3" in run("--help", check=0).stdout.split("Exit status")[1].splitlines()[0] + run("--help").stdout
    assert "default: ES256" in run("keygen", "--help", check=0).stdout
    assert "Algorithm" not in run("keygen", "--help").stdout  # no Swift value dump
    run("keygen", "--alg", "eddsa", "--out", tmp / "a", check=0)
    run("keygen", "--alg", "es256", "--out", tmp / "b", check=0)
    (tmp / "x.txt").write_text(SIGNED.read_text())
    run("render", "--ecc", "q", "--out", tmp / "x.png", tmp / "x.txt", check=0)


# ---- lists by hand ----

def test_trust_list_entry_errors_are_named(tmp):
    t = json.loads(TRUST.read_text())
    t["keys"].append({"kty": "RSA", "n": "AQAB", "e": "AQAB", "kid": "rsa1"})
    (tmp / "t.json").write_text(json.dumps(t))
    p = run("trust", "list", "--trust", tmp / "t.json", check=0)
    assert "RSA keys are not supported" in p.stdout + p.stderr
    p = run("trust", "add", "--trust", tmp / "n.json", "--iss", "VN 56", SAMPLES / "keys" / "DEMO-ONLY-VN-56-eddsa.pub.pem")
    assert p.returncode == 2 and not (tmp / "n.json").exists()


def test_not_after_a_date_is_the_end_of_that_day_in_vietnam(tmp):
    pub = SAMPLES / "keys" / "DEMO-ONLY-VN-79-es256.pub.pem"
    run("trust", "add", "--trust", tmp / "t.json", "--iss", "VN-79", "--not-after", "2025-01-01", pub, check=0)
    (entry,) = json.loads((tmp / "t.json").read_text())["keys"]
    assert entry["exp"] == 1735750799  # 2025-01-01T23:59:59+07:00
    # a card signed at 2025-01-01 08:00 Vietnam time is inside that day
    p = run("verify", "--json", "--trust", tmp / "t.json", "--at", JULY, SIGNED, check=0)
    assert json_lines(p.stdout)[0]["status"] == "valid"


# ---- render reads inputs the way verify does ----

def test_render_reads_a_file_argument_and_refuses_non_cards(tmp):
    (tmp / "signed.txt").write_text(SIGNED.read_text())
    run("render", "--out", tmp / "a.png", tmp / "signed.txt", check=0)
    import zxingcpp
    from PIL import Image
    (res,) = zxingcpp.read_barcodes(Image.open(tmp / "a.png"))
    assert res.text == SIGNED.read_text().strip()
    p = run("render", "--out", tmp / "b.png", tmp / "nope.txt", check=2)
    assert "cannot read" in p.stderr and not (tmp / "b.png").exists()
    p = run("render", "--out", tmp / "c.png", "-", input="hello\n", check=1)
    assert "--raw" in p.stderr and not (tmp / "c.png").exists()
    run("render", "--raw", "--out", tmp / "c.png", "-", input="hello\n", check=0)


# ---- what a trial as new users found ----

def read_line(proc, timeout=5):
    import select
    ready, _, _ = select.select([proc.stdout], [], [], timeout)
    assert ready, "no verdict in time"
    return proc.stdout.readline()


def test_a_scanner_ending_scans_with_cr_alone_gets_each_verdict_at_once():
    import subprocess as sp
    card = (SAMPLES / "legacy" / "te-2016.txt").read_text().strip()
    proc = sp.Popen([BHYT, "verify", "--json", "--at", JULY, "-"], stdin=sp.PIPE, stdout=sp.PIPE, stderr=sp.DEVNULL, text=True, bufsize=1)
    try:
        for _ in range(2):
            proc.stdin.write(card + "\r")   # no LF: the CR ends the scan
            proc.stdin.flush()
            assert json.loads(read_line(proc))["status"] == "unverified"
        proc.stdin.write("\n")              # an LF right after a CR is the same line end, not a line
        proc.stdin.write("\n")              # a blank line is answered
        proc.stdin.flush()
        assert json.loads(read_line(proc))["reasons"][0]["code"] == "FORMAT_UNKNOWN"
    finally:
        proc.stdin.close()
        proc.wait(timeout=10)


def test_cr_only_and_mixed_line_ends_in_files(tmp):
    card = (SAMPLES / "legacy" / "te-2016.txt").read_text().strip()
    (tmp / "cr.txt").write_bytes((card + "\r" + card + "\r\n" + card + "\n").encode())
    rows = json_lines(run("verify", "--json", "--at", JULY, tmp / "cr.txt", check=3).stdout)
    assert [r["input"].rsplit(":", 1)[1] for r in rows] == ["1", "2", "3"]
    assert all(r["status"] == "unverified" for r in rows)


def test_card_json_that_is_not_utf8_is_refused(tmp):
    text = (SAMPLES / "cards" / "d2021-k1.json").read_text(encoding="utf-8")
    (tmp / "ansi.json").write_bytes(text.encode("cp1258", errors="replace"))
    p = issue(tmp / "ansi.json", check=1)
    assert "BHXH1:" not in p.stdout and "UTF-8" in p.stderr and "NAME_INVALID" in p.stderr


def test_issue_refuses_a_card_no_verifier_would_read(tmp):
    (tmp / "big.json").write_text(json.dumps(dict(CARD, address="Đ" * 20000), ensure_ascii=False), encoding="utf-8")
    p = issue(tmp / "big.json", check=1)
    assert "BHXH1:" not in p.stdout and "shorten the address" in p.stderr


def test_nothing_to_do_is_not_success(tmp):
    (tmp / "empty.txt").write_text("")
    assert "no card" in run("verify", tmp / "empty.txt", check=2).stderr
    (tmp / "none.json").write_text("[]")
    assert "no card" in issue(tmp / "none.json", check=2).stderr
    assert "no card" in run("inspect", tmp / "empty.txt", check=2).stderr
    assert "no card" in run("inspect", "-", input="", check=2).stderr
    assert "no card" in run("card", "--out", tmp / "x.pdf", tmp / "empty.txt", check=2).stderr


def test_files_that_are_no_card_input_are_named(tmp):
    from PIL import Image
    Image.new("L", (40, 40)).save(tmp / "a.gif")
    Image.new("RGB", (40, 40)).save(tmp / "a.webp")
    (tmp / "u16.txt").write_bytes((SAMPLES / "legacy" / "te-2016.txt").read_text().encode("utf-16"))
    p = run("verify", tmp / "a.gif", tmp / "a.webp", tmp / "u16.txt", check=2)
    assert "GIF image" in p.stderr and "WebP image" in p.stderr and "UTF-16" in p.stderr and p.stdout == ""


def test_scan_never_appends_to_a_file_that_is_no_log(tmp):
    card = (SAMPLES / "legacy" / "te-2016.txt").read_text()
    (tmp / "cards.txt").write_text(card)
    p = run("scan", "--at", JULY, "--log", tmp / "cards.txt", input=card, check=2)
    assert "not a check-in log" in p.stderr and (tmp / "cards.txt").read_text() == card


def test_verify_without_trust_says_so():
    p = run("verify", "--at", JULY, SIGNED, check=1)
    assert "no --trust" in p.stderr


def option_help(command):
    """Each option's help in `bhyt COMMAND --help`, joined across its wrapped lines."""
    text = run(command, "--help", check=0).stdout
    options, name = {}, None
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("--"):
            name = stripped.split()[0]
            options[name] = stripped[len(name):].strip()
        elif name and line.startswith(" " * 10) and stripped:
            options[name] += " " + stripped
        else:
            name = None
    return options


def test_list_and_time_options_are_declared_once():
    """verify, scan and serve take the lists, roots, staleness, time and facility with one help text."""
    helps = {c: option_help(c) for c in ("verify", "scan", "serve")}
    for option in ("--trust", "--revoked", "--root", "--max-stale", "--at", "--facility"):
        texts = {c: h.get(option) for c, h in helps.items()}
        assert all(texts.values()), f"{option} missing: {texts}"
        assert len(set(texts.values())) == 1, f"{option} differs: {texts}"


def test_issue_refuses_what_the_card_cannot_print(tmp):
    """The library's issuer refuses a card whose name the printed card cannot hold; bhyt card agrees."""
    card = json.loads((SAMPLES / "cards" / "d2021-k1.json").read_text())
    card["fullName"] = " ".join(["Nguyễn Phương"] * 9)
    path = tmp / "long.json"
    path.write_text(json.dumps(card, ensure_ascii=False))
    out = issue(path)
    assert out.returncode == 1 and out.stdout == ""
    assert "printed card cannot hold it" in out.stderr and "name" in out.stderr
    # The same name on a legacy card's text: `bhyt card` refuses it with the same words.
    fields = (SAMPLES / "legacy" / "d2021-k1.txt").read_text(encoding="utf-8").strip().split("|")
    fields[1] = " ".join(["Nguyễn Phương"] * 9).encode("utf-8").hex()
    printed = run("card", "--out", tmp / "long.pdf", "|".join(fields))
    assert printed.returncode == 1 and not (tmp / "long.pdf").exists()
    assert "name does not fit" in printed.stderr and "name does not fit" in out.stderr
