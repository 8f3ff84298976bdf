"""`make package` (scripts/package.sh): the .deb is built, unpacked and run with a bare
environment (no library from the Swift toolchain is loaded), then installed with dpkg into a
throwaway root and run from there. The tests build it from the debug build (CONFIG=debug:
the same sources, linked statically) to keep the suite's time; `make package` builds release."""
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLES

AT = "2025-07-01T09:00:00+07:00"


@pytest.fixture(scope="module")
def deb():
    out = subprocess.run(["scripts/package.sh"], cwd=ROOT, env=dict(os.environ, CONFIG="debug"), capture_output=True, text=True)
    assert out.returncode == 0, out.stderr[-3000:]
    path = ROOT / out.stdout.strip().splitlines()[-1]
    assert path.name.startswith("bhyt_") and path.name.endswith("_amd64.deb") and path.exists()
    return path


def bare(cmd, cwd=None):
    """Runs with an empty environment (no PATH, no LD_LIBRARY_PATH, no HOME)."""
    return subprocess.run([str(c) for c in cmd], env={}, capture_output=True, text=True, cwd=cwd, timeout=60)


def test_the_package_holds_a_bhyt_that_needs_no_swift_toolchain(deb, tmp):
    fields = subprocess.run(["dpkg-deb", "-f", deb, "Package", "Version", "Depends"], capture_output=True, text=True, check=True).stdout
    assert "Package: bhyt" in fields
    for lib in ["libqrencode4", "libpng16-16", "libjpeg62-turbo", "libcairo2", "libpango-1.0-0", "libzxing2", "libsqlite3-0", "fonts-dejavu-core"]:
        assert lib in fields, (lib, fields)
    unpacked = tmp / "unpacked"
    subprocess.run(["dpkg-deb", "-x", deb, unpacked], check=True)
    bhyt = unpacked / "usr" / "bin" / "bhyt"
    ldd = subprocess.run(["ldd", bhyt], capture_output=True, text=True, check=True).stdout
    assert "not found" not in ldd and "swift" not in ldd.lower() and "/opt/" not in ldd, ldd
    card = SAMPLES / "signed" / "es256" / "d2021-k1.txt"
    out = bare([bhyt, "verify", "--json", "--trust", SAMPLES / "DEMO-ONLY-trust.json", "--at", AT, card])
    assert out.returncode == 0 and '"status":"valid"' in out.stdout, out.stderr
    # What the package installs beside it: units, configuration, man pages, completions, docs.
    for rel in ["lib/systemd/system/bhyt.service", "lib/systemd/system/bhyt-lists-sync.service", "lib/systemd/system/bhyt-lists-sync.timer",
                "etc/bhyt/bhyt.conf", "usr/share/man/man1/bhyt.1.gz", "usr/share/man/man1/bhyt.serve.1.gz",
                "usr/share/bash-completion/completions/bhyt", "usr/share/zsh/vendor-completions/_bhyt", "usr/share/doc/bhyt/INSTALL.md"]:
        assert (unpacked / rel).is_file(), rel
    unit = (unpacked / "lib/systemd/system/bhyt.service").read_text()
    for line in ["User=bhyt", "StateDirectory=bhyt", "ProtectSystem=strict", "NoNewPrivileges=yes", "EnvironmentFile=/etc/bhyt/bhyt.conf",
                 "EnvironmentFile=-/etc/bhyt/secret.env"]:
        assert line in unit
    conf = (unpacked / "etc/bhyt/bhyt.conf").read_text()
    assert "--root /etc/bhyt/root.pub.pem" in conf and "--trust /var/lib/bhyt/lists/trust.jws" in conf
    assert "PGPASSWORD=" not in conf.replace("PGPASSWORD=…, mode 0600", "")
    man = subprocess.run(["man", "-l", "-P", "cat", unpacked / "usr/share/man/man1/bhyt.serve.1.gz"], capture_output=True, text=True,
                         env=dict(os.environ, MANWIDTH="100"))
    if man.returncode == 0:
        assert "--records" in man.stdout


def test_the_units_pass_systemds_own_check(deb, tmp):
    """systemd-analyze reads the units with nothing to say (an unknown key, a bad value or a
    missing program would be reported), the binary at the unpacked path."""
    analyze = shutil.which("systemd-analyze")
    if not analyze:
        pytest.skip("systemd-analyze is not installed")
    unpacked = tmp / "unpacked"
    subprocess.run(["dpkg-deb", "-x", deb, unpacked], check=True)
    units = tmp / "units"
    units.mkdir()
    names = ["bhyt.service", "bhyt-lists-sync.service", "bhyt-lists-sync.timer"]
    for name in names:
        text = (unpacked / "lib/systemd/system" / name).read_text()
        (units / name).write_text(text.replace("/usr/bin/bhyt", str(unpacked / "usr/bin/bhyt")))
    out = subprocess.run([analyze, "verify", "--man=no", *(units / n for n in names)], capture_output=True, text=True)
    assert out.returncode == 0 and not out.stderr.strip() and not out.stdout.strip(), out.stdout + out.stderr


def test_dpkg_installs_it_into_a_throwaway_root_and_it_runs_there(deb, tmp):
    root = tmp / "root"
    admin = root / "var" / "lib" / "dpkg"
    for d in ["updates", "info", "triggers"]:
        (admin / d).mkdir(parents=True)
    (admin / "status").write_text("")
    (admin / "available").write_text("")
    # Depends are the host's (the throwaway root has none); scripts run outside a chroot.
    out = subprocess.run(["dpkg", f"--root={root}", "--force-depends", "--force-script-chrootless", "--force-not-root", "-i", deb],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    status = subprocess.run(["dpkg", f"--root={root}", "-s", "bhyt"], capture_output=True, text=True, check=True).stdout
    assert "Status: install ok installed" in status
    bhyt = root / "usr" / "bin" / "bhyt"
    version = bare([bhyt, "--version"])
    assert version.returncode == 0 and version.stdout.startswith("BHYTKit "), version
    out = bare([bhyt, "verify", "--trust", SAMPLES / "DEMO-ONLY-trust.json", "--at", AT, SAMPLES / "signed" / "es256" / "d2021-k1.txt"])
    assert out.returncode == 0 and "VALID" in out.stdout, out.stdout + out.stderr
    assert (root / "etc" / "bhyt" / "bhyt.conf").is_file()
    conffiles = subprocess.run(["dpkg-query", f"--admindir={admin}", "-W", "-f=${Conffiles}", "bhyt"], capture_output=True, text=True, check=True).stdout
    assert "/etc/bhyt/bhyt.conf" in conffiles
    # Removed: the binary goes, the configuration stays until a purge.
    subprocess.run(["dpkg", f"--root={root}", "--force-script-chrootless", "--force-not-root", "-r", "bhyt"], check=True, capture_output=True)
    assert not bhyt.exists() and (root / "etc" / "bhyt" / "bhyt.conf").exists()
