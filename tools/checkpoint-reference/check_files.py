"""Reads safetensors files or checkpoint folders with the reference reader and prints them as JSON.

Usage: OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 tools/checkpoint-reference/check_files.py PATH...

Each PATH is a .safetensors file or a folder with model.safetensors or model.safetensors.index.json.
For every tensor the output gives dtype, shape and fp32 bit patterns as torch converts them. 16-bit
tensors also get their raw bits, and F32 tensors get torch's F16 and BF16 encodings of their values,
which the @realign/checkpoint tests compare with the TypeScript writer's rounding.
Exits with status 1 and a message on stderr when a file breaks the format.
"""

import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from safetensors_reference import FormatError, float32_bits, half_bits, read_safetensors  # noqa: E402


def describe_tensor(dtype, tensor):
    entry = {"dtype": dtype, "shape": list(tensor.shape)}
    if tensor.is_floating_point():
        entry["float32_bits"] = float32_bits(tensor)
    if dtype in ("F16", "BF16"):
        entry["half_bits"] = half_bits(tensor)
    if dtype == "F32":
        entry["torch_f16_bits"] = half_bits(tensor.to(torch.float16))
        entry["torch_bf16_bits"] = half_bits(tensor.to(torch.bfloat16))
    return entry


def read_file(path):
    metadata, tensors = read_safetensors(path)
    return {"metadata": metadata, "tensors": {name: describe_tensor(*value) for name, value in tensors.items()}}


def read_checkpoint(folder):
    """Reads a folder the way transformers does: the index's weight_map decides which shard stores each tensor."""
    index_path = os.path.join(folder, "model.safetensors.index.json")
    if not os.path.exists(index_path):
        return read_file(os.path.join(folder, "model.safetensors"))
    with open(index_path) as source:
        index = json.load(source)
    result = {"metadata": index["metadata"], "tensors": {}}
    for shard in sorted(set(index["weight_map"].values())):
        _, tensors = read_safetensors(os.path.join(folder, shard))
        for name, value in tensors.items():
            if index["weight_map"].get(name) != shard:
                raise FormatError(f"{shard}: tensor {name} is not mapped to this shard")
            result["tensors"][name] = describe_tensor(*value)
    missing = set(index["weight_map"]) - set(result["tensors"])
    if missing:
        raise FormatError(f"{folder}: tensors listed in the index but not stored: {sorted(missing)}")
    return result


def main(paths):
    torch.set_num_threads(2)
    output = {}
    try:
        for path in paths:
            output[path] = read_checkpoint(path) if os.path.isdir(path) else read_file(path)
    except (FormatError, KeyError, ValueError) as error:
        print(f"invalid safetensors: {error}", file=sys.stderr)
        return 1
    json.dump(output, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
