#!/usr/bin/env python3
"""`reverie-cli assets fetch/status` as a user runs them, against a local HTTP server on 127.0.0.1
serving the real upstream CLIP files (from shared/assets), a corrupted copy and a TAESD decoder that
is not the pinned upstream file.
Usage: assets_fetch_test.py REVERIE_CLI SHARED_DIR. Exit 77 (skipped) without shared/assets/clip."""
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading

cli, shared = sys.argv[1], sys.argv[2]
clip = os.path.join(shared, "assets", "clip")
if not os.path.isfile(os.path.join(clip, "vocab.json")):
    print(f"SKIPPED: {clip}/vocab.json missing (the real upstream CLIP files are needed)")
    sys.exit(77)

failures = 0


def check(ok, what):
    global failures
    print(("ok   " if ok else "FAIL ") + what)
    failures += 0 if ok else 1


def files_under(d):
    return sorted(os.path.relpath(os.path.join(r, f), d) for r, _, fs in os.walk(d) for f in fs)


work = tempfile.mkdtemp(prefix="reverie-assets-")
site = os.path.join(work, "site")
for base in ("good", "bad"):
    os.makedirs(os.path.join(site, base, "clip"))
    for name in ("vocab.json", "merges.txt"):
        shutil.copy(os.path.join(clip, name), os.path.join(site, base, "clip", name))
# A TAESD decoder that is not the pinned upstream file (the random-weight one of the goldens).
os.makedirs(os.path.join(site, "bad", "taesd"))
taesd_random = os.path.join(shared, "assets", "taesd", "taesd_decoder.random.safetensors")
if os.path.isfile(taesd_random):
    shutil.copy(taesd_random, os.path.join(site, "bad", "taesd", "taesd_decoder.safetensors"))
with open(os.path.join(site, "bad", "clip", "merges.txt"), "r+b") as f:
    f.seek(1000)
    byte = f.read(1)
    f.seek(1000)
    f.write(bytes([byte[0] ^ 0x01]))


class Quiet(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *a, **kw):
        super().__init__(*a, directory=site, **kw)

    def log_message(self, *a):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
threading.Thread(target=server.serve_forever, daemon=True).start()
url = f"http://127.0.0.1:{server.server_address[1]}"
home = os.path.join(work, "home")
os.makedirs(home)
env = dict(os.environ, HOME=home, XDG_DATA_HOME=os.path.join(home, "data"), XDG_DATA_DIRS=work)
env.pop("REVERIE_ASSETS_DIR", None)


def run(*args, extra_env=None):
    p = subprocess.run([cli, *args], env=dict(env, **(extra_env or {})), capture_output=True,
                       text=True, timeout=120)
    print(f"$ reverie-cli {' '.join(args)}  -> {p.returncode}\n{p.stdout}{p.stderr}".rstrip())
    return p


try:
    # Into the user's data folder (no --dest): the real files, verified.
    p = run("assets", "fetch", "--only", "clip", "--url-base", url + "/good")
    dest = os.path.join(home, "data", "reverie", "assets")
    check(p.returncode == 0 and p.stdout.count("SHA-256 verified") == 2, "fetch clip: 2 verified")
    check(files_under(dest) == ["clip/merges.txt", "clip/vocab.json"], "stored in XDG_DATA_HOME")
    for name in ("vocab.json", "merges.txt"):
        with open(os.path.join(dest, "clip", name), "rb") as a, open(os.path.join(clip, name), "rb") as b:
            check(a.read() == b.read(), f"{name} identical to upstream")
    p = run("assets", "status")
    check(p.returncode == 0, "status runs")
    lines = {l.split()[0]: l.split() for l in p.stdout.splitlines() if l.strip()}
    check(lines.get("clip-vocab", [None, None])[1] == "ok", "status: clip-vocab ok")
    check(lines.get("clip-merges", [None, None])[1] == "ok", "status: clip-merges ok")
    check(lines.get("taesd-decoder", [None, None])[1] == "missing", "status: taesd-decoder missing")
    p = run("assets", "fetch", "--only", "clip", "--url-base", url + "/good")
    check(p.returncode == 0 and p.stdout.count("already present") == 2, "second fetch: nothing downloaded")

    # A corrupted download is rejected and nothing is written.
    bad_dest = os.path.join(work, "bad-dest")
    p = run("assets", "fetch", "--only", "clip-merges", "--url-base", url + "/bad", "--dest", bad_dest)
    check(p.returncode == 1 and "SHA-256" in p.stderr and "Nothing was saved" in p.stderr,
          "corrupted merges.txt rejected")
    check(files_under(bad_dest) == [], "nothing written for the corrupted download")

    # Everything from a mirror that lacks TAESD: the CLIP files verified, TAESD an HTTP error,
    # and nothing of TAESD written.
    all_dest = os.path.join(work, "all-dest")
    p = run("assets", "fetch", "--url-base", url + "/good", "--dest", all_dest)
    check(p.returncode == 1 and p.stdout.count("SHA-256 verified") == 2 and
          p.stderr.count("HTTP 404") == 2, "fetch all: CLIP verified, TAESD missing upstream")
    check(files_under(all_dest) == ["clip/merges.txt", "clip/vocab.json"], "nothing written on 404")
    # A TAESD decoder that is not the pinned file is rejected, even when the user says to trust it
    # (the flag only matters for assets with no known hash).
    if os.path.isfile(taesd_random):
        p = run("assets", "fetch", "--only", "taesd-decoder", "--trust-unverified", "--url-base",
                url + "/bad", "--dest", all_dest)
        check(p.returncode == 1 and "Nothing was saved" in p.stderr, "wrong TAESD decoder rejected")
        check(files_under(all_dest) == ["clip/merges.txt", "clip/vocab.json"],
              "no TAESD file written")
    else:
        print(f"SKIPPED part: {taesd_random} missing")

    p = run("assets", "frobnicate")
    check(p.returncode != 0 and p.stderr.startswith("error:"), "unknown subcommand is an error")
finally:
    server.shutdown()
    shutil.rmtree(work, ignore_errors=True)

print(f"{failures} check(s) failed" if failures else "all checks passed")
sys.exit(1 if failures else 0)
