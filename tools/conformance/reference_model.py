"""Plain-PyTorch decoders (Llama, Mistral, Qwen2, Gemma, Gemma 2) in float64, written from the
Hugging Face modeling files' equations, independent of realign's TypeScript code and of
transformers (which is not installed here). Weights are a dict of Hugging Face tensor names."""

import math

import torch


def rope_inverse_frequencies(cfg):
    dim = cfg["head_dim"]
    inv = 1.0 / (cfg["rope_theta"] ** (torch.arange(0, dim, 2, dtype=torch.float64) / dim))
    scaling = cfg.get("rope_scaling")
    if not scaling:
        return inv
    kind = scaling.get("rope_type", scaling.get("type"))
    if kind == "linear":
        return inv / scaling["factor"]
    assert kind == "llama3", kind
    factor = scaling["factor"]
    low, high = scaling["low_freq_factor"], scaling["high_freq_factor"]
    old = scaling["original_max_position_embeddings"]
    wavelength = 2 * math.pi / inv
    scaled = torch.where(wavelength > old / low, inv / factor, inv)
    smooth = (old / wavelength - low) / (high - low)
    blended = (1 - smooth) * scaled / factor + smooth * scaled
    medium = (wavelength >= old / high) & (wavelength <= old / low)
    return torch.where(medium, blended, scaled)


def rotate_half(x):
    half = x.shape[-1] // 2
    return torch.cat([-x[..., half:], x[..., :half]], dim=-1)


def rms_norm(x, weight, eps, offset):
    variance = (x * x).mean(-1, keepdim=True)
    return x / torch.sqrt(variance + eps) * (offset + weight)


def linear(x, weights, name, bias=False):
    y = x @ weights[name + ".weight"].T
    if bias:
        y = y + weights[name + ".bias"]
    return y


def softcap(x, cap):
    return torch.tanh(x / cap) * cap if cap else x


def attention(cfg, weights, prefix, x, cos, sin, sliding):
    T = x.shape[0]
    heads, kv_heads, dim = cfg["num_attention_heads"], cfg["num_key_value_heads"], cfg["head_dim"]
    qkv_bias, o_bias = cfg["qkv_bias"], cfg["o_bias"]
    q = linear(x, weights, prefix + "q_proj", qkv_bias).view(T, heads, dim).transpose(0, 1)
    k = linear(x, weights, prefix + "k_proj", qkv_bias).view(T, kv_heads, dim).transpose(0, 1)
    v = linear(x, weights, prefix + "v_proj", qkv_bias).view(T, kv_heads, dim).transpose(0, 1)
    q = q * cos + rotate_half(q) * sin
    k = k * cos + rotate_half(k) * sin

    # Query head h reads key/value head h // group, as repeat_kv does in transformers.
    group = heads // kv_heads
    k = k.repeat_interleave(group, dim=0)
    v = v.repeat_interleave(group, dim=0)
    scores = softcap((q @ k.transpose(1, 2)) * cfg["query_scale"], cfg.get("attn_logit_softcapping"))
    i = torch.arange(T).view(T, 1)
    j = torch.arange(T).view(1, T)
    allowed = j <= i
    if sliding:
        allowed = allowed & (i - j < cfg["sliding_window"])
    scores = scores.masked_fill(~allowed, float("-inf"))
    out = torch.softmax(scores, dim=-1) @ v
    return linear(out.transpose(0, 1).reshape(T, heads * dim), weights, prefix + "o_proj", o_bias)


def mlp(cfg, weights, prefix, x):
    gate = linear(x, weights, prefix + "gate_proj", cfg["mlp_bias"])
    up = linear(x, weights, prefix + "up_proj", cfg["mlp_bias"])
    if cfg["activation"] == "silu":
        act = gate * torch.sigmoid(gate)
    else:
        act = 0.5 * gate * (1 + torch.tanh(math.sqrt(2 / math.pi) * (gate + 0.044715 * gate ** 3)))
    return linear(act * up, weights, prefix + "down_proj", cfg["mlp_bias"])


def decoder_layer(cfg, weights, layer, h, cos, sin):
    p = "model.layers.%d." % layer
    eps, offset = cfg["rms_norm_eps"], cfg["norm_offset"]
    sliding = cfg["layer_attention"][layer] == "sliding"
    a = attention(cfg, weights, p + "self_attn.", rms_norm(h, weights[p + "input_layernorm.weight"], eps, offset), cos, sin, sliding)
    if cfg["sandwich_norms"]:
        h = h + rms_norm(a, weights[p + "post_attention_layernorm.weight"], eps, offset)
        m = mlp(cfg, weights, p + "mlp.", rms_norm(h, weights[p + "pre_feedforward_layernorm.weight"], eps, offset))
        return h + rms_norm(m, weights[p + "post_feedforward_layernorm.weight"], eps, offset)
    h = h + a
    return h + mlp(cfg, weights, p + "mlp.", rms_norm(h, weights[p + "post_attention_layernorm.weight"], eps, offset))


def forward(cfg, weights, ids, num_layers=None):
    """Runs one unpadded sequence. Returns (hidden states after 0..num_layers layers, logits or None)."""
    T = len(ids)
    full = num_layers is None
    num_layers = cfg["num_hidden_layers"] if full else num_layers
    h = weights["model.embed_tokens.weight"][torch.tensor(ids)] * cfg["embedding_scale"]
    angles = torch.arange(T, dtype=torch.float64).view(T, 1) * rope_inverse_frequencies(cfg).view(1, -1)
    angles = torch.cat([angles, angles], dim=-1)
    cos, sin = torch.cos(angles), torch.sin(angles)

    states = [h]
    for layer in range(num_layers):
        h = decoder_layer(cfg, weights, layer, h, cos, sin)
        states.append(h)
    if not full:
        return states, None
    normed = rms_norm(h, weights["model.norm.weight"], cfg["rms_norm_eps"], cfg["norm_offset"])
    head = weights["model.embed_tokens.weight"] if cfg["tie_word_embeddings"] else weights["lm_head.weight"]
    return states, softcap(normed @ head.T, cfg.get("final_logit_softcapping"))


def greedy(cfg, weights, ids, max_new_tokens, stop_ids):
    """Greedy decoding without a cache. Returns (new tokens without the stop token, finish reason, min top-2 margin)."""
    ids = list(ids)
    new, margin = [], float("inf")
    for _ in range(max_new_tokens):
        _, logits = forward(cfg, weights, ids)
        top = torch.topk(logits[-1], 2).values
        margin = min(margin, float(top[0] - top[1]))
        token = int(torch.argmax(logits[-1]))
        if token in stop_ids:
            return new, "stop", margin
        new.append(token)
        ids.append(token)
    return new, "length", margin
