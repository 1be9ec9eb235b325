"""Starts and stops the real ComfyUI of ../shared/comfyui for the remote-backend tests, on a free
loopback port (127.0.0.1 only), with the tiny test models linked into a scratch base directory.

  comfy_server.py start WORKDIR   -> WORKDIR/server.json {"url", "pid", "port"} once it answers
  comfy_server.py stop WORKDIR    -> stops the server that start left there (by its pid)

Exit code 77 (CTest: skipped) when the shared data or ComfyUI's Debian packages are missing."""
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

SKIP = 77
PYTHON = "/usr/bin/python3"  # Debian's, which has python3-torch (ComfyUI's README)


def shared_dir():
    return os.environ.get("REVERIE_SHARED_DIR") or os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared")


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def missing_prerequisite():
    shared = shared_dir()
    if not os.path.exists(os.path.join(shared, "comfyui", "start.sh")):
        return "no ComfyUI at " + os.path.join(shared, "comfyui")
    if not os.path.exists(os.path.join(shared, "golden", "models", "tiny-sd1.safetensors")):
        return "no tiny-sd1 model in " + os.path.join(shared, "golden")
    probe = subprocess.run([PYTHON, "-c", "import torch, aiohttp, yaml, PIL, scipy, psutil"],
                           capture_output=True)
    if probe.returncode != 0:
        return "ComfyUI's Debian packages are missing (see packaging/debian-build-deps.txt)"
    return None


def link_models(workdir):
    golden = os.path.join(shared_dir(), "golden")
    links = {
        "models/checkpoints": ["models/tiny-sd1.safetensors", "models/tiny-sd1-inpaint.safetensors"],
        "models/configs": ["models/tiny-sd1.yaml", "models/tiny-sd1-inpaint.yaml"],
        "models/loras": ["lora/tiny-sd1-lora.safetensors"],
        "models/controlnet": ["controlnet/models/tiny-sd1-controlnet.safetensors"],
    }
    for folder, files in links.items():
        os.makedirs(os.path.join(workdir, folder), exist_ok=True)
        for f in files:
            src = os.path.join(golden, f)
            dst = os.path.join(workdir, folder, os.path.basename(f))
            if os.path.exists(src) and not os.path.lexists(dst):
                os.symlink(src, dst)


def answers(url, timeout=2):
    try:
        with urllib.request.urlopen(url + "/system_stats", timeout=timeout) as r:
            return r.status == 200
    except OSError:
        return False


def launch(workdir, port, wait_s=180):
    """Starts a server and waits until it answers; returns (url, process)."""
    link_models(workdir)
    log = open(os.path.join(workdir, "server-%d.log" % port), "ab")
    start = os.path.join(shared_dir(), "comfyui", "start.sh")
    # A session of its own: stop() ends the server and nothing else.
    proc = subprocess.Popen([start, workdir, str(port)], stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    url = "http://127.0.0.1:%d" % port
    deadline = time.time() + wait_s
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("ComfyUI exited with %d; see %s" % (proc.returncode, log.name))
        if answers(url):
            return url, proc
        time.sleep(0.25)
    kill(proc.pid)
    raise RuntimeError("ComfyUI did not answer within %d s; see %s" % (wait_s, log.name))


def kill(pid, sig=signal.SIGTERM):
    try:
        os.killpg(pid, sig)
    except ProcessLookupError:
        return
    for _ in range(100):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("start", "stop"):
        print(__doc__)
        return 2
    workdir = os.path.abspath(sys.argv[2])
    state = os.path.join(workdir, "server.json")
    if sys.argv[1] == "stop":
        if os.path.exists(state):
            with open(state) as f:
                kill(json.load(f)["pid"])
            os.remove(state)
        return 0
    problem = missing_prerequisite()
    if problem:
        print("SKIP: " + problem)
        return SKIP
    os.makedirs(workdir, exist_ok=True)
    if os.path.exists(state):  # a server a crashed run left behind
        with open(state) as f:
            kill(json.load(f)["pid"])
    port = free_port()
    t0 = time.time()
    url, proc = launch(workdir, port)
    with open(state, "w") as f:
        json.dump({"url": url, "pid": proc.pid, "port": port}, f)
    print("ComfyUI answers at %s after %.1f s (pid %d)" % (url, time.time() - t0, proc.pid))
    return 0


if __name__ == "__main__":
    sys.exit(main())
