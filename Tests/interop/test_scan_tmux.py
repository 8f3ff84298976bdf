"""`bhyt scan` used as a receptionist would: in a real terminal (tmux), lines typed with
send-keys, the screen read back with capture-pane, the log checked after a kill -9."""
import hashlib
import json
import os
import shutil
import signal
import subprocess
import time

import pytest

from conftest import BHYT, SAMPLES

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is installed by make deps")

TRUST = SAMPLES / "DEMO-ONLY-trust.json"


def tmux(*args, socket):
    return subprocess.run(["tmux", "-S", str(socket), *args], capture_output=True, text=True, check=True).stdout


def screen(socket):
    return tmux("capture-pane", "-p", "-J", "-t", "desk", socket=socket)


def wait_for(socket, text, timeout=10):
    deadline = time.time() + timeout
    while time.time() < deadline:
        s = screen(socket)
        if text in s:
            return s
        time.sleep(0.1)
    raise AssertionError(f"{text!r} not on screen:\n{screen(socket)}")


def start(socket, log, tmp, extra=f"--trust {TRUST}"):
    cmd = (f"LANG=vi_VN.UTF-8 {BHYT} scan {extra} --at 2025-03-01T09:00:00+07:00 --facility 06012 "
           f"--log {log}; echo EXITED $? > {tmp}/exit")
    tmux("-f", "/dev/null", "new-session", "-d", "-s", "desk", "-x", "120", "-y", "40", cmd, socket=socket)
    wait_for(socket, "Ctrl-D")


def scan(socket, text):
    tmux("send-keys", "-t", "desk", "-l", text, socket=socket)
    tmux("send-keys", "-t", "desk", "Enter", socket=socket)


def test_front_desk_session(tmp):
    socket, log = tmp / "tmux.sock", tmp / "checkin.jsonl"
    try:
        start(socket, log, tmp)
        scan(socket, (SAMPLES / "signed" / "es256" / "d2021-k1.txt").read_text().strip())
        s = wait_for(socket, "HỢP LỆ")
        assert "HOÀNG THỊ LỤA" in s and "14/02/1985" in s and "đối chiếu giấy tờ" in s
        assert "Hôm nay: hợp lệ 1 · không hợp lệ 0 · chưa xác thực 0" in s
        scan(socket, (SAMPLES / "legacy" / "hs-2016.txt").read_text().strip())
        s = wait_for(socket, "chưa xác thực 1")
        assert "CHƯA XÁC THỰC" in s and "LÊ MINH KHOA" in s and "LEGACY_UNSIGNED" in s and "HOÀNG" not in s
        scan(socket, "not a card")
        s = wait_for(socket, "không phải thẻ")
        # garbage is shown but neither counted nor logged
        assert "KHÔNG ĐỌC ĐƯỢC" in s and "FORMAT_UNKNOWN" in s and "không hợp lệ 0" in s and "Tắt Unikey" in s
        # the same card again a moment later: a repeat, not a second check-in
        scan(socket, (SAMPLES / "legacy" / "hs-2016.txt").read_text().strip())
        s = wait_for(socket, "QUÉT LẠI")
        assert "chưa xác thực 1" in s and "09:00:00" in s
        # a card signed by a key nobody trusts: counted invalid, logged with the code it claims
        subprocess.run([BHYT, "keygen", "--out", str(tmp / "rogue")], check=True, capture_output=True)
        forged = subprocess.run([BHYT, "issue", "--key", str(tmp / "rogue.key.pem"), "--iss", "VN-79",
                                 "--at", "2025-01-01", str(SAMPLES / "cards" / "d2021-k1.json")],
                                check=True, capture_output=True, text=True).stdout.strip()
        scan(socket, forged)
        s = wait_for(socket, "không hợp lệ 1")
        # the power goes: kill -9 mid-session; everything already shown is in the log
        pid = int(tmux("display-message", "-p", "-t", "desk", "#{pane_pid}", socket=socket))
        bhyt = subprocess.run(["pgrep", "-P", str(pid), "-f", "bhyt scan"], capture_output=True, text=True).stdout.split()
        assert bhyt, "bhyt scan not running"
        os.kill(int(bhyt[0]), signal.SIGKILL)
        deadline = time.time() + 5
        while not (tmp / "exit").exists() and time.time() < deadline:
            time.sleep(0.1)
        assert "EXITED 137" in (tmp / "exit").read_text()
    finally:
        subprocess.run(["tmux", "-S", str(socket), "kill-server"], capture_output=True)
    rows = [json.loads(l) for l in log.read_text().splitlines()]
    assert [r["verdict"]["status"] for r in rows] == ["valid", "unverified", "unverified", "invalid"]
    assert [r["repeat"] for r in rows] == [False, False, True, False]
    assert rows[0]["verdict"]["card"]["fullName"] == "Hoàng Thị Lụa" and rows[0]["day"] == "2025-03-01"
    assert rows[0]["code"] == rows[0]["verdict"]["card"]["code"] and rows[0]["codeAuthenticated"] is True
    signed = (SAMPLES / "signed" / "es256" / "d2021-k1.txt").read_text().strip()
    assert rows[0]["textSHA256"] == hashlib.sha256(signed.encode()).hexdigest()
    assert all(r["scannedAt"] == 1740794400 for r in rows)
    # the invalid one keeps its hash and the code it claimed (not authenticated)
    assert rows[3]["verdict"]["card"] is None and rows[3]["codeAuthenticated"] is False
    assert rows[3]["code"] == rows[0]["code"] and rows[3]["textSHA256"] == hashlib.sha256(forged.encode()).hexdigest()
    assert oct(os.stat(log).st_mode & 0o777) == "0o600"
    # a restart the same day carries on the day's counts from the log
    (tmp / "exit").unlink()
    try:
        start(socket, log, tmp)
        s = wait_for(socket, "Hôm nay:")
        assert "hợp lệ 1 · không hợp lệ 1 · chưa xác thực 1" in s, "repeats and garbage must not be counted"
        tmux("send-keys", "-t", "desk", "C-d", socket=socket)
        deadline = time.time() + 5
        while not (tmp / "exit").exists() and time.time() < deadline:
            time.sleep(0.1)
        assert "EXITED 0" in (tmp / "exit").read_text()
    finally:
        subprocess.run(["tmux", "-S", str(socket), "kill-server"], capture_output=True)


def test_desk_warns_without_trust_and_clears_when_idle(tmp):
    socket, log = tmp / "tmux.sock", tmp / "checkin.jsonl"
    try:
        start(socket, log, tmp, extra="--clear-after 2")
        s = wait_for(socket, "CẢNH BÁO")
        assert "--trust" in s and "HỢP LỆ" in s
        scan(socket, (SAMPLES / "legacy" / "hs-2016.txt").read_text().strip())
        s = wait_for(socket, "LÊ MINH KHOA")
        # after two idle seconds the patient's details are gone, the counts stay
        deadline = time.time() + 6
        while "LÊ MINH KHOA" in screen(socket) and time.time() < deadline:
            time.sleep(0.2)
        s = screen(socket)
        assert "LÊ MINH KHOA" not in s and "chưa xác thực 1" in s
    finally:
        subprocess.run(["tmux", "-S", str(socket), "kill-server"], capture_output=True)
