"""Where the open peers run: this interpreter if it has them, else a venv we make.

The peers (alt-profanity-check, hatesonar) pin their own scikit-learn and ONNX
runtimes; keeping them out of the project's environment means a clean checkout can
still compare against them: the first evaluation creates ``classifiers/.venv-peers``
and installs them there with pip.
"""

from __future__ import annotations

import json
import subprocess
import sys
import venv
from pathlib import Path

PEER_PACKAGES = ["alt-profanity-check==1.9.1", "hatesonar==0.1.0", "onnx>=1.16"]
PEERS_VENV = Path(__file__).resolve().parents[1] / ".venv-peers"
WORKER = Path(__file__).resolve().parent / "peer_worker.py"


def _has_peers(python: str) -> bool:
    probe = "import profanity_check, hatesonar, onnx"
    return subprocess.run([python, "-c", probe], capture_output=True, check=False).returncode == 0


def peer_python(log=print) -> str:
    if _has_peers(sys.executable):
        return sys.executable
    python = PEERS_VENV / "bin" / "python"
    if not python.exists():
        log(f"creating {PEERS_VENV} for the peer models")
        venv.EnvBuilder(with_pip=True, clear=True).create(PEERS_VENV)
    if not _has_peers(str(python)):
        log(f"installing {', '.join(PEER_PACKAGES)} into {PEERS_VENV}")
        subprocess.run([str(python), "-m", "pip", "install", "-q", *PEER_PACKAGES], check=True)
    return str(python)


def run_peers(texts: list[str], bench: bool = False, log=print):
    """Peer probabilities for ``texts`` (dict name -> list), or their benchmark figures."""
    payload = "".join(json.dumps({"text": t}) + "\n" for t in texts)
    args = [peer_python(log), str(WORKER)] + (["--bench"] if bench else [])
    done = subprocess.run(args, input=payload, capture_output=True, text=True, check=True)
    lines = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    if bench:
        return lines[0]
    return {name: [row[name] for row in lines] for name in lines[0]} if lines else {}
