"""Writes a safetensors checkpoint as Python's torch.save writes an A1111-era .ckpt:

  save_ckpt.py IN.safetensors OUT.ckpt [--top-level]

{"state_dict": {name: tensor}, "global_step": 1}, or with --top-level the bare {name: tensor} of
a ControlNet .pth (torch's zip format, its pickle naming
torch._utils._rebuild_tensor_v2 and the storage classes). Exits 77 (skipped) without Debian's
python3-torch. The .yaml beside IN is copied beside OUT."""
import json
import os
import shutil
import struct
import sys

try:
    import torch
except ImportError:
    print("SKIP: python3-torch is not installed")
    sys.exit(77)

DTYPES = {"F16": torch.float16, "F32": torch.float32, "BF16": torch.bfloat16, "I64": torch.int64}


def read_safetensors(path):
    data = open(path, "rb").read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    base = 8 + n
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        raw = bytearray(data[base + begin:base + end])
        t = torch.frombuffer(raw, dtype=DTYPES[info["dtype"]]) if raw else torch.empty(0)
        out[name] = t.reshape(info["shape"]).clone()
    return out


def main():
    src, dst = sys.argv[1], sys.argv[2]
    os.makedirs(os.path.dirname(os.path.abspath(dst)), exist_ok=True)
    weights = read_safetensors(src)
    top_level = "--top-level" in sys.argv[3:]
    torch.save(weights if top_level else {"state_dict": weights, "global_step": 1}, dst)
    yaml = os.path.splitext(src)[0] + ".yaml"
    if os.path.exists(yaml):
        shutil.copyfile(yaml, os.path.splitext(dst)[0] + ".yaml")
    return 0


if __name__ == "__main__":
    sys.exit(main())
