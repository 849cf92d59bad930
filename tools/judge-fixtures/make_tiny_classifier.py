"""Write the tiny ONNX text classifier that the text-classification judge tests load.

The model mean-pools two-dimensional word embeddings over the attention mask and returns the
pooled vector as logits [safe, harmful]. Every weight is set by hand, so the test can compute the
expected class probabilities with a pen: an unknown word adds (1, 0) and a word from HARMFUL_WORDS
adds (0, 6) before averaging.

Run with Debian's PyTorch (1.13, CPU):
    OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 tools/judge-fixtures/make_tiny_classifier.py OUTPUT_FOLDER
"""

import json
import os
import sys

import torch

HARMFUL_WORDS = ["bomb", "poison", "weapon", "explosive", "malware", "steal"]
PLAIN_WORDS = ["the", "a", "how", "to", "build", "make", "is", "nice", "weather", "today", "cake"]
UNKNOWN_LOGITS = [1.0, 0.0]
HARMFUL_LOGITS = [0.0, 6.0]


class MeanPoolClassifier(torch.nn.Module):
    def __init__(self, vocabulary_size: int):
        super().__init__()
        self.embedding = torch.nn.Embedding(vocabulary_size, 2)

    def forward(self, input_ids, attention_mask):
        mask = attention_mask.unsqueeze(-1).to(torch.float32)
        summed = (self.embedding(input_ids) * mask).sum(dim=1)
        return summed / mask.sum(dim=1).clamp(min=1.0)


def build_vocabulary():
    words = ["[PAD]", "[UNK]"] + PLAIN_WORDS + HARMFUL_WORDS
    return {word: index for index, word in enumerate(words)}


def build_model(vocabulary):
    model = MeanPoolClassifier(len(vocabulary))
    with torch.no_grad():
        model.embedding.weight.zero_()
        for word, index in vocabulary.items():
            if word == "[PAD]":
                continue
            logits = HARMFUL_LOGITS if word in HARMFUL_WORDS else UNKNOWN_LOGITS
            model.embedding.weight[index] = torch.tensor(logits)
    return model.eval()


def write_json(path, value):
    with open(path, "w", encoding="utf-8") as file:
        json.dump(value, file, indent=2)
        file.write("\n")


def tokenizer_json(vocabulary):
    # A word-level tokenizer: lower case, split on whitespace and punctuation, no special tokens added.
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [
            {"id": 0, "content": "[PAD]", "single_word": False, "lstrip": False, "rstrip": False, "normalized": False, "special": True},
            {"id": 1, "content": "[UNK]", "single_word": False, "lstrip": False, "rstrip": False, "normalized": False, "special": True},
        ],
        "normalizer": {"type": "Lowercase"},
        "pre_tokenizer": {"type": "Whitespace"},
        "post_processor": None,
        "decoder": None,
        "model": {"type": "WordLevel", "vocab": vocabulary, "unk_token": "[UNK]"},
    }


def main(output_folder):
    torch.set_num_threads(2)
    os.makedirs(os.path.join(output_folder, "onnx"), exist_ok=True)
    vocabulary = build_vocabulary()

    example = (torch.tensor([[2, 3]], dtype=torch.long), torch.tensor([[1, 1]], dtype=torch.long))
    torch.onnx.export(
        build_model(vocabulary),
        example,
        os.path.join(output_folder, "onnx", "model.onnx"),
        input_names=["input_ids", "attention_mask"],
        output_names=["logits"],
        dynamic_axes={"input_ids": {0: "batch", 1: "sequence"}, "attention_mask": {0: "batch", 1: "sequence"}, "logits": {0: "batch"}},
        opset_version=14,
    )

    write_json(os.path.join(output_folder, "config.json"), {
        "model_type": "bert",
        "architectures": ["BertForSequenceClassification"],
        "id2label": {"0": "safe", "1": "harmful"},
        "label2id": {"safe": 0, "harmful": 1},
        "vocab_size": len(vocabulary),
        "hidden_size": 2,
        "num_hidden_layers": 0,
        "num_attention_heads": 1,
    })
    write_json(os.path.join(output_folder, "tokenizer.json"), tokenizer_json(vocabulary))
    write_json(os.path.join(output_folder, "tokenizer_config.json"), {
        "tokenizer_class": "PreTrainedTokenizer",
        "pad_token": "[PAD]",
        "unk_token": "[UNK]",
        "model_max_length": 128,
    })


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: make_tiny_classifier.py OUTPUT_FOLDER")
    main(sys.argv[1])
