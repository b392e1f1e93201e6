"""Reading and writing model artifacts: JSON metadata plus arrays, nothing executable.

An artifact directory holds ``manifest.json`` (configuration, thresholds, metrics,
provenance), ``arrays.npz`` (weights, loaded with ``allow_pickle=False`` so a
tampered file cannot run code) and ``MODEL_CARD.md`` for people.
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from classifiers.features.hashed_ngrams import HashedNgrams
from classifiers.models.abuse import AbuseModel
from classifiers.models.off_topic import OffTopicModel
from classifiers.models.spam import SpamModel

# 2: token, word and character n-gram hashes computed on code points (features/token_table.py);
# artifacts trained with the earlier hashing would load but score nonsense.
FORMAT_VERSION = 2
DEFAULT_ARTIFACT_DIR = Path(__file__).resolve().parent / "artifacts" / "default"


class ArtifactError(RuntimeError):
    pass


@dataclass
class ModelBundle:
    featurizer: HashedNgrams
    abuse: AbuseModel
    spam: SpamModel
    off_topic: OffTopicModel
    manifest: dict = field(default_factory=dict)

    @property
    def version(self) -> str:
        return self.manifest.get("version", "unversioned")


def _arrays(bundle: ModelBundle) -> dict[str, np.ndarray]:
    arrays = {"featurizer.idf": bundle.featurizer.idf_.astype(np.float16)}
    arrays.update(bundle.abuse.to_arrays())
    arrays.update(bundle.spam.to_arrays())
    arrays.update(bundle.off_topic.to_arrays())
    return arrays


def weights_digest(bundle: ModelBundle) -> str:
    digest = hashlib.sha256()
    for name, array in sorted(_arrays(bundle).items()):
        digest.update(name.encode())
        digest.update(np.ascontiguousarray(array).tobytes())
    return digest.hexdigest()


def pack_bundle(bundle: ModelBundle) -> tuple[dict, bytes]:
    """The manifest and the compressed arrays, as stored in an artifact directory or a database row."""
    manifest = dict(bundle.manifest)
    manifest["format_version"] = FORMAT_VERSION
    manifest["featurizer"] = bundle.featurizer.get_config()
    manifest["weights_sha256"] = weights_digest(bundle)
    buffer = io.BytesIO()
    np.savez_compressed(buffer, allow_pickle=True, **_arrays(bundle))
    return manifest, buffer.getvalue()


def unpack_bundle(manifest: dict, arrays_npz: bytes, where: str = "artifact") -> ModelBundle:
    if manifest.get("format_version") != FORMAT_VERSION:
        raise ArtifactError(f"{where}: format {manifest.get('format_version')!r} is not {FORMAT_VERSION}")
    with np.load(io.BytesIO(arrays_npz), allow_pickle=False) as stored:
        arrays = {name: stored[name] for name in stored.files}
    featurizer = HashedNgrams.from_config(manifest["featurizer"], arrays["featurizer.idf"])
    return ModelBundle(
        featurizer=featurizer,
        abuse=AbuseModel.from_arrays(arrays),
        spam=SpamModel.from_arrays(arrays),
        off_topic=OffTopicModel.from_arrays(arrays),
        manifest=manifest,
    )


def save_bundle(bundle: ModelBundle, directory: Path, model_card: str | None = None) -> Path:
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    manifest, arrays_npz = pack_bundle(bundle)
    (directory / "arrays.npz").write_bytes(arrays_npz)
    (directory / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    if model_card is not None:
        (directory / "MODEL_CARD.md").write_text(model_card)
    bundle.manifest = manifest
    return directory


def load_bundle(directory: Path | None = None) -> ModelBundle:
    directory = Path(directory or DEFAULT_ARTIFACT_DIR)
    manifest_path, arrays_path = directory / "manifest.json", directory / "arrays.npz"
    if not manifest_path.is_file() or not arrays_path.is_file():
        raise ArtifactError(f"no model artifact in {directory} (expected manifest.json and arrays.npz)")
    return unpack_bundle(json.loads(manifest_path.read_text()), arrays_path.read_bytes(), where=str(directory))
