#!/usr/bin/env python3
"""LODE's benchmark suite (issue 17): LODE on PostgreSQL and on SQLite, side by side with PostGraphile on the
same PostgreSQL tables and with pgbench running LODE's own SQL.

    python3 bench/run.py [--quick] [--rounds N] [--duration S] [--connections C]
                         [--only q1,q3,...] [--backends postgres,sqlite]

It installs wrk (Debian) and PostGraphile (npm, bench/postgraphile) when missing, builds `lode` and
`bench-data` in release mode, and for each data set (1k, 10k and 100k partners) fills a fresh PostgreSQL
database `lode_bench` and a fresh SQLite file with the same records (`bench-data`, then `lode reindex`). Then,
round by round, with the systems in a rotating order, it starts each server on a free port of 127.0.0.1,
drives every workload (bench/workloads.py) with wrk and bench/wrk/requests.lua (pgbench with bench/pgbench),
and records throughput, p50 and p99 latency, errors and the server's peak memory. The rows go to
bench/results/<UTC time>.csv, the medians over the rounds with their ratios to bench/results/<UTC time>.md,
which is also printed; the servers' logs to bench/results/<UTC time>-logs/. Python 3.11's standard library
only. Every process it starts is stopped at the end, also on an error or ctrl-c.
"""

import argparse
import csv
import json
import math
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import datetime, timezone
from pathlib import Path

from workloads import WORKLOADS, Workload, request_lines

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
LODE = ROOT / "target/release/lode"
BENCH_DATA = ROOT / "target/release/bench-data"
POSTGRAPHILE = BENCH / "postgraphile/node_modules/.bin/postgraphile"
LUA = BENCH / "wrk/requests.lua"
POSTGRES = "postgres://postgres@127.0.0.1:5432"
DATABASE = "lode_bench"
DATA_SETS = {"1k": 1_000, "10k": 10_000, "100k": 100_000}
# The systems, in the order of the first round; each later round starts one further along.
SYSTEMS = [("lode", "postgres"), ("postgraphile", "postgres"), ("pgbench", "postgres"), ("lode", "sqlite")]
# Requests of a file: random workloads cycle through them, sign-ups may send this many per second at most.
LINES = 2_000
SIGN_UPS_PER_SECOND = 3_000


class Processes:
    """The processes the run started, each in a session of its own, stopped by their ids."""

    def __init__(self):
        self.running: list[subprocess.Popen] = []

    def start(self, command: list, log: Path, **kwargs) -> subprocess.Popen:
        """Starts a command in the background, its output going to `log`."""
        with open(log, "ab") as out:
            process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                       start_new_session=True, **kwargs)
        self.running.append(process)
        return process

    def run(self, command: list, **kwargs) -> subprocess.CompletedProcess:
        """Runs a command to its end and returns its output; it is stopped with the others if the run is."""
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                   stdin=subprocess.DEVNULL, start_new_session=True, **kwargs)
        self.running.append(process)
        try:
            out, err = process.communicate()
        finally:
            self.stop(process)
        return subprocess.CompletedProcess(command, process.returncode, out, err)

    def check(self, command: list, **kwargs) -> str:
        """Runs a command that must succeed; returns its standard output."""
        done = self.run([str(part) for part in command], **kwargs)
        if done.returncode != 0:
            raise SystemExit(f"failed ({done.returncode}): {' '.join(map(str, command))}\n{done.stdout}{done.stderr}")
        return done.stdout

    def stop(self, process: subprocess.Popen):
        """Stops a process and its session: SIGTERM, then SIGKILL after 15 s (a session already gone is fine)."""
        try:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(15)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()
        except ProcessLookupError:
            pass
        finally:
            if process in self.running:
                self.running.remove(process)

    def stop_all(self):
        """Stops every process still running, each one even when stopping another failed."""
        for process in list(self.running):
            try:
                self.stop(process)
            except OSError as error:
                print(f"could not stop process {process.pid}: {error}", file=sys.stderr)


PROCESSES = Processes()
# What went wrong while preparing the data, for the report.
PROBLEMS: list[str] = []


def say(message: str):
    """Prints a progress line."""
    print(f"[{datetime.now().strftime('%H:%M:%S')}] {message}", flush=True)


def install_tools():
    """Installs wrk from Debian and PostGraphile from npm when missing; checks pgbench and psql."""
    if not shutil.which("wrk"):
        say("installing wrk (apt-get)")
        if PROCESSES.run(["apt-get", "install", "-y", "wrk"]).returncode != 0:
            PROCESSES.check(["apt-get", "update"])
            PROCESSES.check(["apt-get", "install", "-y", "wrk"])
    if not POSTGRAPHILE.exists():
        say("installing PostGraphile (npm ci)")
        PROCESSES.check(["npm", "ci", "--prefix", BENCH / "postgraphile", "--no-audit", "--no-fund"])
    for tool in ("pgbench", "psql"):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is missing: apt-get install postgresql-client")


def build():
    """Builds `lode` and `bench-data` in release mode, at a low priority."""
    for package, binary in (("lode-api", "lode"), ("lode-tests", "bench-data")):
        say(f"building {binary}")
        PROCESSES.check(["nice", "cargo", "build", "--release", "-p", package, "--bin", binary], cwd=ROOT)


def psql(sql: str):
    """Runs SQL on the PostgreSQL server's `postgres` database."""
    PROCESSES.check(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-qAtc", sql])


def lode_environment(url: str, data_dir: Path) -> dict:
    """LODE's settings for a run: its database and data directory, and no rate limits."""
    return {**os.environ, "DATABASE_URL": url, "LODE_DATA_DIR": str(data_dir), "LODE_EVENT_SIGN_UPS_PER_MINUTE": "0",
            "LODE_SIGN_UPS_PER_HOUR": "0", "LODE_LOGINS_PER_MINUTE": "0", "LODE_HOST": "127.0.0.1"}


def prepare(backend: str, partners: int, work: Path, today: str) -> tuple[str, Path, dict]:
    """A fresh database of a backend filled with a data set and indexed; returns its URL, data dir and fixtures."""
    data_dir = work / f"{backend}-{partners}"
    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)
    if backend == "postgres":
        psql(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        psql(f"CREATE DATABASE {DATABASE}")
        url = f"{POSTGRES}/{DATABASE}"
    else:
        url = f"sqlite://{data_dir}/lode.db?mode=rwc"
    env = lode_environment(url, data_dir)
    say(f"{backend}, {partners:,} partners: migrating, generating the data, indexing")
    PROCESSES.check([LODE, "migrate"], env=env)
    fixtures_file = data_dir / "fixtures.json"
    PROCESSES.check([BENCH_DATA, "--partners", partners, "--today", today, "--out", fixtures_file], env=env)
    indexed = PROCESSES.run([str(LODE), "reindex"], env=env)
    if indexed.returncode != 0:
        errors = [line for line in (indexed.stdout + indexed.stderr).splitlines() if " ERROR " in line]
        PROBLEMS.append(f"`lode reindex` failed on {backend} with {partners:,} partners, so the server's search relay "
                        f"kept retrying the rebuild in the background while it was measured: "
                        f"`{(errors or ['(no error line)'])[0][:400]}`")
        say(f"warning: {PROBLEMS[-1]}")
    return url, data_dir, json.loads(fixtures_file.read_text())


def free_port() -> int:
    """A port of 127.0.0.1 nobody listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_ready(process: subprocess.Popen, url: str, body: bytes | None, log: Path):
    """Waits up to 3 minutes for a server to answer `url` with 200."""
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server stopped at start; its log: {log}\n{log.read_text()[-3000:]}")
        try:
            request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
            with urllib.request.urlopen(request, timeout=5) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    raise SystemExit(f"the server did not get ready within 3 minutes; its log: {log}")


def start_server(system: str, url: str, data_dir: Path, logs: Path) -> tuple[subprocess.Popen, str]:
    """Starts LODE (release, no demo data) or PostGraphile on a free port; returns it and its GraphQL URL."""
    port = free_port()
    log = logs / f"{system}-{data_dir.name}.log"
    if system == "lode":
        process = PROCESSES.start([LODE, "serve", "--no-demo", "--port", str(port)], log,
                                  env=lode_environment(url, data_dir))
        wait_until_ready(process, f"http://127.0.0.1:{port}/ready", None, log)
    else:
        process = PROCESSES.start([POSTGRAPHILE, "-c", url, "--host", "127.0.0.1", "--port", str(port),
                                   "--schema", "public", "--disable-graphiql", "--disable-query-log",
                                   "--dynamic-json", "--append-plugins", "postgraphile-plugin-connection-filter"],
                                  log, env={**os.environ, "NODE_ENV": "production"}, cwd=BENCH / "postgraphile")
        wait_until_ready(process, f"http://127.0.0.1:{port}/graphql", b'{"query":"{__typename}"}', log)
    return process, f"http://127.0.0.1:{port}/graphql"


def peak_mib(process: subprocess.Popen) -> float:
    """The most memory the process has held (VmHWM), in MiB; 0 when it is gone."""
    status = Path(f"/proc/{process.pid}/status")
    for line in status.read_text().splitlines() if status.exists() else []:
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def time_request(url: str, line: str) -> float:
    """Sends one request of a requests file's line and returns how long its answer took, in seconds."""
    token, body = line.split("\t", 1)
    headers = {"Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if token != "-" else {})}
    started = time.monotonic()
    with urllib.request.urlopen(urllib.request.Request(url, data=body.encode(), headers=headers), timeout=300) as answer:
        answer.read()
    return time.monotonic() - started


def run_wrk(url: str, lines: list[str], connections: int, duration: float, work: Path) -> dict:
    """Sends the requests with wrk for `duration` seconds; returns requests/s, p50 and p99 (ms), errors."""
    threads = 1 if connections == 1 else 2
    requests_file = work / "requests.txt"
    requests_file.write_text("\n".join(lines) + "\n")
    done = PROCESSES.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{max(1, math.ceil(duration))}s", "--latency",
                          "--timeout", "60s",
                          "-s", LUA, url, "--", requests_file, str(threads)])
    found = [line for line in done.stdout.splitlines() if line.startswith("BENCH ")]
    if done.returncode != 0 or not found:
        raise SystemExit(f"wrk failed: {done.stdout}{done.stderr}")
    result = json.loads(found[0][len("BENCH "):])
    return {"requests": result["requests"], "rps": result["requests"] / (result["duration_us"] / 1e6),
            "p50_ms": result["p50_us"] / 1000, "p99_ms": result["p99_us"] / 1000,
            "errors": result["errors"] + result["socket_errors"] + result["timeouts"],
            "next_line": result["next_line"], "first_error": done.stderr.strip()}


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank) of values."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))] if ordered else 0.0


def run_pgbench(workload: Workload, fixtures: dict, connections: int, duration: float, work: Path) -> dict:
    """Runs bench/pgbench/<workload>.sql with pgbench; returns tps, p50 and p99 (ms, from its log), errors."""
    logs = work / "pgbench-logs"
    shutil.rmtree(logs, ignore_errors=True)
    logs.mkdir()
    first, last = fixtures["published_starts"]
    # LODE sends the statuses as parameters too, so the scripts take them as variables.
    defines = {"cases": fixtures["sizes"]["cases"], "approved": fixtures["sizes"]["approved_partners"],
               "first": first, "last": last - 30 * 86400, "published": "PUBLISHED", "cancelled": "CANCELLED",
               "completed": "COMPLETED", "approved_status": "APPROVED", "accepted": "ACCEPTED"}
    command = ["pgbench", "-h", "127.0.0.1", "-U", "postgres", "-n", "-M", "prepared", "-c", str(connections),
               "-j", "2", "-T", str(max(1, round(duration))), "-l", "--log-prefix", str(logs / "log"),
               "-f", str(BENCH / "pgbench" / f"{workload.name}.sql")]
    for name, value in defines.items():
        command += ["-D", f"{name}={value}"]
    done = PROCESSES.run(command + [DATABASE])
    tps = [float(line.split()[2]) for line in done.stdout.splitlines() if line.startswith("tps = ")]
    failed = [int(line.split()[-2]) for line in done.stdout.splitlines() if line.startswith("number of failed")]
    # A log line: client, transaction, latency in µs (or why it failed), script, time.
    latencies = [int(fields[2]) / 1000 for log in logs.iterdir() for line in log.read_text().splitlines()
                 if (fields := line.split())[2].isdigit()]
    errors = (failed[0] if failed else 0) + done.stderr.count("aborted")
    return {"requests": len(latencies), "rps": tps[0] if tps else 0.0, "p50_ms": percentile(latencies, 50),
            "p99_ms": percentile(latencies, 99), "errors": errors if tps else max(errors, 1),
            "first_error": done.stderr.strip()[:2000]}


def workloads_for(system: str, data_set: str, only: set[str]) -> list[Workload]:
    """The workloads a system runs on a data set."""
    return [w for w in WORKLOADS if data_set in w.data_sets and w.name in only
            and (system == "lode" or (system == "postgraphile" and w.postgraphile) or (system == "pgbench" and w.pgbench))]


def measure(system: str, backend: str, data_set: str, database: tuple, round_no: int, options, state: dict,
            logs: Path, work: Path) -> list[dict]:
    """One round of a system on a data set: starts its server, runs each workload after a warm-up, stops it."""
    url, data_dir, fixtures = database
    workloads = workloads_for(system, data_set, options.only)
    if not workloads:
        return []
    server, endpoint = (None, None) if system == "pgbench" else start_server(system, url, data_dir, logs)
    rows = []
    try:
        for workload in workloads:
            connections = 1 if workload.single else options.connections
            say(f"round {round_no}: {system} on {backend}, {data_set}: {workload.name}")
            if system == "pgbench":
                run_pgbench(workload, fixtures, connections, options.warmup, work)
                result = run_pgbench(workload, fixtures, connections, options.duration, work)
            elif workload.single:
                # One client: the first request warms up, and tells how long a run takes to hold about eight.
                first = time_request(endpoint, request_lines(workload, system, fixtures, 1, -1)[0])
                result = run_wrk(endpoint, request_lines(workload, system, fixtures, LINES), 1,
                                 max(options.duration, 8 * first), work)
            else:
                for seconds in (options.warmup, options.duration):
                    key = (backend, data_set)
                    start = state.get(key, 0) if workload.name == "signups" else 0
                    count = round(seconds * SIGN_UPS_PER_SECOND) if workload.name == "signups" else LINES
                    result = run_wrk(endpoint, request_lines(workload, system, fixtures, count, start),
                                     connections, seconds, work)
                    if workload.name == "signups":
                        state[key] = start + result["next_line"]
            rows.append({"system": system, "backend": backend, "data_set": data_set, "workload": workload.name,
                         "round": round_no, **result})
    finally:
        if server:
            peak = peak_mib(server)
            PROCESSES.stop(server)
            for row in rows:
                row["peak_mib"] = peak
    return rows


FIELDS = ["system", "backend", "data_set", "workload", "round", "requests", "rps", "p50_ms", "p99_ms", "errors",
          "peak_mib"]


def median_rows(rows: list[dict]) -> dict:
    """The medians over the rounds of each system, backend, data set and workload (errors summed, peak max)."""
    groups: dict[tuple, list[dict]] = {}
    for row in rows:
        groups.setdefault((row["system"], row["backend"], row["data_set"], row["workload"]), []).append(row)
    return {key: {"rps": statistics.median(r["rps"] for r in group),
                  "p50_ms": statistics.median(r["p50_ms"] for r in group),
                  "p99_ms": statistics.median(r["p99_ms"] for r in group),
                  "errors": sum(r["errors"] for r in group), "requests": sum(r["requests"] for r in group),
                  "peak_mib": max((r.get("peak_mib") or 0) for r in group), "rounds": len(group)}
            for key, group in groups.items()}


def ratio(a: dict | None, b: dict | None, field: str = "rps") -> str:
    """a's field over b's, as `0.48×`, or `–` when either is missing or zero."""
    return f"{a[field] / b[field]:.2f}×" if a and b and a[field] and b[field] else "–"


def report(rows: list[dict], options, started: str) -> str:
    """The Markdown report: medians, ratios LODE/PostGraphile and LODE/pgbench, flat growth, matching, errors."""
    med = median_rows(rows)
    commit = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=ROOT, capture_output=True, text=True)
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), "?")
    titles = {w.name: w.title for w in WORKLOADS}
    out = [f"# LODE benchmark, {started}", "",
           f"Commit {commit.stdout.strip()}; {os.cpu_count()} cores ({cpu}); {options.connections} connections, "
           f"{options.duration:g} s per run after a {options.warmup:g} s warm-up, {options.rounds} round(s), medians "
           f"over the rounds; matching with one connection. Errors: non-200 answers, answers with `errors`, "
           f"socket errors and time-outs, summed over the rounds (pgbench: failed transactions and aborted clients). "
           f"Peak memory: the server's VmHWM over its round (PostgreSQL's own memory not counted).", "",
           "| data set | workload | system | backend | req/s | p50 ms | p99 ms | errors | peak MiB |",
           "|---|---|---|---|---:|---:|---:|---:|---:|"]
    for (system, backend, data_set, workload), m in sorted(med.items(), key=lambda kv: (
            list(DATA_SETS).index(kv[0][2]), [w.name for w in WORKLOADS].index(kv[0][3]), SYSTEMS.index(kv[0][:2]))):
        peak = f"{m['peak_mib']:.0f}" if m["peak_mib"] else "–"
        out.append(f"| {data_set} | {workload} | {system} | {backend} | {m['rps']:.1f} | {m['p50_ms']:.1f} | "
                   f"{m['p99_ms']:.1f} | {m['errors']} | {peak} |")
    out += ["", "## LODE against PostGraphile and pgbench (10k partners, throughput ratios)", "",
            "| query | LODE pg / PostGraphile | p50 LODE pg vs PostGraphile | LODE pg / pgbench | "
            "LODE SQLite / PostGraphile |", "|---|---:|---|---:|---:|"]
    for w in (w for w in WORKLOADS if w.postgraphile):
        lode, lite = med.get(("lode", "postgres", "10k", w.name)), med.get(("lode", "sqlite", "10k", w.name))
        peer, base = med.get(("postgraphile", "postgres", "10k", w.name)), med.get(("pgbench", "postgres", "10k", w.name))
        p50 = f"{lode['p50_ms']:.1f} ms vs {peer['p50_ms']:.1f} ms" if lode and peer else "–"
        if lode or lite:
            out.append(f"| {titles[w.name]} | {ratio(lode, peer)} | {p50} | {ratio(lode, base)} | {ratio(lite, peer)} |")
    out += ["", "## Flat growth: Q3 (a page of 50) at 100k partners against 1k", "",
            "| system | backend | req/s at 1k | at 10k | at 100k | time per request 100k ÷ 1k (target ≤ 1.5) |",
            "|---|---|---:|---:|---:|---:|"]
    for system, backend in SYSTEMS:
        at = {d: med.get((system, backend, d, "q3")) for d in DATA_SETS}
        if at["1k"] or at["100k"]:
            cells = " | ".join(f"{at[d]['rps']:.1f}" if at[d] else "–" for d in DATA_SETS)
            out.append(f"| {system} | {backend} | {cells} | {ratio(at['1k'], at['100k'])} |")
    out += ["", "## Matching end to end (one client; targets: under 100 ms at 10k, under 500 ms at 100k)", "",
            "| query | backend | data set | requests | p50 ms | p99 ms | errors |", "|---|---|---|---:|---:|---:|---:|"]
    for (system, backend, data_set, workload), m in sorted(med.items(), key=lambda kv: (
            list(DATA_SETS).index(kv[0][2]), kv[0][1], kv[0][3])):
        if workload in ("match", "team"):
            out.append(f"| {workload} | {backend} | {data_set} | {m['requests']} | {m['p50_ms']:.0f} | "
                       f"{m['p99_ms']:.0f} | {m['errors']} |")
    if PROBLEMS:
        out += ["", "## Problems while preparing the data", ""] + [f"- {problem}" for problem in PROBLEMS]
    failures = {(r["system"], r["backend"], r["data_set"], r["workload"]): r["first_error"]
                for r in rows if r["errors"] and r.get("first_error")}
    if failures:
        out += ["", "## First error of each failing workload", ""]
        out += [f"- {' / '.join(key)}: `{text[:600]}`" for key, text in failures.items()]
    return "\n".join(out) + "\n"


def options_from_command_line():
    """Reads the command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a smoke run: 3 s per workload, one round")
    parser.add_argument("--rounds", type=int, help="rounds, the systems' order rotating (default 3; 1 with --quick)")
    parser.add_argument("--duration", type=float, help="seconds per run (default 15; 3 with --quick)")
    parser.add_argument("--connections", type=int, default=32, help="concurrent connections (default 32)")
    parser.add_argument("--only", default=",".join(w.name for w in WORKLOADS), help="workloads, comma-separated")
    parser.add_argument("--backends", default="postgres,sqlite", help="LODE's databases, comma-separated")
    options = parser.parse_args()
    options.rounds = options.rounds or (1 if options.quick else 3)
    options.duration = options.duration or (3.0 if options.quick else 15.0)
    options.warmup = 1.0 if options.quick else 3.0
    options.only = set(options.only.split(","))
    options.backends = set(options.backends.split(","))
    unknown = (options.only - {w.name for w in WORKLOADS}) | (options.backends - {"postgres", "sqlite"})
    if unknown:
        parser.error(f"unknown: {', '.join(sorted(unknown))}")
    return options


def write_results(rows: list[dict], options, started: datetime, stamp: str):
    """Writes the CSV and the Markdown report, and prints the report."""
    results = BENCH / "results"
    with open(results / f"{stamp}.csv", "w", newline="") as out:
        writer = csv.DictWriter(out, FIELDS, extrasaction="ignore")
        writer.writeheader()
        writer.writerows({**r, "rps": f"{r['rps']:.1f}", "p50_ms": f"{r['p50_ms']:.2f}", "p99_ms": f"{r['p99_ms']:.2f}",
                          "peak_mib": f"{r['peak_mib']:.0f}" if r.get("peak_mib") else ""} for r in rows)
    markdown = report(rows, options, started.strftime("%Y-%m-%d %H:%M UTC"))
    (results / f"{stamp}.md").write_text(markdown)
    print(markdown)
    say(f"written: {results / stamp}.csv and .md; the servers' logs in {results / stamp}-logs")


def main():
    """Runs the suite; writes the CSV and the Markdown report of what it measured, also when it stops early."""
    options = options_from_command_line()
    started = datetime.now(timezone.utc)
    stamp = started.strftime("%Y%m%dT%H%M%SZ")
    logs = BENCH / "results" / f"{stamp}-logs"
    logs.mkdir(parents=True)
    install_tools()
    build()
    systems = [s for s in SYSTEMS if s[1] in options.backends]
    rows, signup_state = [], {}
    try:
        with tempfile.TemporaryDirectory(prefix="lode-bench-") as work_dir:
            work = Path(work_dir)
            for data_set, partners in DATA_SETS.items():
                active = [s for s in systems if workloads_for(s[0], data_set, options.only)]
                if not active:
                    continue
                databases = {backend: prepare(backend, partners, work, started.date().isoformat())
                             for backend in sorted({b for _, b in active})}
                for round_no in range(1, options.rounds + 1):
                    shift = (round_no - 1) % len(active)
                    for system, backend in active[shift:] + active[:shift]:
                        rows += measure(system, backend, data_set, databases[backend], round_no, options,
                                        signup_state, logs, work)
    finally:
        if rows:
            write_results(rows, options, started, stamp)


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(130)
    finally:
        PROCESSES.stop_all()
