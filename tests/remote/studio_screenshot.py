"""The studio generating on the real ComfyUI, for README's screenshot and a look by eye:

  studio_screenshot.py REVERIE OUT.png [--size 256] [--steps 30] [--at-preview 12]

Starts a server (comfy_server.py) on a free loopback port, points a scratch configuration of the
studio at it (Settings -> a ComfyUI server, the tiny test model), runs `reverie --generate
--screenshot` under xvfb-run and grabs the window at the n-th live preview."""
import argparse
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import comfy_server  # noqa: E402


def ini_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("reverie")
    ap.add_argument("out")
    ap.add_argument("--size", type=int, default=256)
    ap.add_argument("--steps", type=int, default=30)
    ap.add_argument("--at-preview", type=int, default=12)
    a = ap.parse_args()
    problem = comfy_server.missing_prerequisite()
    if problem:
        print("SKIP: " + problem)
        return comfy_server.SKIP
    home = tempfile.mkdtemp(prefix="reverie-shot-")
    url, proc = comfy_server.launch(os.path.join(home, "comfy"), comfy_server.free_port())
    try:
        conf = os.path.join(home, "config", "Reverie")
        os.makedirs(conf)
        settings = {"prompt": "a lighthouse on a cliff at dusk, oil painting", "negative_prompt": "blurry",
                    "model_path": "tiny-sd1.safetensors", "sampler": "euler_a", "steps": a.steps,
                    "width": a.size, "height": a.size, "cfg_scale": 6, "seed": "1234", "batch_count": 1}
        with open(os.path.join(conf, "reverie.conf"), "w") as f:
            f.write("[remote]\nbackend=comfyui\nurl=%s\nloader=TinyCheckpointLoader\n\n" % url)
            f.write("[session]\nsettings=%s\n" % ini_string(json.dumps(settings)))
        env = dict(os.environ, XDG_CONFIG_HOME=os.path.join(home, "config"),
                   XDG_DATA_HOME=os.path.join(home, "data"), REVERIE_RESTORE_AUTOSAVE="no")
        env.pop("QT_QPA_PLATFORM", None)
        cmd = ["xvfb-run", "-a", "-s", "-screen 0 1400x900x24", a.reverie, "--generate",
               "--screenshot", os.path.abspath(a.out), "--grab-at-preview", str(a.at_preview)]
        p = subprocess.run(cmd, env=env, timeout=300)
        print("%s -> %d" % (a.out, p.returncode))
        return p.returncode
    finally:
        comfy_server.kill(proc.pid)


if __name__ == "__main__":
    sys.exit(main())
