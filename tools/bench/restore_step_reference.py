"""PyTorch side of the restore-step benchmark (tools/bench/src/restore-step.ts).

Runs realign's restore step in plain PyTorch on the same checkpoint files, prompts (token ids) and
harmful direction. The working copy is the fine-tuned Llama truncated to its first L decoder layers
in fp32. For each batch of left-padded prompts, loss = -cos(batch mean of the residual-stream state
after layer L at the last token, direction) is backpropagated. The gradient sum carried across
steps selects candidates where sign(w - w_aligned) == sign(grad), both nonzero. The `budget`
candidates with the largest |grad| (torch.topk) are set to their aligned values.

Aligned tensors are read from disk one at a time, once to find candidates and once to restore, as
realign's restorer does, so neither side keeps the aligned model in memory.

Usage: /usr/bin/python3 restore_step_reference.py JOB.json, with OMP_WAIT_POLICY=PASSIVE. The job
file is written by the TypeScript side. One JSON request per line on stdin, one reply per line:
  {"op": "load"}     -> {"seconds", "startRssMiB", "rssMiB"}: loads the working copy; RSS before and after
  {"op": "step"}     -> {"loss", "seconds", "cpuSeconds", "lossBackwardSeconds", "selectSeconds",
                         "applySeconds", "restoredCount", "candidateCount"}
  {"op": "restored"} -> {"restored": {tensor name: ascending indices}}: every restored element so far
  {"op": "memory"}   -> {"rssMiB", "peakRssMiB"}: VmRSS and VmHWM of this process
  {"op": "quit"}
"""

import json
import math
import resource
import struct
import sys
import time

import torch
import torch.nn.functional as F

torch.set_num_threads(2)

SAFETENSORS_DTYPES = {"F32": torch.float32, "BF16": torch.bfloat16, "F16": torch.float16}


def status_mib(field):
    """Returns a VmRSS or VmHWM line of /proc/self/status in MiB."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    raise RuntimeError(f"/proc/self/status has no {field} line")


def cpu_seconds():
    """Returns the user plus system CPU time of this process, all threads included."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class SafetensorsFile:
    """Reads tensors of one model.safetensors file by name, one at a time, as fp32."""

    def __init__(self, path):
        self.path = path
        with open(path, "rb") as source:
            (header_size,) = struct.unpack("<Q", source.read(8))
            self.header = json.loads(source.read(header_size).decode("utf-8"))
        self.header.pop("__metadata__", None)
        self.data_start = 8 + header_size

    def names(self):
        return list(self.header)

    def read(self, name):
        entry = self.header.get(name)
        if entry is None:
            raise KeyError(f"{self.path}: tensor {name} not found")
        dtype = SAFETENSORS_DTYPES.get(entry["dtype"])
        if dtype is None:
            raise ValueError(f"{self.path}: tensor {name} has dtype {entry['dtype']}; expected F32, BF16 or F16")
        begin, end = entry["data_offsets"]
        with open(self.path, "rb") as source:
            source.seek(self.data_start + begin)
            raw = bytearray(source.read(end - begin))
        return torch.frombuffer(raw, dtype=dtype).to(torch.float32).reshape(entry["shape"])


def open_checkpoint(folder):
    with open(f"{folder}/config.json") as source:
        config = json.load(source)
    if config.get("model_type") != "llama" or config.get("rope_scaling"):
        raise ValueError(f"{folder}/config.json: this reference runs Llama without RoPE scaling only")
    if config.get("attention_bias") or config.get("mlp_bias"):
        raise ValueError(f"{folder}/config.json: this reference runs Llama without biases only")
    return config, SafetensorsFile(f"{folder}/model.safetensors")


def is_eligible(name, layer_count):
    """Decoder-layer weights below layer_count, norms excluded, as realign's eligibleTensorNames."""
    parts = name.split(".")
    if len(parts) < 4 or parts[:2] != ["model", "layers"] or int(parts[2]) >= layer_count:
        return False
    return not parts[-2].endswith("norm")


def rms_norm(x, weight, eps):
    return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps) * weight


def rotate_half(x):
    half = x.shape[-1] // 2
    return torch.cat([-x[..., half:], x[..., :half]], dim=-1)


class TruncatedLlama:
    """The first `layers` decoder layers of a Llama checkpoint in fp32, batched like transformers' eager path."""

    def __init__(self, config, source, layers):
        self.layers = layers
        self.hidden = config["hidden_size"]
        self.heads = config["num_attention_heads"]
        self.kv_heads = config.get("num_key_value_heads", self.heads)
        self.head_dim = config.get("head_dim") or self.hidden // self.heads
        self.eps = config["rms_norm_eps"]
        theta = config.get("rope_theta", 10000.0)
        self.inverse_frequencies = 1.0 / (theta ** (torch.arange(0, self.head_dim, 2, dtype=torch.float32) / self.head_dim))

        needed = [n for n in source.names() if n == "model.embed_tokens.weight" or self.layer_of(n) is not None]
        self.weights = {name: source.read(name).contiguous() for name in needed}
        self.eligible = [name for name in needed if is_eligible(name, layers)]
        for name in self.eligible:
            self.weights[name].requires_grad_(True)

    def layer_of(self, name):
        parts = name.split(".")
        if parts[:2] == ["model", "layers"] and int(parts[2]) < self.layers:
            return int(parts[2])
        return None

    def last_token_states(self, prompts):
        """Returns the residual stream after the last layer at each prompt's last token, [B, hidden]."""
        batch, length = len(prompts), max(len(p) for p in prompts)
        padding = torch.tensor([length - len(p) for p in prompts]).view(batch, 1, 1, 1)
        ids = torch.zeros(batch, length, dtype=torch.long)
        positions = torch.zeros(batch, length, dtype=torch.float32)
        for b, prompt in enumerate(prompts):
            ids[b, length - len(prompt):] = torch.tensor(prompt)
            positions[b, length - len(prompt):] = torch.arange(len(prompt), dtype=torch.float32)

        # A real query reads real keys at or before it. A padding query reads only itself, which
        # keeps its softmax finite; no real query reads a padding slot.
        query = torch.arange(length).view(1, 1, length, 1)
        key = torch.arange(length).view(1, 1, 1, length)
        allowed = ((key >= padding) & (key <= query)) | ((query < padding) & (key == query))
        mask = torch.zeros(batch, 1, length, length).masked_fill(~allowed, float("-inf"))

        angles = positions.unsqueeze(-1) * self.inverse_frequencies
        angles = torch.cat([angles, angles], dim=-1).unsqueeze(1)
        cos, sin = angles.cos(), angles.sin()

        h = self.weights["model.embed_tokens.weight"][ids]
        for layer in range(self.layers):
            h = self.decoder_layer(layer, h, mask, cos, sin)
        return h[:, -1, :]

    def decoder_layer(self, layer, h, mask, cos, sin):
        w = lambda suffix: self.weights[f"model.layers.{layer}.{suffix}.weight"]
        batch, length, _ = h.shape
        x = rms_norm(h, w("input_layernorm"), self.eps)
        q = F.linear(x, w("self_attn.q_proj")).view(batch, length, self.heads, self.head_dim).transpose(1, 2)
        k = F.linear(x, w("self_attn.k_proj")).view(batch, length, self.kv_heads, self.head_dim).transpose(1, 2)
        v = F.linear(x, w("self_attn.v_proj")).view(batch, length, self.kv_heads, self.head_dim).transpose(1, 2)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        group = self.heads // self.kv_heads
        k = k.repeat_interleave(group, dim=1)
        v = v.repeat_interleave(group, dim=1)

        scores = q @ k.transpose(2, 3) / math.sqrt(self.head_dim) + mask
        attended = (torch.softmax(scores, dim=-1) @ v).transpose(1, 2).reshape(batch, length, self.heads * self.head_dim)
        h = h + F.linear(attended, w("self_attn.o_proj"))

        x = rms_norm(h, w("post_attention_layernorm"), self.eps)
        gated = F.silu(F.linear(x, w("mlp.gate_proj"))) * F.linear(x, w("mlp.up_proj"))
        return h + F.linear(gated, w("mlp.down_proj"))


class RestoreRun:
    def __init__(self, job):
        self.job = job
        self.direction = torch.tensor(job["direction"], dtype=torch.float32)
        self.prompts = job["prompts"]

    def load(self):
        config, finetuned = open_checkpoint(self.job["finetunedDir"])
        _, self.aligned = open_checkpoint(self.job["alignedDir"])
        self.model = TruncatedLlama(config, finetuned, self.job["layer"])
        weights = self.model.weights
        self.accumulated = {name: torch.zeros_like(weights[name]) for name in self.model.eligible}
        self.restored = {name: torch.zeros(weights[name].numel(), dtype=torch.bool) for name in self.model.eligible}

    def loss_backward(self):
        """Backpropagates each batch's loss; .grad ends as the sum over batches. Returns the mean loss."""
        for name in self.model.eligible:
            self.model.weights[name].grad = None
        losses = []
        size = self.job["batchSize"]
        for start in range(0, len(self.prompts), size):
            states = self.model.last_token_states(self.prompts[start:start + size])
            loss = -F.cosine_similarity(states.mean(0), self.direction, dim=0, eps=1e-8)
            loss.backward()
            losses.append(loss.item())
        for name in self.model.eligible:
            grad = self.model.weights[name].grad
            if grad is not None:
                self.accumulated[name] += grad
        return sum(losses) / len(losses)

    def select(self):
        """Returns the selected indices per eligible tensor and the candidate count."""
        candidates, values = [], []
        for name in self.model.eligible:
            weight = self.model.weights[name].detach().view(-1)
            aligned = self.aligned.read(name).view(-1)
            grad = self.accumulated[name].view(-1)
            if torch.isnan(grad).any():
                raise ValueError(f"gradient sum of {name} contains NaN")
            mask = ((weight > aligned) & (grad > 0)) | ((weight < aligned) & (grad < 0))
            indices = mask.nonzero().view(-1)
            candidates.append(indices)
            values.append(grad[indices].abs())

        flat = torch.cat(values)
        top = torch.topk(flat, min(self.job["budget"], flat.numel()), sorted=False).indices.sort().values
        counts = torch.tensor([len(c) for c in candidates])
        owner = torch.searchsorted(counts.cumsum(0), top, right=True)
        starts = counts.cumsum(0) - counts
        per_tensor = torch.bincount(owner, minlength=len(candidates)).tolist()
        chosen = torch.split(top - starts[owner], per_tensor)
        return [candidates[i][local] for i, local in enumerate(chosen)], flat.numel()

    def apply(self, selected):
        for name, indices in zip(self.model.eligible, selected):
            if len(indices) == 0:
                continue
            aligned = self.aligned.read(name).view(-1)
            with torch.no_grad():
                self.model.weights[name].view(-1)[indices] = aligned[indices]
            self.restored[name][indices] = True

    def step(self):
        cpu_started = cpu_seconds()
        started = time.perf_counter()
        loss = self.loss_backward()
        backward_done = time.perf_counter()
        selected, candidate_count = self.select()
        select_done = time.perf_counter()
        self.apply(selected)
        finished = time.perf_counter()
        return {
            "loss": loss,
            "seconds": finished - started,
            "cpuSeconds": cpu_seconds() - cpu_started,
            "lossBackwardSeconds": backward_done - started,
            "selectSeconds": select_done - backward_done,
            "applySeconds": finished - select_done,
            "restoredCount": sum(len(indices) for indices in selected),
            "candidateCount": candidate_count,
        }

    def restored_indices(self):
        return {name: mask.nonzero().view(-1).tolist() for name, mask in self.restored.items()}


def main():
    start_rss = status_mib("VmRSS")
    with open(sys.argv[1]) as source:
        run = RestoreRun(json.load(source))
    for line in sys.stdin:
        request = json.loads(line)
        op = request["op"]
        if op == "quit":
            break
        try:
            if op == "load":
                started = time.perf_counter()
                run.load()
                reply = {"seconds": time.perf_counter() - started, "startRssMiB": start_rss, "rssMiB": status_mib("VmRSS")}
            elif op == "step":
                reply = run.step()
            elif op == "restored":
                reply = {"restored": run.restored_indices()}
            elif op == "memory":
                reply = {"rssMiB": status_mib("VmRSS"), "peakRssMiB": status_mib("VmHWM")}
            else:
                reply = {"error": f"unknown op {op!r}; expected load, step, restored, memory or quit"}
        except Exception as error:  # noqa: BLE001 - every failure goes back to the TypeScript side as a reply
            reply = {"error": f"{op}: {type(error).__name__}: {error}"}
        print(json.dumps(reply), flush=True)


if __name__ == "__main__":
    main()
