"""The deep stage's model card: what each head learnt from, how it was fitted, what it scored."""

from __future__ import annotations


def render_encoder_card(manifest: dict) -> str:
    tuning = manifest.get("tuning", {})
    lines = [
        f"# Deep stage {manifest['version']}",
        "",
        f"Base encoder: {manifest['base_model']}, weights from the installed package (never stored here).",
        f"Tuned: LoRA adapters (rank {tuning.get('rank')}, alpha {tuning.get('alpha')}) on every linear layer, "
        "one linear head per label over the mean-pooled embedding, reading emoji as words and the first "
        f"{tuning.get('max_tokens')} tokens; a cosine loss (weight {tuning.get('keep_embedding')}) keeps the "
        "embedding near the base model's so it still measures topical closeness. Training runs:",
        "",
    ]
    for number, run in enumerate(tuning.get("runs", [tuning]), start=1):
        lines.append(
            f"{number}. {run.get('examples_per_epoch')} examples sampled from {run.get('training_examples')} "
            f"({run.get('epochs')} epoch), learning rate {run.get('learning_rate')} (heads {run.get('head_learning_rate')}), "
            f"threat and identity-attack examples drawn {run.get('rare_harm_weight')}x as often, seed {run.get('seed')}, "
            f"about {run.get('minutes')} minutes on two cores" + (f", starting from {run['started_from']}" if run.get("started_from") else "")
            + (f"; {run['data']}" if run.get("data") else "")
        )
    lines += [
        "",
        "## Heads and what they learnt from",
        "",
        "Every head learns only where a source says something about its label (a source's clean examples "
        "count against every label). Shares of annotators are soft targets.",
        "",
        "| source | what it gives |",
        "|---|---|",
    ]
    lines += [f"| {name} | {what} |" for name, what in manifest["sources"].items()]
    metrics = manifest.get("metrics", {})
    lines += [
        "",
        "## Combination and thresholds",
        "",
        f"Abuse = logistic regression over {', '.join(manifest['combiner']['features'])}, fitted on half of the "
        "held-out validation data; thresholds and the figures below from the other half.",
        f"Off-topic = logistic over relevance (best cosine to title, body passages or whole body; a reply also by its "
        f"parent, capped by the parent's own relevance): {manifest['off_topic']}.",
        "",
        f"Thresholds: `{ {k: v for k, v in manifest['thresholds'].items() if k != 'method'} }`",
        "",
        f"Sub-label bars: `{manifest.get('sub_label_bars', {})}`. A head at its bar puts abuse at the service's bar for "
        "that action (part-time withholding or flagging), and above it in proportion up to 1, whatever the combination says.",
        "",
        f"Method: {manifest['thresholds'].get('method', '')}",
        "",
        "## Validation (ROC AUC, held-out)",
        "",
    ]
    for name, value in metrics.items():
        lines.append(f"- {name}: {value}")
    return "\n".join(lines) + "\n"
