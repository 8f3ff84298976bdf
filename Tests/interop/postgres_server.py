"""A real PostgreSQL server for the tests: a throwaway cluster (initdb) in a temporary folder,
on a free loopback port, started with pg_ctl and stopped (its folder removed) at the end. As
root, it runs as the `postgres` user Debian's package creates (initdb refuses root). Each test
gets a database of its own (`Postgres.database()`)."""
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path


class Postgres:
    def __init__(self):
        bins = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        assert bins, "PostgreSQL's server is not installed (scripts/install-deps.sh installs Debian's postgresql)"
        self.bin = Path(bins[-1]).parent
        self.dir = Path(tempfile.mkdtemp(prefix="bhyt-pg-"))
        os.chmod(self.dir, 0o755)
        self.as_user = []
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")
            self.as_user = ["runuser", "-u", "postgres", "--"]
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self._run("initdb", "-D", self.dir / "data", "-A", "trust", "-U", "bhyt", "-E", "UTF8", "--no-sync")
        self._run("pg_ctl", "-D", self.dir / "data", "-l", self.dir / "log", "-w", "start",
                  "-o", f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c max_connections=200")

    def _run(self, tool, *args):
        subprocess.run(self.as_user + [str(self.bin / tool), *map(str, args)], check=True, capture_output=True, cwd=self.dir)

    def psql(self, database, sql):
        out = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", str(self.port), "-U", "bhyt",
                              "-d", database, "-c", sql], check=True, capture_output=True, text=True)
        return out.stdout

    def database(self):
        """A new empty database; its `postgres://` URL."""
        name = "t_" + uuid.uuid4().hex[:12]
        self.psql("postgres", f"CREATE DATABASE {name}")
        return name, f"postgres://bhyt@127.0.0.1:{self.port}/{name}"

    def stop(self):
        self._run("pg_ctl", "-D", self.dir / "data", "-m", "fast", "-w", "stop")

    def start(self):
        self._run("pg_ctl", "-D", self.dir / "data", "-l", self.dir / "log", "-w", "start",
                  "-o", f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c max_connections=200")

    def close(self):
        try:
            self._run("pg_ctl", "-D", self.dir / "data", "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)
