"""An independent safetensors reader and writer, built from the format description only.

It uses struct, json and torch, not the safetensors package (Debian's PyTorch 1.13 ships without
it). The TypeScript tests of @realign/checkpoint compare against it in both directions.

Format: an 8-byte little-endian u64 header size N, N bytes of UTF-8 JSON mapping each tensor name to
{"dtype", "shape", "data_offsets": [begin, end]} plus an optional "__metadata__" string map, then
the data section, which the tensors cover back to back (offsets relative to its start).
"""

import json
import struct

import torch

TORCH_DTYPES = {
    "BOOL": torch.bool,
    "U8": torch.uint8,
    "I8": torch.int8,
    "I16": torch.int16,
    "F16": torch.float16,
    "BF16": torch.bfloat16,
    "I32": torch.int32,
    "F32": torch.float32,
    "F64": torch.float64,
    "I64": torch.int64,
}
SAFETENSORS_DTYPES = {torch_dtype: name for name, torch_dtype in TORCH_DTYPES.items()}
MAX_HEADER_BYTES = 100_000_000


class FormatError(ValueError):
    """A file breaks the safetensors format."""


def tensor_bytes(tensor):
    """Returns the bytes of a CPU tensor in row-major order, little-endian on x86 and ARM hosts."""
    flat = tensor.contiguous().reshape(-1)
    if flat.dtype == torch.bfloat16:
        # numpy has no bfloat16, so the bits travel as int16.
        flat = flat.view(torch.int16)
    return flat.numpy().tobytes()


def write_safetensors(path, tensors, metadata=None):
    """Writes a dict of name -> tensor. Larger dtypes go first, then names in order, so data stays aligned."""
    order = sorted(tensors, key=lambda name: (-tensors[name].element_size(), name))
    header = {}
    if metadata is not None:
        header["__metadata__"] = metadata
    chunks = []
    offset = 0
    for name in order:
        tensor = tensors[name]
        data = tensor_bytes(tensor)
        header[name] = {
            "dtype": SAFETENSORS_DTYPES[tensor.dtype],
            "shape": list(tensor.shape),
            "data_offsets": [offset, offset + len(data)],
        }
        chunks.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as out:
        out.write(struct.pack("<Q", len(text)))
        out.write(text)
        for chunk in chunks:
            out.write(chunk)


def read_safetensors(path):
    """Reads and validates a whole file. Returns (metadata, {name: (dtype name, tensor)}) in file order."""
    with open(path, "rb") as source:
        content = source.read()
    if len(content) < 8:
        raise FormatError(f"{path}: shorter than 8 bytes")
    (header_size,) = struct.unpack("<Q", content[:8])
    if header_size > MAX_HEADER_BYTES or 8 + header_size > len(content):
        raise FormatError(f"{path}: header size {header_size} does not fit the file of {len(content)} bytes")
    header = json.loads(content[8:8 + header_size].decode("utf-8"))
    metadata = header.pop("__metadata__", None)
    if metadata is not None and not all(isinstance(v, str) for v in metadata.values()):
        raise FormatError(f"{path}: __metadata__ values must be strings")
    data = content[8 + header_size:]

    tensors = {}
    expected_begin = 0
    for name, entry in sorted(header.items(), key=lambda item: item[1]["data_offsets"]):
        begin, end = entry["data_offsets"]
        dtype = TORCH_DTYPES.get(entry["dtype"])
        if dtype is None:
            raise FormatError(f"{path}: tensor {name}: dtype {entry['dtype']} is not supported here")
        count = 1
        for dimension in entry["shape"]:
            count *= dimension
        itemsize = torch.tensor([], dtype=dtype).element_size()
        if begin != expected_begin or end - begin != count * itemsize or end > len(data):
            raise FormatError(f"{path}: tensor {name}: offsets {begin}..{end} are invalid")
        raw = bytearray(data[begin:end])
        tensor = torch.frombuffer(raw, dtype=dtype) if raw else torch.empty(0, dtype=dtype)
        tensors[name] = (entry["dtype"], tensor.reshape(entry["shape"]))
        expected_begin = end
    if expected_begin != len(data):
        raise FormatError(f"{path}: {len(data) - expected_begin} bytes after the last tensor")
    return metadata, tensors


def float32_bits(tensor):
    """Returns the fp32 bit patterns (as unsigned ints) of a float tensor converted by torch."""
    return [bits & 0xFFFFFFFF for bits in tensor.to(torch.float32).reshape(-1).view(torch.int32).tolist()]


def half_bits(tensor):
    """Returns the 16-bit patterns (as unsigned ints) of an F16 or BF16 tensor."""
    return [bits & 0xFFFF for bits in tensor.reshape(-1).view(torch.int16).tolist()]
