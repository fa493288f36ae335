#!/usr/bin/env python3
"""`cargo xtask load`: throughput and latency of a release server under wrk, on 2 cores.

Runs, against a release build on loopback (rate limits off):
  - search and chat at 50 and 200 concurrent connections, ticket creation at 50, on SQLite;
  - ticket creation at 50 on PostgreSQL (a throwaway cluster with default, durable settings);
  - SSE delivery delay from ticket creation to a logged-in console: same replica on SQLite, and
    across two replicas sharing PostgreSQL (LISTEN/NOTIFY);
  - resident memory at rest and the peak under load.
Prints a Markdown report and writes it to target/load-report.md.
"""
import argparse, json, os, re, shutil, socket, subprocess, sys, tempfile, threading, time, urllib.parse
import http.client

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

QUERIES = ["lam lai cccd o dau", "đăng ký khai sinh cần giấy tờ gì", "cấp lại giấy phép lái xe bị mất",
           "lệ phí làm hộ chiếu", "đăng ký thường trú", "xác nhận tình trạng hôn nhân", "cap lai so do",
           "đăng ký kết hôn với người nước ngoài", "thành lập hộ kinh doanh", "đổi giấy phép lái xe quá hạn",
           "tạm trú cho người thuê trọ", "giấy phép xây dựng nhà ở riêng lẻ", "trợ cấp thất nghiệp",
           "chứng thực bản sao", "đăng ký xe máy mới mua", "bảo hiểm y tế hộ gia đình"]


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Server:
    def __init__(self, binary, data_dir, env=None):
        e = dict(os.environ, DVC_LOG_FORMAT="json", DVC_RATE_LIMITS="off", RUST_LOG="warn,dvc_backend=info")
        e.pop("DATABASE_URL", None)
        e.update(env or {})
        self.proc = subprocess.Popen([binary, "serve", "--addr", "127.0.0.1:0", "--data-dir", data_dir,
                                      "--content", os.path.join(ROOT, "data"), "--widget-dir", os.path.join(ROOT, "dist")],
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=e, cwd=ROOT)
        for line in self.proc.stdout:
            if '"message":"ready"' in line:
                url = re.search(r"http://[0-9.:]+", line).group(0)
                self.host, self.port = url[7:].split(":")
                self.port = int(self.port)
                break
        else:
            raise SystemExit("server exited before it was ready")
        threading.Thread(target=lambda: [None for _ in self.proc.stdout], daemon=True).start()

    @property
    def url(self):
        return f"http://{self.host}:{self.port}"

    def rss_mib(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        return 0.0

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=30)


def add_user(binary, data_dir, name, password, env=None):
    e = dict(os.environ)
    e.pop("DATABASE_URL", None)
    e.update(env or {})
    subprocess.run([binary, "user", "add", name, "--role", "staff", "--data-dir", data_dir],
                   input=password + "\n", text=True, check=True, env=e, capture_output=True)


class Postgres:
    """A throwaway cluster with PostgreSQL's default (durable) settings."""

    def __init__(self):
        versions = sorted(os.listdir("/usr/lib/postgresql"), key=lambda v: int(v) if v.isdigit() else 0)
        self.bin = f"/usr/lib/postgresql/{versions[-1]}/bin"
        self.dir = tempfile.mkdtemp(prefix="dvc-load-pg-")
        os.chmod(self.dir, 0o777)
        self.port = free_port()
        self.pg(f"{self.bin}/initdb -D {self.dir}/data -U postgres -A trust -E UTF8 --locale=C.UTF-8")
        self.pg(f"{self.bin}/pg_ctl -D {self.dir}/data -l {self.dir}/log -w -o "
                f"'-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c max_connections=200' start")
        self.pg(f"{self.bin}/psql -h 127.0.0.1 -p {self.port} -U postgres -c 'CREATE DATABASE dvc'")
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/dvc"

    def pg(self, cmd):
        full = ["su", "postgres", "-c", cmd] if os.geteuid() == 0 else ["sh", "-c", cmd]
        subprocess.run(full, check=True, capture_output=True)

    def stop(self):
        self.pg(f"{self.bin}/pg_ctl -D {self.dir}/data -m fast stop")
        shutil.rmtree(self.dir, ignore_errors=True)


def lua_script(kind):
    if kind == "search":
        paths = ",".join('"/api/v1/search?q=%s"' % urllib.parse.quote(q) for q in QUERIES)
        return f"""local paths = {{{paths}}}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
"""
    if kind == "chat":
        bodies = ",".join("[[%s]]" % json.dumps({"message": q}, ensure_ascii=False) for q in QUERIES)
        return f"""local bodies = {{{bodies}}}
local i = 0
request = function()
  i = i + 1
  return wrk.format("POST", "/api/v1/chat", {{["Content-Type"] = "application/json"}}, bodies[(i % #bodies) + 1])
end
"""
    if kind == "tickets":
        return """local i = 0
local thread_id = math.random(1, 1000000000)
request = function()
  i = i + 1
  local body = string.format('{"name":"Nguyễn Văn Tải","phone":"0912345678","question":"Kiểm thử tải số %d","consent":true}', i)
  return wrk.format("POST", "/api/v1/tickets", {["Content-Type"] = "application/json",
    ["Idempotency-Key"] = string.format("load-%d-%d", thread_id, i)}, body)
end
"""
    raise ValueError(kind)


def parse_ms(v):
    m = re.match(r"([0-9.]+)(us|ms|s|m)", v)
    n, unit = float(m.group(1)), m.group(2)
    return {"us": n / 1000, "ms": n, "s": n * 1000, "m": n * 60000}[unit]


def wrk(server, kind, connections, seconds, sample=None):
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(lua_script(kind))
        script = f.name
    peak = [0.0]
    stop = threading.Event()

    def sampler():
        while not stop.is_set():
            peak[0] = max(peak[0], server.rss_mib())
            time.sleep(0.2)

    t = threading.Thread(target=sampler, daemon=True)
    t.start()
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s",
                          "-s", script, server.url], capture_output=True, text=True, check=True).stdout
    stop.set()
    t.join()
    os.unlink(script)
    pct = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", out, re.M))
    rps = float(re.search(r"Requests/sec:\s+([0-9.]+)", out).group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    non2xx = int((re.search(r"Non-2xx or 3xx responses: (\d+)", out) or [0, 0])[1])
    sock = re.search(r"Socket errors: (.*)", out)
    return {"kind": kind, "connections": connections, "rps": rps, "p50": parse_ms(pct["50"]),
            "p99": parse_ms(pct["99"]), "requests": total, "errors": non2xx,
            "socket_errors": sock.group(1) if sock else "none", "peak_rss": peak[0]}


def request(host, port, method, path, body=None, headers=None):
    c = http.client.HTTPConnection(host, port, timeout=10)
    c.request(method, path, body=json.dumps(body) if body is not None else None,
              headers=dict({"Content-Type": "application/json"}, **(headers or {})))
    r = c.getresponse()
    data = r.read()
    return r.status, r.getheader("Set-Cookie"), data


def sse_delay(create_on, watch_on, user, password, n=20):
    """Median and max ms from POST /tickets (on one replica) to the event in a console (on another)."""
    _, cookie, _ = request(watch_on.host, watch_on.port, "POST", "/api/v1/auth/login",
                           {"username": user, "password": password})
    cookie = cookie.split(";")[0]
    conn = http.client.HTTPConnection(watch_on.host, watch_on.port, timeout=30)
    conn.request("GET", "/api/v1/staff/events", headers={"Cookie": cookie})
    stream = conn.getresponse()
    arrived = {}

    def reader():
        try:
            for raw in stream:
                line = raw.decode("utf-8", "replace").strip()
                if line.startswith("data:") and '"created"' in line:
                    arrived[json.loads(line[5:])["code"]] = time.perf_counter()
        except (OSError, AttributeError, ValueError):
            pass  # the stream is closed at the end of the measurement

    threading.Thread(target=reader, daemon=True).start()
    time.sleep(0.3)
    sent = {}
    for i in range(n):
        t0 = time.perf_counter()
        status, _, body = request(create_on.host, create_on.port, "POST", "/api/v1/tickets",
                                  {"name": "Trần Văn Đo", "phone": "0987654321", "question": f"Đo SSE {i}",
                                   "consent": True})
        assert status == 201, body
        sent[json.loads(body)["code"]] = t0
        time.sleep(0.05)
    deadline = time.time() + 10
    while len(arrived) < n and time.time() < deadline:
        time.sleep(0.05)
    delays = sorted((arrived[c] - t0) * 1000 for c, t0 in sent.items() if c in arrived)
    conn.close()
    return {"delivered": len(delays), "of": n, "median_ms": delays[len(delays) // 2] if delays else None,
            "max_ms": delays[-1] if delays else None}


def add_editor(binary, data_dir, name, password):
    e = dict(os.environ)
    e.pop("DATABASE_URL", None)
    subprocess.run([binary, "user", "add", name, "--role", "editor", "--data-dir", data_dir],
                   input=password + "\n", text=True, check=True, env=e, capture_output=True)


def publish_under_load(binary, work, publishes=10, seconds=60):
    """Ten consecutive publishes (each a full index build of the default content) while wrk keeps
    searching: time from the editor's save to the new version served, and wrk's errors and p99."""
    data_dir = os.path.join(work, "publish")
    pw = "biên tập thử tải 2026"
    add_editor(binary, data_dir, "bien-tap", pw)
    s = Server(binary, data_dir)
    _, cookie, _ = request(s.host, s.port, "POST", "/api/v1/auth/login", {"username": "bien-tap", "password": pw})
    cookie = cookie.split(";")[0]
    status, _, body = request(s.host, s.port, "GET", "/api/v1/documents/faq-cap-cu-tru-01")
    faq = json.loads(body)
    result = {}

    def load():
        result["wrk"] = wrk(s, "search", 50, seconds)

    t = threading.Thread(target=load)
    t.start()
    time.sleep(2)
    served = []
    for i in range(publishes):
        faq["answer"] = faq["answer"].split("\n[bản sửa")[0] + f"\n[bản sửa {i + 1}]"
        t0 = time.perf_counter()
        st, _, b = request(s.host, s.port, "PUT", "/api/v1/editor/documents/faq-cap-cu-tru-01", faq, {"Cookie": cookie})
        assert st == 200, b
        version = json.loads(b)["version"]
        while True:
            _, _, sb = request(s.host, s.port, "GET", "/api/v1/editor/status", headers={"Cookie": cookie})
            if json.loads(sb)["serving_version"] == version:
                break
            time.sleep(0.02)
        served.append((time.perf_counter() - t0) * 1000)
    t.join()
    s.stop()
    served.sort()
    return {"publishes": publishes, "median_ms": served[len(served) // 2], "max_ms": served[-1], "wrk": result["wrk"]}


def soak(binary, work, minutes):
    """Moderate mixed load (search, chat, and a ticket every few requests) for `minutes`: RSS
    sampled every 30 s and every error counted."""
    data_dir = os.path.join(work, "soak")
    s = Server(binary, data_dir)
    script = """local paths = {%s}
local i = 0
request = function()
  i = i + 1
  if i %% 10 == 0 then
    return wrk.format("POST", "/api/v1/tickets", {["Content-Type"] = "application/json"},
      string.format('{"name":"Người dân","phone":"0912345678","question":"Soak %%d","consent":true}', i))
  elseif i %% 3 == 0 then
    return wrk.format("POST", "/api/v1/chat", {["Content-Type"] = "application/json"}, '{"message":"lệ phí làm hộ chiếu"}')
  end
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
""" % ",".join('"/api/v1/search?q=%s"' % urllib.parse.quote(q) for q in QUERIES)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(script)
    samples = []
    stop = threading.Event()

    def sampler():
        t0 = time.time()
        while not stop.is_set():
            samples.append((round(time.time() - t0), s.rss_mib()))
            stop.wait(30)

    t = threading.Thread(target=sampler, daemon=True)
    t.start()
    # moderate: 10 connections, rate-capped by wrk's single thread pair
    out = subprocess.run(["wrk", "-t1", "-c10", f"-d{minutes * 60}s", "--latency", "--timeout", "10s", "-s", f.name, s.url],
                         capture_output=True, text=True, check=True).stdout
    stop.set()
    t.join()
    samples.append((minutes * 60, s.rss_mib()))
    os.unlink(f.name)
    s.stop()
    total = int(re.search(r"(\d+) requests in", out).group(1))
    non2xx = int((re.search(r"Non-2xx or 3xx responses: (\d+)", out) or [0, 0])[1])
    sock = re.search(r"Socket errors: (.*)", out)
    p99 = parse_ms(dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", out, re.M))["99"])
    return {"minutes": minutes, "requests": total, "errors": non2xx, "socket_errors": sock.group(1) if sock else "none",
            "p99": p99, "rss": samples}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--seconds", type=int, default=15)
    ap.add_argument("--out", default=os.path.join(ROOT, "target/load-report.md"))
    ap.add_argument("--soak", type=int, default=0, help="only a soak test of this many minutes")
    a = ap.parse_args()
    if a.soak:
        work = tempfile.mkdtemp(prefix="dvc-soak-")
        try:
            r = soak(a.bin, work, a.soak)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        rss = ", ".join(f"{t}s {m:.0f}" for t, m in r["rss"])
        report = (f"Soak: {r['minutes']} min, wrk 10 connections, search + chat + a ticket every 10th request: "
                  f"{r['requests']} requests, non-2xx {r['errors']}, socket errors {r['socket_errors']}, p99 {r['p99']:.1f} ms.\n"
                  f"RSS MiB over time: {rss}\n")
        print(report)
        with open(os.path.join(ROOT, "target/soak-report.md"), "w") as f:
            f.write(report)
        sys.exit(1 if r["errors"] or r["socket_errors"] != "none" else 0)
    work = tempfile.mkdtemp(prefix="dvc-load-")
    rows, sse, mem, pub = [], [], {}, None
    pw = "tải thử nghiệm 2026"
    try:
        sqlite_dir = os.path.join(work, "sqlite")
        add_user(a.bin, sqlite_dir, "do-tai", pw)
        s = Server(a.bin, sqlite_dir)
        time.sleep(1)
        mem["at rest (SQLite)"] = s.rss_mib()
        for kind, conns in [("search", 50), ("search", 200), ("chat", 50), ("chat", 200), ("tickets", 50)]:
            r = wrk(s, kind, conns, a.seconds)
            r["db"] = "SQLite"
            rows.append(r)
            print(f"# {kind} c={conns} SQLite: {r['rps']:.0f} req/s p50 {r['p50']:.2f} ms p99 {r['p99']:.2f} ms "
                  f"errors {r['errors']}", flush=True)
        mem["peak under load (SQLite)"] = max(r["peak_rss"] for r in rows)
        mem["after load (SQLite)"] = s.rss_mib()
        sse.append(dict(sse_delay(s, s, "do-tai", pw), setup="one replica, SQLite"))
        s.stop()
        pub = publish_under_load(a.bin, work)
        print(f"# 10 publishes under load: served after median {pub['median_ms']:.0f} ms, max {pub['max_ms']:.0f} ms; "
              f"search during them p99 {pub['wrk']['p99']:.1f} ms, errors {pub['wrk']['errors']}", flush=True)
        pub["wrk"]["db"] = "SQLite, during 10 publishes"
        rows.append(pub["wrk"])

        pg = Postgres()
        try:
            env = {"DATABASE_URL": pg.url}
            add_user(a.bin, os.path.join(work, "pg-a"), "do-tai", pw, env)
            ra = Server(a.bin, os.path.join(work, "pg-a"), env)
            rb = Server(a.bin, os.path.join(work, "pg-b"), env)
            r = wrk(ra, "tickets", 50, a.seconds)
            r["db"] = "PostgreSQL"
            rows.append(r)
            print(f"# tickets c=50 PostgreSQL: {r['rps']:.0f} req/s p99 {r['p99']:.2f} ms errors {r['errors']}",
                  flush=True)
            sse.append(dict(sse_delay(ra, rb, "do-tai", pw), setup="created on replica A, console on replica B, PostgreSQL"))
            ra.stop()
            rb.stop()
        finally:
            pg.stop()
    finally:
        shutil.rmtree(work, ignore_errors=True)

    cpu = os.cpu_count()
    lines = [f"Load report: release build, wrk -t2, {a.seconds} s per row, loopback, {cpu} cores, rate limits off.", "",
             "| route | database | connections | req/s | p50 ms | p99 ms | requests | non-2xx | socket errors |",
             "|---|---|---:|---:|---:|---:|---:|---:|---|"]
    for r in rows:
        lines.append(f"| {r['kind']} | {r['db']} | {r['connections']} | {r['rps']:.0f} | {r['p50']:.2f} | "
                     f"{r['p99']:.2f} | {r['requests']} | {r['errors']} | {r['socket_errors']} |")
    lines += ["", "| SSE delivery (ticket created → console event) | delivered | median ms | max ms |", "|---|---:|---:|---:|"]
    for x in sse:
        lines.append(f"| {x['setup']} | {x['delivered']}/{x['of']} | {x['median_ms']:.1f} | {x['max_ms']:.1f} |")
    lines += ["", "| 10 consecutive publishes (full index build each) | median ms | max ms |", "|---|---:|---:|",
              f"| editor's save → new version served | {pub['median_ms']:.0f} | {pub['max_ms']:.0f} |"]
    lines += ["", "| memory (RSS) | MiB |", "|---|---:|"]
    for k, v in mem.items():
        lines.append(f"| {k} | {v:.0f} |")
    report = "\n".join(lines) + "\n"
    os.makedirs(os.path.dirname(a.out), exist_ok=True)
    with open(a.out, "w") as f:
        f.write(report)
    print()
    print(report)
    bad = [r for r in rows if r["errors"] or r["socket_errors"] != "none"]
    if bad:
        print("errors under load:", bad, file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
