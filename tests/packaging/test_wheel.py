"""The built wheel works on its own: rules, reference data and the NER model travel inside it.

The wheel is built offline (no build isolation), installed without dependencies into a fresh
virtual environment whose only other path is this environment's site-packages (for spaCy,
pandas, ...; its editable install of foi_extract is not read), and run from another folder.
"""

from __future__ import annotations

import json
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LETTER = """Wirral Council
Our reference: FOI-2024-0042
Date: 4 March 2024

Dear Ms Hale,

1. Which system do you use for direct payments?

Direct payments are managed in Pennywise Cards, supplied by Tollbridge Fintech Ltd.

2. When does the contract end?

The contract for Pennywise Cards expires on 31 March 2027.

Yours sincerely,
Information Governance Team
"""


@pytest.mark.slow
def test_an_installed_wheel_finds_an_unlisted_product(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    build = [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation"]
    subprocess.run([*build, "-q", "-w", str(wheels)], check=True, cwd=tmp_path)
    (wheel,) = wheels.glob("foi_extract-*.whl")
    env = tmp_path / "env"
    venv.EnvBuilder(with_pip=False).create(env)
    python = env / "bin" / "python"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    # dependencies from this environment, as a plain path: its .pth files (the editable
    # install of foi_extract) are not read
    (Path(site) / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    install = [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q"]
    subprocess.run([*install, str(wheel)], check=True)
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "letter.txt").write_text(LETTER, encoding="utf-8")
    script = (
        "import sys, foi_extract, pandas as pd\n"
        "from pathlib import Path\n"
        "from foi_extract.model_files import model_path\n"
        "from foi_extract.pipeline import RunOptions, run_pipeline\n"
        "assert 'site-packages' in foi_extract.__file__\n"
        "assert (model_path() / 'config.cfg').exists()\n"
        "run_pipeline([Path(sys.argv[1])], Path(sys.argv[2]), RunOptions(workers=1))\n"
        "rows = pd.read_parquet(Path(sys.argv[2]) / 'systems.parquet')\n"
        "print(rows[['system', 'listed', 'supplier', 'contract_end']].to_json(orient='records'))\n"
        "import pyarrow.parquet as pq\n"
        "meta = pq.read_metadata(Path(sys.argv[2]) / 'systems.parquet').metadata\n"
        "assert meta[b'foi_extract.fingerprint.use_model'] == b'True'  # on by default\n"
    )
    out = tmp_path / "out"
    found = subprocess.run(
        [str(python), "-c", script, str(inputs), str(out)],
        check=True, capture_output=True, text=True, cwd=tmp_path,
    ).stdout  # fmt: skip
    assert '"system":"Pennywise Cards","listed":false' in found
    assert '"supplier":"Tollbridge Fintech","contract_end":"2027-03-31"' in found
    _the_installed_command_runs_model_report_and_eval(env / "bin" / "foi-extract", tmp_path)


GOLD = {
    "id": "letter",
    "file": "letter.txt",
    "council": "Wirral Council",
    "systems": [{"name": "Pennywise Cards", "supplier": "Tollbridge Fintech"}],
    "exemptions": [],
}


def _the_installed_command_runs_model_report_and_eval(command: Path, tmp_path: Path) -> None:
    """`foi-extract run` (the model on by default), `report` and `eval` from the wheel's own
    console script."""

    def cli(*args: str) -> str:
        done = subprocess.run(
            [str(command), *args], check=True, capture_output=True, text=True, cwd=tmp_path
        )
        return done.stdout + done.stderr

    version = cli("--version")
    assert version.startswith("foi-extract ")
    ran = cli("run", "in", "--out", "cli-out", "--workers", "1")
    assert "rules only" not in ran and "1 files" in ran
    reported = cli("report", "cli-out", "--out", "report.html")
    assert "report written" in reported and (tmp_path / "report.html").stat().st_size > 10_000
    (tmp_path / "in" / "gold.jsonl").write_text(json.dumps(GOLD) + "\n", encoding="utf-8")
    scored = cli("eval", "cli-out", "--gold", "in/gold.jsonl", "--json", "scores.json")
    scores = json.loads((tmp_path / "scores.json").read_text(encoding="utf-8"))
    assert scores["systems_f1"] == 1.0, scored
