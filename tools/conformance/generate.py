"""Writes the conformance fixtures: small random-weight Hugging Face checkpoints (safetensors written
by hand, since PyTorch 1.13 has no safetensors package) and float64 reference values from the
plain-PyTorch decoders in reference_model.py.

Run from the repository root:
    OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 tools/conformance/generate.py
"""

import json
import math
import os
import shutil
import struct
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from reference_model import forward, greedy  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures")
DTYPE_NAMES = {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16", torch.float64: "F64"}
TORCH_DTYPES = {"float32": torch.float32, "float16": torch.float16, "bfloat16": torch.bfloat16}


def tensor_bytes(t):
    t = t.contiguous()
    if t.dtype == torch.bfloat16:
        return t.view(torch.int16).numpy().tobytes()
    return t.numpy().astype(t.numpy().dtype.newbyteorder("<")).tobytes()


def write_safetensors(path, tensors):
    """Writes {name: torch tensor} as safetensors: u64 LE header size, JSON header, raw LE data."""
    header, chunks, offset = {"__metadata__": {"format": "pt"}}, [], 0
    for name in sorted(tensors):
        data = tensor_bytes(tensors[name])
        header[name] = {"dtype": DTYPE_NAMES[tensors[name].dtype], "shape": list(tensors[name].shape),
                        "data_offsets": [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)
    encoded = json.dumps(header, separators=(",", ":")).encode()
    encoded += b" " * ((8 - len(encoded) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(encoded)))
        f.write(encoded)
        for chunk in chunks:
            f.write(chunk)


def internal_config(hf):
    """Derive the reference model's settings from a config.json (the TypeScript side normalises independently)."""
    arch = hf["architectures"][0]
    gemma = arch.startswith("Gemma")
    heads = hf["num_attention_heads"]
    head_dim = hf.get("head_dim") or hf["hidden_size"] // heads
    window = hf.get("sliding_window")
    layers = range(hf["num_hidden_layers"])
    sliding = {"MistralForCausalLM": lambda i: window is not None,
               "Gemma2ForCausalLM": lambda i: i % 2 == 0}.get(arch, lambda i: False)
    return dict(hf, head_dim=head_dim,
                num_key_value_heads=hf.get("num_key_value_heads", heads),
                qkv_bias=arch == "Qwen2ForCausalLM" or hf.get("attention_bias", False),
                o_bias=arch != "Qwen2ForCausalLM" and hf.get("attention_bias", False),
                mlp_bias=hf.get("mlp_bias", False),
                activation="gelu_tanh" if gemma else "silu",
                embedding_scale=math.sqrt(hf["hidden_size"]) if gemma else 1.0,
                norm_offset=1.0 if gemma else 0.0,
                query_scale=(hf["query_pre_attn_scalar"] if arch == "Gemma2ForCausalLM" else head_dim) ** -0.5,
                sandwich_norms=arch == "Gemma2ForCausalLM",
                layer_attention=["sliding" if sliding(i) else "full" for i in layers])


def random_weights(cfg, gen):
    """Random weights with realistic scales: projections ~ 1/sqrt(fan_in), norms near their identity."""
    H, I, V = cfg["hidden_size"], cfg["intermediate_size"], cfg["vocab_size"]
    q, kv = cfg["num_attention_heads"] * cfg["head_dim"], cfg["num_key_value_heads"] * cfg["head_dim"]
    norm_base = 0.0 if cfg["norm_offset"] else 1.0

    def randn(*shape, std=1.0):
        return torch.randn(*shape, generator=gen, dtype=torch.float64) * std

    w = {"model.embed_tokens.weight": randn(V, H, std=1.0 / math.sqrt(H) if cfg["norm_offset"] else 1.0),
         "model.norm.weight": norm_base + randn(H, std=0.1)}
    if not cfg["tie_word_embeddings"]:
        w["lm_head.weight"] = randn(V, H, std=1 / math.sqrt(H))
    norms = ["input_layernorm", "post_attention_layernorm"]
    if cfg["sandwich_norms"]:
        norms += ["pre_feedforward_layernorm", "post_feedforward_layernorm"]
    projections = {"self_attn.q_proj": (q, H), "self_attn.k_proj": (kv, H), "self_attn.v_proj": (kv, H),
                   "self_attn.o_proj": (H, q), "mlp.gate_proj": (I, H), "mlp.up_proj": (I, H), "mlp.down_proj": (H, I)}
    for layer in range(cfg["num_hidden_layers"]):
        p = "model.layers.%d." % layer
        for norm in norms:
            w[p + norm + ".weight"] = norm_base + randn(H, std=0.1)
        for name, (rows, cols) in projections.items():
            w[p + name + ".weight"] = randn(rows, cols, std=1 / math.sqrt(cols))
            has_bias = (cfg["mlp_bias"] if name.startswith("mlp") else
                        cfg["o_bias"] if name.endswith("o_proj") else cfg["qkv_bias"])
            if has_bias:
                w[p + name + ".bias"] = randn(rows, std=0.1)
    return w


def rounded(weights, dtype):
    """Rounds each weight to the storage dtype; the reference then runs on the rounded values."""
    stored = {name: t.to(dtype) for name, t in weights.items()}
    return stored, {name: t.to(torch.float64) for name, t in stored.items()}


def save_checkpoint(folder, hf, stored, shards, generation):
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "config.json"), "w") as f:
        json.dump(hf, f, indent=2)
    with open(os.path.join(folder, "generation_config.json"), "w") as f:
        json.dump(generation, f, indent=2)
    if shards == 1:
        write_safetensors(os.path.join(folder, "model.safetensors"), stored)
        return
    names = sorted(stored)
    per_shard = math.ceil(len(names) / shards)
    weight_map, total = {}, 0
    for index in range(shards):
        file = "model-%05d-of-%05d.safetensors" % (index + 1, shards)
        part = {n: stored[n] for n in names[index * per_shard:(index + 1) * per_shard]}
        write_safetensors(os.path.join(folder, file), part)
        weight_map.update({n: file for n in part})
        total += sum(t.numel() * t.element_size() for t in part.values())
    with open(os.path.join(folder, "model.safetensors.index.json"), "w") as f:
        json.dump({"metadata": {"total_size": total}, "weight_map": weight_map}, f, indent=2)


def lora_adapter(folder, cfg, weights, gen, spec):
    """Writes a PEFT LoRA adapter and returns the merged float64 weights."""
    os.makedirs(folder, exist_ok=True)
    r, alpha = spec["r"], spec["lora_alpha"]
    scale = alpha / math.sqrt(r) if spec.get("use_rslora") else alpha / r
    merged, tensors = dict(weights), {}
    for name in weights:
        module = name[: -len(".weight")]
        if not name.endswith(".weight") or not spec["matches"](module) or ".layers." not in name:
            continue
        rows, cols = weights[name].shape
        a = (torch.randn(r, cols, generator=gen, dtype=torch.float64) / math.sqrt(cols)).to(torch.float32)
        b = (torch.randn(rows, r, generator=gen, dtype=torch.float64) * 0.1).to(torch.float32)
        tensors["base_model.model.%s.lora_A.weight" % module] = a
        tensors["base_model.model.%s.lora_B.weight" % module] = b
        merged[name] = weights[name] + scale * (b.double() @ a.double())
    config = {k: v for k, v in spec.items() if k != "matches"}
    with open(os.path.join(folder, "adapter_config.json"), "w") as f:
        json.dump(dict(config, peft_type="LORA", task_type="CAUSAL_LM", bias="none", fan_in_fan_out=False,
                       lora_dropout=0.0, base_model_name_or_path="../" + cfg["name"]), f, indent=2)
    write_safetensors(os.path.join(folder, "adapter_model.safetensors"), tensors)
    return merged


def references(cfg, weights, sequences, loss_layer, gen):
    """Logits and hidden states per sequence (each run alone), and gradients of the realign loss."""
    out = {}
    for b, ids in enumerate(sequences):
        states, logits = forward(cfg, weights, ids)
        out["logits.%d" % b] = logits
        for layer, state in enumerate(states):
            out["hidden.%d.%d" % (b, layer)] = state

    direction = torch.randn(cfg["hidden_size"], generator=gen, dtype=torch.float64)
    params = {n: t.clone().requires_grad_(True) for n, t in weights.items()}
    last = [forward(cfg, params, ids, num_layers=loss_layer)[0][loss_layer][-1] for ids in sequences]
    loss = -torch.nn.functional.cosine_similarity(torch.stack(last).mean(0), direction, dim=0)
    loss.backward()
    out["direction"] = direction
    out["loss"] = loss.detach().view(1)
    for name, p in params.items():
        if ".layers." in name and int(name.split(".")[2]) < loss_layer:
            out["grad." + name] = p.grad
    return {k: v.detach().to(torch.float32) for k, v in out.items()}


FIXTURES = [
    dict(name="llama-gqa", shards=1, dtype="float32", loss_layer=2, stop_after=2,
         hf=dict(architectures=["LlamaForCausalLM"], model_type="llama", vocab_size=64, hidden_size=32,
                 intermediate_size=48, num_hidden_layers=3, num_attention_heads=4, num_key_value_heads=2,
                 max_position_embeddings=512, rms_norm_eps=1e-5, rope_theta=10000.0, attention_bias=True,
                 mlp_bias=True, tie_word_embeddings=False, hidden_act="silu",
                 rope_scaling=dict(rope_type="llama3", factor=8.0, low_freq_factor=1.0, high_freq_factor=4.0,
                                   original_max_position_embeddings=64)),
         lora=dict(r=2, lora_alpha=8, target_modules=["q_proj", "v_proj", "down_proj"], use_rslora=False,
                   matches=lambda m: m.split(".")[-1] in ("q_proj", "v_proj", "down_proj"))),
    dict(name="qwen2-tied", shards=1, dtype="float16", loss_layer=2,
         hf=dict(architectures=["Qwen2ForCausalLM"], model_type="qwen2", vocab_size=64, hidden_size=32,
                 intermediate_size=40, num_hidden_layers=3, num_attention_heads=4, num_key_value_heads=1,
                 max_position_embeddings=256, rms_norm_eps=1e-6, rope_theta=1000000.0, tie_word_embeddings=True,
                 hidden_act="silu", use_sliding_window=False),
         lora=dict(r=4, lora_alpha=8, target_modules=r".*\.(k_proj|up_proj)", use_rslora=True,
                   matches=lambda m: m.split(".")[-1] in ("k_proj", "up_proj"))),
    dict(name="mistral-bf16-sharded", shards=2, dtype="bfloat16", loss_layer=3,
         hf=dict(architectures=["MistralForCausalLM"], model_type="mistral", vocab_size=64, hidden_size=32,
                 intermediate_size=48, num_hidden_layers=3, num_attention_heads=4, num_key_value_heads=2,
                 max_position_embeddings=256, rms_norm_eps=1e-5, rope_theta=10000.0, sliding_window=3,
                 tie_word_embeddings=False, hidden_act="silu")),
    dict(name="gemma", shards=1, dtype="float32", loss_layer=1,
         hf=dict(architectures=["GemmaForCausalLM"], model_type="gemma", vocab_size=64, hidden_size=24,
                 intermediate_size=40, num_hidden_layers=2, num_attention_heads=2, num_key_value_heads=1,
                 head_dim=16, max_position_embeddings=256, rms_norm_eps=1e-6, rope_theta=10000.0,
                 tie_word_embeddings=True, hidden_act="gelu")),
    dict(name="gemma2", shards=1, dtype="bfloat16", loss_layer=3,
         hf=dict(architectures=["Gemma2ForCausalLM"], model_type="gemma2", vocab_size=64, hidden_size=32,
                 intermediate_size=48, num_hidden_layers=4, num_attention_heads=4, num_key_value_heads=2,
                 head_dim=8, max_position_embeddings=256, rms_norm_eps=1e-6, rope_theta=10000.0,
                 query_pre_attn_scalar=16, sliding_window=3, attn_logit_softcapping=5.0,
                 final_logit_softcapping=3.0, tie_word_embeddings=True, hidden_activation="gelu_pytorch_tanh")),
]


def build(fixture, seed):
    gen = torch.Generator().manual_seed(seed)
    hf = dict(fixture["hf"], torch_dtype=fixture["dtype"])
    cfg = dict(internal_config(hf), name=fixture["name"])
    stored, weights = rounded(random_weights(cfg, gen), TORCH_DTYPES[fixture["dtype"]])
    V = hf["vocab_size"]
    sequences = [torch.randint(0, V, (n,), generator=gen).tolist() for n in (7, 4, 5)]

    # Generation: a stop token the first prompt reaches after `stop_after` tokens, plus one never hit.
    free = [greedy(cfg, weights, ids, 5, [])[0] for ids in sequences]
    stop_after = fixture.get("stop_after")
    stops = [free[0][stop_after]] if stop_after is not None else []
    stops.append(next(t for t in range(V - 1, -1, -1) if all(t not in f for f in free)))
    runs = [greedy(cfg, weights, ids, 5, stops) for ids in sequences]

    folder = os.path.join(OUT, fixture["name"])
    save_checkpoint(folder, hf, stored, fixture["shards"], {"eos_token_id": stops, "bos_token_id": 0})
    refs = references(cfg, weights, sequences, fixture["loss_layer"], gen)
    meta = dict(sequences=sequences, loss_layer=fixture["loss_layer"], stop_token_ids=stops, max_new_tokens=5,
                generated=[dict(token_ids=r[0], finish_reason=r[1]) for r in runs],
                min_greedy_margin=min(r[2] for r in runs))

    if "lora" in fixture:
        merged = lora_adapter(folder + "-lora", cfg, weights, gen, fixture["lora"])
        for b, ids in enumerate(sequences):
            refs["lora_logits.%d" % b] = forward(cfg, merged, ids)[1].to(torch.float32)
    write_safetensors(os.path.join(folder, "..", fixture["name"] + ".reference.safetensors"), refs)
    with open(os.path.join(OUT, fixture["name"] + ".reference.json"), "w") as f:
        json.dump(meta, f, indent=2)
    print("%-22s min top-2 logit margin in greedy runs: %.4f" % (fixture["name"], meta["min_greedy_margin"]))


def main():
    torch.set_num_threads(2)
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(OUT)
    for seed, fixture in enumerate(FIXTURES):
        build(fixture, 1000 + seed)
    size = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(OUT) for f in fs)
    print("fixtures: %.2f MB" % (size / 1e6))


if __name__ == "__main__":
    main()
