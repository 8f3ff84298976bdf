"""`bhyt scan` used as a receptionist would: in a real terminal (tmux), lines typed with
send-keys, the screen read back with capture-pane, the log checked after a kill -9."""
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


def start(socket, log, tmp):
    cmd = (f"LANG=vi_VN.UTF-8 {BHYT} scan --trust {TRUST} --at 2025-03-01T09:00:00+07:00 --facility 06012 "
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
        s = wait_for(socket, "không hợp lệ 1")
        assert "KHÔNG HỢP LỆ" in s and "FORMAT_UNKNOWN" in s
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
    assert [r["status"] for r in rows] == ["valid", "unverified", "invalid"]
    assert rows[0]["card"]["fullName"] == "Hoàng Thị Lụa" and rows[0]["day"] == "2025-03-01"
    assert oct(os.stat(log).st_mode & 0o777) == "0o600"
    # a restart the same day carries on the day's counts from the log
    (tmp / "exit").unlink()
    try:
        start(socket, log, tmp)
        s = wait_for(socket, "Hôm nay:")
        assert "hợp lệ 1 · không hợp lệ 1 · chưa xác thực 1" in s
        tmux("send-keys", "-t", "desk", "C-d", socket=socket)
        deadline = time.time() + 5
        while not (tmp / "exit").exists() and time.time() < deadline:
            time.sleep(0.1)
        assert "EXITED 0" in (tmp / "exit").read_text()
    finally:
        subprocess.run(["tmux", "-S", str(socket), "kill-server"], capture_output=True)
