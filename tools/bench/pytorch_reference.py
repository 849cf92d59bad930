"""PyTorch side of the realign benchmark.

Started by tools/bench/src/main.ts. It reads one JSON request per line on stdin, times the
requested work with torch and writes one JSON reply per line on stdout, so the TypeScript side can
alternate candidate and reference runs inside one benchmark run.

Requests:
  {"op": "info"} -> {"torch": version, "threads": intra-op threads}
  {"op": "gemm", "m", "k", "n", "transposeA", "transposeB", "repeats"}
      -> {"seconds": mean seconds per product over `repeats` products}
  {"op": "layer_setup", "folder"}  loads the decoder layer weights and input the TypeScript side
      wrote as raw little-endian float32 files, runs forward+backward once and writes y.f32 and
      dx.f32 to the same folder -> {"ok": true}
  {"op": "layer", "backward": bool, "repeats"}
      -> {"seconds": mean seconds per forward (or forward+backward) pass}
  {"op": "quit"}

Run it with /usr/bin/python3 (Debian's python3-torch) and OMP_WAIT_POLICY=PASSIVE. Without the
passive wait policy, idle OpenMP threads spin and take the cores from the other side of the
benchmark.
"""

import glob
import json
import math
import os
import subprocess
import sys
import time


def apt_install(package, reason):
    print(f"pytorch_reference: {reason}; running apt-get install -y {package}", file=sys.stderr)
    prefix = [] if os.geteuid() == 0 else ["sudo"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(prefix + ["apt-get", "install", "-y", package], check=True, stdout=sys.stderr, env=env)


def import_torch():
    """Imports torch, first installing Debian's python3-torch and OpenBLAS when they are missing.

    Debian's torch calls whatever libblas.so.3 the alternatives system selects. With only the
    reference BLAS (libblas3) installed, a 512x576x576 product ran at about 7 GFLOP/s on a 2-core
    EPYC, against about 115 with OpenBLAS, so the reference would not be a fair one.
    """
    blas_libraries = glob.glob("/usr/lib/*/libblas.so.3")
    if not any("openblas" in os.path.realpath(path) for path in blas_libraries):
        apt_install("libopenblas0-pthread", "libblas.so.3 is not OpenBLAS")
    try:
        import torch
    except ImportError:
        apt_install("python3-torch", "torch is missing")
        import torch
    return torch


torch = import_torch()
torch.set_num_threads(2)

# Decoder layer geometry; the TypeScript side sends the same numbers in layer_setup.
LAYER = {}


def time_gemm(request):
    m, k, n = request["m"], request["k"], request["n"]
    a = torch.randn(k, m).t() if request["transposeA"] else torch.randn(m, k)
    b = torch.randn(n, k).t() if request["transposeB"] else torch.randn(k, n)
    torch.mm(a, b)
    start = time.perf_counter()
    for _ in range(request["repeats"]):
        torch.mm(a, b)
    return (time.perf_counter() - start) / request["repeats"]


def load_f32(folder, name, shape):
    data = torch.from_file(os.path.join(folder, name + ".f32"), size=math.prod(shape), dtype=torch.float32)
    return data.reshape(shape).clone()


def rms_norm(x, weight, eps):
    return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps) * weight


def rotate_half(x):
    half = x.shape[-1] // 2
    return torch.cat((-x[..., half:], x[..., :half]), dim=-1)


def decoder_layer(x, w, cos, sin, mask, config):
    """Computes one Llama decoder layer the way Hugging Face's eager LlamaDecoderLayer does."""
    batch, seq, hidden = x.shape
    heads, kv_heads, head_dim = config["heads"], config["kvHeads"], config["headDim"]
    group = heads // kv_heads

    h = rms_norm(x, w["input_norm"], config["eps"])
    q = (h @ w["q_proj"].t()).view(batch, seq, heads, head_dim).transpose(1, 2)
    k = (h @ w["k_proj"].t()).view(batch, seq, kv_heads, head_dim).transpose(1, 2)
    v = (h @ w["v_proj"].t()).view(batch, seq, kv_heads, head_dim).transpose(1, 2)
    q = q * cos.unsqueeze(1) + rotate_half(q) * sin.unsqueeze(1)
    k = k * cos.unsqueeze(1) + rotate_half(k) * sin.unsqueeze(1)
    k = k.repeat_interleave(group, dim=1)
    v = v.repeat_interleave(group, dim=1)

    scores = (q @ k.transpose(2, 3)) / math.sqrt(head_dim) + mask
    attention = torch.softmax(scores, dim=-1) @ v
    attention = attention.transpose(1, 2).reshape(batch, seq, hidden)
    x = x + attention @ w["o_proj"].t()

    h = rms_norm(x, w["post_norm"], config["eps"])
    gated = torch.nn.functional.silu(h @ w["gate_proj"].t()) * (h @ w["up_proj"].t())
    return x + gated @ w["down_proj"].t()


def layer_setup(request):
    folder, config = request["folder"], request["config"]
    batch, seq, hidden = config["batch"], config["seq"], config["hidden"]
    kv_width = config["kvHeads"] * config["headDim"]
    inter = config["intermediate"]
    shapes = {
        "input_norm": [hidden],
        "q_proj": [hidden, hidden],
        "k_proj": [kv_width, hidden],
        "v_proj": [kv_width, hidden],
        "o_proj": [hidden, hidden],
        "post_norm": [hidden],
        "gate_proj": [inter, hidden],
        "up_proj": [inter, hidden],
        "down_proj": [hidden, inter],
    }
    weights = {name: load_f32(folder, name, shape).requires_grad_() for name, shape in shapes.items()}
    x = load_f32(folder, "x", [batch, seq, hidden]).requires_grad_()
    cos = load_f32(folder, "cos", [batch, seq, config["headDim"]])
    sin = load_f32(folder, "sin", [batch, seq, config["headDim"]])
    output_grad = load_f32(folder, "output_grad", [batch, seq, hidden])
    mask = torch.full((seq, seq), float("-inf")).triu(1)

    LAYER.update(x=x, w=weights, cos=cos, sin=sin, mask=mask, config=config, output_grad=output_grad)
    y = decoder_layer(x, weights, cos, sin, mask, config)
    y.backward(output_grad)
    y.detach().numpy().tofile(os.path.join(folder, "y.f32"))
    x.grad.numpy().tofile(os.path.join(folder, "dx.f32"))
    weights["gate_proj"].grad.numpy().tofile(os.path.join(folder, "dgate.f32"))


def time_layer(request):
    layer = LAYER
    start = time.perf_counter()
    for _ in range(request["repeats"]):
        if request["backward"]:
            y = decoder_layer(layer["x"], layer["w"], layer["cos"], layer["sin"], layer["mask"], layer["config"])
            y.backward(layer["output_grad"])
        else:
            with torch.no_grad():
                decoder_layer(layer["x"], layer["w"], layer["cos"], layer["sin"], layer["mask"], layer["config"])
    return (time.perf_counter() - start) / request["repeats"]


def main():
    for line in sys.stdin:
        request = json.loads(line)
        if request["op"] == "quit":
            break
        if request["op"] == "info":
            reply = {"torch": torch.__version__, "threads": torch.get_num_threads()}
        elif request["op"] == "gemm":
            reply = {"seconds": time_gemm(request)}
        elif request["op"] == "layer_setup":
            layer_setup(request)
            reply = {"ok": True}
        elif request["op"] == "layer":
            reply = {"seconds": time_layer(request)}
        else:
            reply = {"error": f"unknown op {request['op']!r}; expected gemm, layer_setup, layer or quit"}
        print(json.dumps(reply), flush=True)


if __name__ == "__main__":
    main()
