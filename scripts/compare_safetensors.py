"""Compares two f32 safetensors files tensor by tensor (CI: a fresh fit against the bundled one).

Usage: python3 scripts/compare_safetensors.py FRESH BUNDLED [--tolerance T]

Identical bytes pass at once. Otherwise every tensor must exist in both with the same shape, and
the largest absolute difference must be at most T: the last bits of a fit can depend on the
CPU's matrix kernels (AVX-512 or AVX2). Exits 1 with a message when they differ.
"""

import json
import struct
import sys


def read(path):
    data = open(path, "rb").read()
    (length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + length])
    body = data[8 + length :]
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        if info["dtype"] != "F32":
            raise SystemExit(f"{path}: {name} is {info['dtype']}, not F32")
        start, end = info["data_offsets"]
        count = (end - start) // 4
        tensors[name] = (tuple(info["shape"]), struct.unpack(f"<{count}f", body[start:end]))
    return data, tensors


def main():
    args = sys.argv[1:]
    tolerance = 0.0
    if "--tolerance" in args:
        at = args.index("--tolerance")
        tolerance = float(args[at + 1])
        del args[at : at + 2]
    fresh_path, bundled_path = args
    fresh_bytes, fresh = read(fresh_path)
    bundled_bytes, bundled = read(bundled_path)
    if fresh_bytes == bundled_bytes:
        print(f"{bundled_path}: identical to a fresh fit")
        return
    if fresh.keys() != bundled.keys():
        raise SystemExit(f"{bundled_path}: tensor names differ from a fresh fit")
    worst = 0.0
    for name, (shape, values) in bundled.items():
        fresh_shape, fresh_values = fresh[name]
        if shape != fresh_shape:
            raise SystemExit(f"{bundled_path}: {name} has shape {shape}, a fresh fit {fresh_shape}")
        worst = max([worst] + [abs(a - b) for a, b in zip(values, fresh_values)])
    print(f"{bundled_path}: largest difference from a fresh fit {worst:.2e} (at most {tolerance})")
    if worst > tolerance:
        raise SystemExit(f"{bundled_path} differs from a fresh fit")


main()
