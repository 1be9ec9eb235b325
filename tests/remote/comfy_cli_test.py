"""`reverie-cli generate --backend comfyui` against the real ComfyUI (tests/remote/comfy_server.py):
one case per CTest test. Checks what a user relies on, not pixels against a local run (ComfyUI's
samplers are k-diffusion's): sizes, kept pixels byte-identical, progress and previews, cancel,
errors that name the problem.

  comfy_cli_test.py CLI WORKDIR CASE     (the server of WORKDIR/server.json; kill_restart starts its own)
"""
import glob
import json
import os
import re
import signal
import struct
import subprocess
import sys
import time
import urllib.request
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import comfy_server  # noqa: E402

SKIP = 77


# --- PNG without third-party modules: 8-bit grey/RGB/RGBA, every filter type -------------------
def write_png(path, width, height, channels, pixels):
    colour = {1: 0, 3: 2, 4: 6}[channels]
    raw = b"".join(b"\0" + bytes(pixels[y * width * channels:(y + 1) * width * channels])
                   for y in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data) & 0xffffffff)

    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, colour, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def read_png(path):
    """(width, height, channels, bytearray pixels, {text chunks})."""
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path + " is not a PNG"
    pos, idat, text = 8, b"", {}
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and interlace == 0
            ch = {0: 1, 2: 3, 6: 4, 4: 2}[colour]
        elif kind == b"IDAT":
            idat += body
        elif kind == b"tEXt":
            k, v = body.split(b"\0", 1)
            text[k.decode("latin-1")] = v.decode("latin-1")
        elif kind == b"iTXt":
            k, rest = body.split(b"\0", 1)
            flag = rest[0]
            v = rest[2:].split(b"\0", 2)[2]
            text[k.decode("utf-8")] = (zlib.decompress(v) if flag else v).decode("utf-8")
        pos += 12 + n
    raw = zlib.decompress(idat)
    stride = w * ch
    out = bytearray(h * stride)
    prev = bytearray(stride)
    for y in range(h):
        ftype = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - ch] if i >= ch else 0
            b = prev[i]
            c = prev[i - ch] if i >= ch else 0
            if ftype == 1:
                line[i] = (line[i] + a) & 255
            elif ftype == 2:
                line[i] = (line[i] + b) & 255
            elif ftype == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        out[y * stride:(y + 1) * stride] = line
        prev = line
    return w, h, ch, out, text


# --- the cases --------------------------------------------------------------------------------
class Case:
    def __init__(self, cli, workdir, url):
        self.cli, self.workdir, self.url = cli, workdir, url
        self.out = os.path.join(workdir, "cases")
        os.makedirs(self.out, exist_ok=True)

    def run(self, *args, model="tiny-sd1.safetensors", timeout=300, url=None):
        cmd = [self.cli, "generate", "--backend", "comfyui", "--server", url or self.url,
               "--comfy-loader", "TinyCheckpointLoader", "--model", model,
               "--prompt", "a red fox in the snow", "--steps", "4", "--seed", "11"] + list(args)
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        sys.stdout.write("$ %s\n-> %d\n%s%s" % (" ".join(cmd), p.returncode, p.stdout, p.stderr))
        return p

    def path(self, name):
        return os.path.join(self.out, name)

    def picture(self, name, w, h):
        """A structured RGB picture (gradients and bars) written as NAME."""
        px = bytearray()
        for y in range(h):
            for x in range(w):
                px += bytes(((x * 255) // max(1, w - 1), (y * 255) // max(1, h - 1),
                             255 if (x // 8 + y // 8) % 2 else 40))
        write_png(self.path(name), w, h, 3, px)
        return self.path(name)

    def square_mask(self, name, w, h, box):
        x1, y1, x2, y2 = box
        px = bytearray(255 if x1 <= x < x2 and y1 <= y < y2 else 0 for y in range(h) for x in range(w))
        write_png(self.path(name), w, h, 1, px)
        return self.path(name)


def expect(cond, message):
    if not cond:
        raise AssertionError(message)


def progress_and_previews(p, steps):
    m = re.search(r"remote: (\d+) progress events, (\d+) previews", p.stderr)
    expect(m, "no remote summary line")
    expect(int(m.group(1)) >= 1 and ("step %d/%d" % (steps, steps)) in p.stderr,
           "progress did not arrive")
    expect(int(m.group(2)) >= 1, "no preview arrived")


def check_success(p, out, size):
    expect(p.returncode == 0, "generate failed")
    w, h, ch, px, text = read_png(out)
    expect((w, h) == size, "picture is %dx%d, wanted %dx%d" % (w, h, size[0], size[1]))
    expect("Backend: ComfyUI" in text.get("parameters", ""), "no parameters chunk naming the backend")
    return px, text


def case_txt2img(c):
    out = c.path("txt2img.png")
    p = c.run("--width", "64", "--height", "96", "--cfg-scale", "5", "--sampler", "dpmpp_2m",
              "--karras", "--out", out)
    _, text = check_success(p, out, (64, 96))
    params = text["parameters"]
    expect("Seed: 11" in params and "Steps: 4" in params and "DPM++ 2M Karras" in params,
           "infotext does not carry the job: " + params)
    progress_and_previews(p, 4)


def case_img2img(c):
    init = c.picture("img2img_init.png", 72, 64)
    out = c.path("img2img.png")
    p = c.run("--init-image", init, "--strength", "0.5", "--steps", "8", "--out", out)
    px, text = check_success(p, out, (72, 64))
    expect("Denoising strength: 0.5" in text["parameters"], "strength not recorded")
    progress_and_previews(p, 4)  # 8 steps x strength 0.5
    _, _, _, orig, _ = read_png(init)
    expect(px != orig, "img2img returned the init picture unchanged")


def inpaint(c, model, tag):
    w, h, box = 64, 64, (16, 24, 48, 56)
    init = c.picture(tag + "_init.png", w, h)
    mask = c.square_mask(tag + "_mask.png", w, h, box)
    out = c.path(tag + ".png")
    p = c.run("--init-image", init, "--mask", mask, "--strength", "0.9", "--steps", "5",
              "--out", out, model=model)
    px, _ = check_success(p, out, (w, h))
    _, _, _, orig, _ = read_png(init)
    outside_diff = inside_diff = 0
    for y in range(h):
        for x in range(w):
            i = (y * w + x) * 3
            same = px[i:i + 3] == orig[i:i + 3]
            if box[0] <= x < box[2] and box[1] <= y < box[3]:
                inside_diff += not same
            else:
                outside_diff += not same
    expect(outside_diff == 0, "%d pixels outside the mask changed" % outside_diff)
    expect(inside_diff > 0, "nothing inside the mask was repainted")
    expect(re.search(r"step \d+/\d+", p.stderr), "no progress")


def case_inpaint(c):
    inpaint(c, "tiny-sd1.safetensors", "inpaint")


def case_inpaint_9ch(c):
    inpaint(c, "tiny-sd1-inpaint.safetensors", "inpaint9")


def case_lora(c):
    plain, styled = c.path("lora_without.png"), c.path("lora_with.png")
    check_success(c.run("--width", "64", "--height", "64", "--out", plain), plain, (64, 64))
    p = c.run("--width", "64", "--height", "64", "--lora", "tiny-sd1-lora.safetensors:1.5",
              "--out", styled)
    check_success(p, styled, (64, 64))
    expect(read_png(plain)[3] != read_png(styled)[3], "the LoRA changed nothing")
    p = c.run("--lora", "no-such-lora:0.5", "--out", c.path("lora_missing.png"))
    expect(p.returncode != 0 and "no LoRA \"no-such-lora\"" in p.stderr
           and "tiny-sd1-lora.safetensors" in p.stderr, "a missing LoRA is not named with the choices")


def case_controlnet(c):
    # A scribble (dark strokes on white) is made white-on-black here, uploaded, and handed to the
    # server's own ControlNetLoader + ControlNetApplyAdvanced. ComfyUI's loader assumes the real
    # hint-encoder widths (16, 32, 96, 256), so it refuses the tiny test ControlNet's (8, 8, 16,
    # 16) (see ../shared/golden/controlnet/README.md): the job must reach that node and say so.
    px = bytearray()
    for y in range(64):
        for x in range(64):
            px += bytes((30, 30, 30) if 20 <= x < 44 and 28 <= y < 36 else (250, 250, 250))
    write_png(c.path("scribble.png"), 64, 64, 3, px)
    for old in glob.glob(os.path.join(c.workdir, "input", "reverie-*-control0.png")):
        os.remove(old)
    p = c.run("--width", "64", "--height", "64", "--controlnet", "tiny-sd1-controlnet",
              "--control-image", c.path("scribble.png"), "--control-preprocess", "scribble",
              "--control-mode", "prompt", "--out", c.path("cn_with.png"))
    expect("no control modes" in p.stderr, "the unsupported control mode is not said")
    expect(p.returncode != 0 and "stopped in ControlNetLoader" in p.stderr,
           "the server's ControlNetLoader did not get the job")
    uploaded = glob.glob(os.path.join(c.workdir, "input", "reverie-*-control0.png"))
    expect(len(uploaded) == 1, "no control picture was uploaded")
    w, h, ch, px, _ = read_png(uploaded[0])
    expect((w, h) == (64, 64), "the control picture is %dx%d" % (w, h))
    at = lambda x, y: px[(y * w + x) * ch]
    expect(at(2, 2) == 0 and at(32, 32) == 255, "the scribble was not made white on black")
    p = c.run("--controlnet", "no-such-controlnet", "--control-image", c.path("scribble.png"),
              "--out", c.path("cn_missing.png"))
    expect(p.returncode != 0 and "no ControlNet \"no-such-controlnet\"" in p.stderr
           and "tiny-sd1-controlnet.safetensors" in p.stderr,
           "a missing ControlNet is not named with the choices")
    # Refused before anything reaches the server: the command still ends (it once waited forever).
    p = c.run("--controlnet", "tiny-sd1-controlnet", "--control-image", c.path("scribble.png"),
              "--control-preprocess", "inpaint", "--out", c.path("cn_inpaint.png"), timeout=60)
    expect(p.returncode != 0 and "inpaint preprocessor" in p.stderr,
           "the inpaint hint is not refused for a server")


def case_refused(c):
    # KSampler allows at most 10000 steps: the server itself refuses the graph (node_errors).
    p = c.run("--steps", "20000", "--width", "64", "--height", "64", "--out", c.path("refused.png"))
    expect(p.returncode != 0, "an impossible graph succeeded")
    expect("refused the job" in p.stderr and "KSampler" in p.stderr and "10000" in p.stderr,
           "the refusal does not say what the server said")
    p = c.run("--out", c.path("nomodel.png"), model="no-such-model.safetensors")
    expect(p.returncode != 0 and "no checkpoint \"no-such-model.safetensors\"" in p.stderr
           and "tiny-sd1.safetensors" in p.stderr, "a missing checkpoint is not named with the choices")


def case_dead_server(c):
    port = comfy_server.free_port()
    t0 = time.time()
    p = c.run("--out", c.path("dead.png"), url="http://reverie:s3cret-pass@127.0.0.1:%d" % port,
              timeout=60)
    expect(p.returncode != 0, "a dead server gave success")
    expect("Cannot reach the ComfyUI server at 127.0.0.1:%d" % port in p.stderr,
           "the message does not name the server")
    expect("s3cret" not in p.stdout + p.stderr, "the password was printed")
    expect(time.time() - t0 < 30, "a refused connection took %.0f s" % (time.time() - t0))


def queue_busy(url):
    with urllib.request.urlopen(url + "/queue", timeout=5) as r:
        q = json.load(r)
    return len(q.get("queue_running", [])) + len(q.get("queue_pending", []))


def start_long_job(c, out, url=None):
    cmd = [c.cli, "generate", "--backend", "comfyui", "--server", url or c.url,
           "--comfy-loader", "TinyCheckpointLoader", "--model", "tiny-sd1.safetensors",
           "--prompt", "a long job", "--steps", "300", "--width", "192", "--height", "192",
           "--seed", "3", "--out", out]
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines = []
    deadline = time.time() + 180
    while time.time() < deadline:
        line = p.stderr.readline()
        if not line:
            break
        lines.append(line)
        if line.startswith("step 2/"):
            return p, lines
    p.kill()
    raise AssertionError("the long job never reached step 2:\n" + "".join(lines))


def case_cancel(c):
    out = c.path("cancel.png")
    p, lines = start_long_job(c, out)
    t0 = time.time()
    p.send_signal(signal.SIGINT)
    _, rest = p.communicate(timeout=60)
    err = "".join(lines) + rest
    print(err)
    expect(p.returncode != 0, "a cancelled job exited 0")
    expect("Cancelled" in err, "no word of the cancel")
    expect(time.time() - t0 < 15, "cancel took %.0f s" % (time.time() - t0))
    expect(not os.path.exists(out), "a cancelled job wrote a picture")
    for _ in range(100):  # the server stops within a step
        if queue_busy(c.url) == 0:
            return
        time.sleep(0.1)
    raise AssertionError("the server still runs the cancelled job")


def case_kill_restart(c):
    """A server of its own is killed mid-job: a clear error, then the same command works once it
    is back on the same port."""
    workdir = os.path.join(c.workdir, "kill_restart")
    os.makedirs(workdir, exist_ok=True)
    port = comfy_server.free_port()
    url, proc = comfy_server.launch(workdir, port)
    try:
        out = c.path("killed.png")
        p, lines = start_long_job(c, out, url)
        comfy_server.kill(proc.pid, signal.SIGKILL)
        _, err = p.communicate(timeout=60)
        err = "".join(lines) + err
        print(err)
        expect(p.returncode != 0, "a killed server gave success")
        expect("was lost" in err and "127.0.0.1:%d" % port in err, "the message does not say the server went away")
        url, proc = comfy_server.launch(workdir, port)
        again = c.path("after_restart.png")
        check_success(c.run("--width", "64", "--height", "64", "--out", again, url=url), again, (64, 64))
    finally:
        comfy_server.kill(proc.pid)


CASES = {name[5:]: f for name, f in globals().items() if name.startswith("case_")}


def main():
    if len(sys.argv) != 4 or sys.argv[3] not in CASES:
        print(__doc__ + "cases: " + " ".join(CASES))
        return 2
    cli, workdir, case = sys.argv[1], os.path.abspath(sys.argv[2]), sys.argv[3]
    state = os.path.join(workdir, "server.json")
    if not os.path.exists(state):
        print("SKIP: no ComfyUI server (remote_comfy_start skipped or failed)")
        return SKIP
    with open(state) as f:
        url = json.load(f)["url"]
    CASES[case](Case(cli, workdir, url))
    print("PASS " + case)
    return 0


if __name__ == "__main__":
    sys.exit(main())
