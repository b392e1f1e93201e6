"""ROC and precision-recall curves, one PNG per development set."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from sklearn.metrics import auc, precision_recall_curve, roc_curve


def save_curves(set_name: str, y, scores: dict[str, np.ndarray], out_dir: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (roc_ax, pr_ax) = plt.subplots(1, 2, figsize=(11, 4.5))
    for name, p in scores.items():
        fpr, tpr, _ = roc_curve(y, p)
        precision, recall, _ = precision_recall_curve(y, p)
        roc_ax.plot(fpr, tpr, label=f"{name} (AUC {auc(fpr, tpr):.3f})")
        pr_ax.plot(recall, precision, label=name)
    roc_ax.plot([0, 1], [0, 1], color="grey", linestyle=":")
    roc_ax.set(xlabel="false positive rate", ylabel="true positive rate", title=f"ROC — {set_name}")
    pr_ax.axhline(float(np.mean(y)), color="grey", linestyle=":")
    pr_ax.set(xlabel="recall", ylabel="precision", title=f"Precision-recall — {set_name}")
    roc_ax.legend(loc="lower right", fontsize=8)
    pr_ax.legend(loc="upper right", fontsize=8)
    fig.tight_layout()
    path = Path(out_dir) / ("curves_" + "".join(c if c.isalnum() else "_" for c in set_name).strip("_") + ".png")
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return path
