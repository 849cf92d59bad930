"""Writes the reference fixture that @realign/checkpoint's tests read.

Run with Debian's PyTorch from the repository root:
    OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 tools/checkpoint-reference/make_fixture.py

Outputs packages/checkpoint/test/fixtures/reference.safetensors and reference.expected.json. The JSON
contains every tensor's raw bytes in hex and, for float tensors, the fp32 bit patterns that torch's own
conversion produces, so the TypeScript decoder is checked against torch rather than against itself.
"""

import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from safetensors_reference import float32_bits, read_safetensors, tensor_bytes, write_safetensors  # noqa: E402

FIXTURE_DIR = os.path.join("packages", "checkpoint", "test", "fixtures")

# F16 bit patterns: zeros, the smallest and largest subnormals, the smallest normal, one, the
# largest finite value, both infinities, a quiet NaN, a NaN with a low payload, and a few values.
F16_BITS = [
    0x0000, 0x8000, 0x0001, 0x8001, 0x03FF, 0x0400, 0x3C00, 0xBC00,
    0x7BFF, 0xFBFF, 0x7C00, 0xFC00, 0x7E00, 0x7C01, 0x3555, 0x2E66,
]
# BF16 bit patterns with the same roles, including a subnormal and a negative NaN.
BF16_BITS = [
    0x0000, 0x8000, 0x0001, 0x007F, 0x0080, 0x3F80, 0xC040, 0x7F7F,
    0xFF7F, 0x7F80, 0xFF80, 0x7FC0, 0xFFC1, 0x3EAB, 0x4049, 0x3DCD,
]


def build_tensors():
    torch.manual_seed(20240521)
    return {
        "model.layers.0.self_attn.q_proj.weight": torch.randn(4, 6),
        "model.layers.0.mlp.down_proj.weight": torch.randn(3, 5).to(torch.float16),
        "model.norm.weight": torch.randn(7).to(torch.bfloat16),
        "specials.f32": torch.tensor([0.0, -0.0, 1e-45, -3.4028234663852886e38, float("inf"), float("nan"), 1 / 3]),
        "specials.f16": torch.tensor(F16_BITS, dtype=torch.int32).to(torch.int16).view(torch.float16).reshape(2, 8),
        "specials.bf16": torch.tensor(BF16_BITS, dtype=torch.int32).to(torch.int16).view(torch.bfloat16).reshape(4, 4),
        "scalar": torch.tensor(2.5),
        "empty": torch.zeros(0, 3, dtype=torch.float16),
        "position_ids": torch.tensor([0, -1, 2**62, -(2**63)], dtype=torch.int64),
        "mask": torch.tensor([True, False, True]),
    }


def main():
    torch.set_num_threads(2)
    tensors = build_tensors()
    fixture_path = os.path.join(FIXTURE_DIR, "reference.safetensors")
    metadata = {"format": "pt", "producer": "tools/checkpoint-reference/make_fixture.py"}
    write_safetensors(fixture_path, tensors, metadata)

    # Read the file back with the reference reader, so the expected values come from the file itself.
    read_metadata, read_tensors = read_safetensors(fixture_path)
    assert read_metadata == metadata
    expected = {"metadata": read_metadata, "tensors": {}}
    for name, (dtype, tensor) in read_tensors.items():
        entry = {"dtype": dtype, "shape": list(tensor.shape), "hex": tensor_bytes(tensor).hex()}
        if tensor.is_floating_point():
            entry["float32_bits"] = float32_bits(tensor)
        expected["tensors"][name] = entry
    with open(os.path.join(FIXTURE_DIR, "reference.expected.json"), "w") as out:
        json.dump(expected, out, indent=1)
        out.write("\n")
    print(f"wrote {fixture_path} ({os.path.getsize(fixture_path)} bytes)")


if __name__ == "__main__":
    main()
