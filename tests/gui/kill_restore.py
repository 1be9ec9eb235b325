#!/usr/bin/env python3
"""Kill the studio with SIGKILL at awkward moments and check that the next start restores the work.

Usage: kill_restore.py REVERIE_BINARY

Each scenario runs `reverie` offscreen with its own XDG folders, with an image, a painted mask and a
prompt, kills it, starts it again with the autosave restored (REVERIE_RESTORE_AUTOSAVE=yes) and
compares what it holds (--dump-session) with what it must hold:
  idle            killed after an autosave, nothing running: canvas, mask and prompt come back.
  mid-generation  killed during a long generation: the same, and no history entry appears.
  mid-save        killed inside an autosave (REVERIE_TEST_AUTOSAVE_PAUSE_MS holds it between the
                  new images and snapshot.json): the previous snapshot comes back whole.
  after-result    killed once a finished image was autosaved: the canvas is that image, which the
                  history also holds.
  layers-queue    killed after an autosave of a painted sketch layer and two waiting jobs: the
                  layers (pixels, names, visibility, opacity) and the queue come back.
The reference is a run that dumps its state without being killed. Exit status 0 when every
scenario passed; each prints one line with its outcome.
"""
import json
import os
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
import zlib

PROMPT = "a red circle on a blue background, kill test"
WAIT_S = 120  # a generous limit for anything to appear; only a broken studio reaches it


def write_png(path, width, height):
    """An RGB gradient, so the canvas has something to compare."""
    rows = b"".join(
        b"\0" + bytes(v for x in range(width) for v in (x * 2 % 256, y * 2 % 256, 128))
        for y in range(height)
    )

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)))
        f.write(chunk(b"IDAT", zlib.compress(rows)))
        f.write(chunk(b"IEND", b""))


class Studio:
    def __init__(self, binary, root):
        self.binary = binary
        self.env = dict(os.environ, QT_QPA_PLATFORM="offscreen", OMP_NUM_THREADS="1")
        for name in ("CONFIG", "DATA", "STATE", "CACHE"):
            path = os.path.join(root, name.lower())
            os.makedirs(path, exist_ok=True)
            self.env["XDG_%s_HOME" % name] = path
        self.autosave = os.path.join(root, "data", "Reverie", "reverie", "autosave")
        self.history = os.path.join(root, "data", "Reverie", "reverie", "history")

    def start(self, args, **env):
        return subprocess.Popen([self.binary] + args, env=dict(self.env, **env),
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def dump(self, args, path, **env):
        p = self.start(args + ["--dump-session", path], **env)
        _, err = p.communicate(timeout=WAIT_S)
        if p.returncode != 0:
            raise RuntimeError("dump run exited %d: %s" % (p.returncode, err.decode()[-500:]))
        with open(path) as f:
            return json.load(f)

    def snapshot(self):
        try:
            with open(os.path.join(self.autosave, "snapshot.json")) as f:
                return json.load(f)
        except (OSError, ValueError):
            return None

    def history_images(self):
        if not os.path.isdir(self.history):
            return []
        return [n for n in os.listdir(self.history) if n.endswith(".png") and ".thumb" not in n]


def wait_for(what, test):
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        value = test()
        if value:
            return value
        time.sleep(0.05)
    raise RuntimeError("timed out waiting for " + what)


def kill(process):
    if process.poll() is not None:
        raise RuntimeError("the studio had already exited (%d) before the kill" % process.returncode)
    process.send_signal(signal.SIGKILL)
    process.wait()


def orphan_image(studio):
    """A canvas written by a save whose snapshot.json is not there yet: the save is in progress."""
    snap = studio.snapshot()
    if not snap or not os.path.isdir(studio.autosave):
        return None
    named = {snap.get("canvas"), snap.get("mask")}
    return [n for n in os.listdir(studio.autosave) if n.startswith("canvas-") and n not in named]


def scenario(name, work, binary, image, reference, run, check):
    root = os.path.join(work, name)
    studio = Studio(binary, root)
    base = [image, "--paint-mask", "--prompt", PROMPT, "--autosave-interval", "500"]
    try:
        run(studio, base)
        restored = studio.dump([], os.path.join(root, "restored.json"), REVERIE_RESTORE_AUTOSAVE="yes")
        problems = check(studio, restored, reference)
    except (RuntimeError, subprocess.TimeoutExpired) as e:
        problems = [str(e)]
    print("%-15s %s" % (name, "; ".join(problems) if problems else "restored as expected"), flush=True)
    return not problems


def same_work(restored, reference):
    problems = []
    for key in ("canvas_size", "canvas", "mask"):
        if restored[key] != reference[key]:
            problems.append("%s differs (%s, expected %s)" % (key, restored[key], reference[key]))
    if restored["settings"].get("prompt") != PROMPT:
        problems.append("prompt is %r" % restored["settings"].get("prompt"))
    return problems


def main():
    binary = sys.argv[1]
    work = tempfile.mkdtemp(prefix="reverie-kill-")
    image = os.path.join(work, "input.png")
    write_png(image, 128, 128)
    reference = Studio(binary, os.path.join(work, "reference")).dump(
        [image, "--paint-mask", "--prompt", PROMPT], os.path.join(work, "reference.json"))
    if not reference["mask"] or not reference["canvas"]:
        print("the reference run has no canvas or no mask: %s" % reference)
        return 1

    def idle(studio, base):
        p = studio.start(base)
        wait_for("the first autosave", studio.snapshot)
        kill(p)

    def mid_generation(studio, base):
        p = studio.start(base + ["--steps", "150", "--generate"])
        wait_for("the first autosave", studio.snapshot)
        # The generation starts at 0.8 s and its 150 steps take many seconds; the check that no
        # history entry appeared tells it was still running.
        time.sleep(1.5)
        kill(p)

    def mid_save(studio, base):
        p = studio.start(base + ["--steps", "3", "--generate"], REVERIE_TEST_AUTOSAVE_PAUSE_MS="3000")
        wait_for("the result in the history", studio.history_images)
        wait_for("an autosave in progress", lambda: orphan_image(studio))
        kill(p)

    def after_result(studio, base):
        p = studio.start(base + ["--steps", "3", "--generate"])
        wait_for("the result in the history", studio.history_images)
        # Snapshot 1 holds the image, mask and prompt set up at start; the only change after them
        # is the result, so snapshot 2 holds it.
        wait_for("the second autosave", lambda: (studio.snapshot() or {}).get("generation", 0) >= 2)
        kill(p)

    def no_history(studio, restored, ref):
        return same_work(restored, ref) + (["a history entry appeared"] if restored["history"] else [])

    def one_history(studio, restored, ref):
        n = len(restored["history"])
        return same_work(restored, ref) + ([] if n == 1 else ["%d history entries, not 1" % n])

    def result_on_canvas(studio, restored, ref):
        problems = []
        if len(restored["history"]) != 1:
            problems.append("%d history entries, not 1" % len(restored["history"]))
        elif restored["canvas"] != restored["history"][0]["image"]:
            problems.append("the canvas is not the finished image")
        if restored["canvas"] == ref["canvas"]:
            problems.append("the canvas is the image from before the generation")
        if restored["settings"].get("prompt") != PROMPT:
            problems.append("prompt is %r" % restored["settings"].get("prompt"))
        return problems

    sketch = ["--paint-sketch", "--queue-jobs", "2"]
    layered = Studio(binary, os.path.join(work, "layered-reference")).dump(
        [image, "--paint-mask", "--prompt", PROMPT] + sketch,
        os.path.join(work, "layered-reference.json"))
    if len(layered["layers"]) != 2 or len(layered["queue"]) != 2:
        print("the layered reference has no sketch layer or no queue: %s" % layered)
        return 1

    def idle_layered(studio, base):
        p = studio.start(base + sketch)
        wait_for("an autosave with the queue",
                 lambda: len((studio.snapshot() or {}).get("queue", [])) == 2)
        kill(p)

    def same_layers_and_queue(studio, restored, ref):
        problems = no_history(studio, restored, ref)
        for key in ("layers", "queue"):
            if restored[key] != ref[key]:
                problems.append("%s differ (%s, expected %s)" % (key, restored[key], ref[key]))
        return problems

    results = [
        scenario("idle", work, binary, image, reference, idle, no_history),
        scenario("mid-generation", work, binary, image, reference, mid_generation, no_history),
        scenario("mid-save", work, binary, image, reference, mid_save, one_history),
        scenario("after-result", work, binary, image, reference, after_result, result_on_canvas),
        scenario("layers-queue", work, binary, image, layered, idle_layered,
                 same_layers_and_queue),
    ]
    shutil.rmtree(work)
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
