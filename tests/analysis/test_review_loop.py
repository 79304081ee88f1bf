"""The review loop end to end, in headless Chromium as an analyst uses it: run the pipeline,
build the report, mark one row wrong and correct another's contract end with a note (real
mouse clicks and typing), export, then `run --corrections` the downloaded file and check the
tables.

Chromium is driven over the DevTools protocol on `--remote-debugging-pipe` (JSON messages
ending in a NUL byte on file descriptors 3 and 4), with the standard library only."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import queue
import shutil
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from typer.testing import CliRunner

from foi_extract.analysis.consolidate import TABLE
from foi_extract.analysis.report import build_report
from foi_extract.cli import app
from tests.analysis.test_report import CHROMIUM_FLAGS, SAMPLE, _chromium

FILES = ("leeds_lcs_las_reply.pdf", "sheffield_systems_table.pdf", "wiltshire_reply.docx")
NOTE = "Page 2: the contract was extended to March 2031."
TIMEOUT = 30.0


class DevTools:
    """A headless Chromium and one page of it, driven over the DevTools protocol."""

    def __init__(self, profile: Path) -> None:
        commands_read, self._commands = os.pipe()
        self._replies, replies_write = os.pipe()
        flags = [flag for flag in CHROMIUM_FLAGS if not flag.startswith("--virtual-time")]

        def wire() -> None:  # in the child: the pipe ends on fds 3 and 4, as Chromium wants
            high = [fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (commands_read, replies_write)]
            os.dup2(high[0], 3)
            os.dup2(high[1], 4)

        self.process = subprocess.Popen(
            [_chromium(), *flags, f"--user-data-dir={profile}", "--remote-debugging-pipe"],
            pass_fds=(3, 4),
            preexec_fn=wire,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(commands_read)
        os.close(replies_write)
        self._messages: queue.Queue[dict[str, Any]] = queue.Queue()
        self.events: list[dict[str, Any]] = []
        self._next_id = 0
        self.session = ""
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        buffer = b""
        while chunk := os.read(self._replies, 65536):
            buffer += chunk
            *messages, buffer = buffer.split(b"\0")
            for message in messages:
                self._messages.put(json.loads(message))

    def call(self, method: str, session: bool = True, **params: Any) -> dict[str, Any]:
        """Send one command (to the page's session unless `session` is False); its result."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = self.session
        os.write(self._commands, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._messages.get(timeout=TIMEOUT)
            if reply.get("id") == self._next_id:
                assert "error" not in reply, (method, reply["error"])
                return dict(reply["result"])
            self.events.append(reply)

    def wait_for(self, method: str, test: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
        """The first event `method` whose params pass `test` (seen already, or to come)."""
        deadline = time.monotonic() + TIMEOUT
        seen = 0
        while time.monotonic() < deadline:
            for event in self.events[seen:]:
                if event.get("method") == method and test(event["params"]):
                    return dict(event["params"])
            seen = len(self.events)
            with contextlib.suppress(queue.Empty):
                self.events.append(self._messages.get(timeout=0.2))
        raise AssertionError(f"no {method} event within {TIMEOUT} s")

    def open(self, url: str, downloads: Path) -> None:
        """A new page at `url` (downloads allowed into `downloads`), once it has loaded."""
        self.call("Browser.setDownloadBehavior", session=False, behavior="allow",
                  downloadPath=str(downloads), eventsEnabled=True)  # fmt: skip
        target = self.call("Target.createTarget", session=False, url="about:blank")
        attached = self.call(
            "Target.attachToTarget", session=False, targetId=target["targetId"], flatten=True
        )
        self.session = attached["sessionId"]
        for domain in ("Page", "Runtime", "Log"):
            self.call(f"{domain}.enable")
        self.navigate(url)

    def navigate(self, url: str) -> None:
        self.events.clear()
        self.call("Page.navigate", url=url)
        self.wait_for("Page.loadEventFired", lambda _params: True)

    def evaluate(self, expression: str) -> Any:
        result = self.call(
            "Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True
        )
        assert "exceptionDetails" not in result, result["exceptionDetails"]
        return result["result"].get("value")

    def click(self, element: str) -> None:
        """A real left click in the middle of the element the JS expression `element` finds."""
        box = self.evaluate(
            f"(() => {{ const e = {element}; e.scrollIntoView({{block: 'center'}});"
            "const r = e.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2];"
            "})()"
        )
        x, y = box
        self.call("Input.dispatchMouseEvent", type="mouseMoved", x=x, y=y)
        for kind in ("mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)

    def type_into(self, element: str, text: str) -> None:
        """Click into the element, select what it holds and type `text` over it."""
        self.click(element)
        self.evaluate(f"{element}.select()")
        self.call("Input.insertText", text=text)

    def problems(self) -> list[str]:
        """Console messages, log entries (a CSP violation is one) and uncaught exceptions."""
        kinds = ("Runtime.consoleAPICalled", "Runtime.exceptionThrown", "Log.entryAdded")
        found = [event for event in self.events if event.get("method") in kinds]
        return [json.dumps(event["params"]) for event in found]

    def close(self) -> None:
        self.process.kill()
        self.process.wait(timeout=TIMEOUT)
        os.close(self._commands)


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[DevTools]:
    _chromium()  # skips without Chromium
    devtools = DevTools(tmp_path / "profile")
    yield devtools
    devtools.close()


def _row(key: tuple[str, str, str | None]) -> str:
    """The JS expression for the table row of one council system."""
    row_key = json.dumps(json.dumps(list(key), separators=(",", ":")))  # as a JS string
    rows = "[...document.querySelectorAll('#systems tbody tr')]"
    return f"{rows}.find(tr => tr.dataset.row === {row_key})"


def _key(row: pd.Series) -> tuple[str, str, str | None]:
    area = row.service_area if isinstance(row.service_area, str) else None
    return (row.authority_code, row.system, area)


def test_mark_correct_export_and_apply(browser: DevTools, tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    for name in FILES:
        shutil.copy(SAMPLE / name, inputs)
    out, downloads = tmp_path / "out", tmp_path / "downloads"
    downloads.mkdir()
    ran = CliRunner().invoke(app, ["run", str(inputs), "--out", str(out), "--quiet"])
    assert ran.exit_code == 0, ran.output
    before = pd.read_parquet(out / TABLE)
    assert len(before) >= 2
    wrong, fixed = before.iloc[0], before.iloc[1]
    assert fixed.contract_end != "2031-03"
    report = build_report(out, tmp_path / "report.html", today=date(2026, 11, 23))

    browser.open(report.as_uri(), downloads)
    assert browser.evaluate("document.body.dataset.visibleRows") == str(len(before))
    browser.type_into("document.getElementById('reviewer')", "ana")
    browser.click(f"{_row(_key(wrong))}.querySelector('.mark-wrong')")
    browser.click(f"{_row(_key(fixed))}.querySelector('.edit')")
    browser.type_into(
        f"{_row(_key(fixed))}.querySelector('input[data-field=contract_end]')", "2031-03"
    )
    browser.type_into(f"{_row(_key(fixed))}.querySelector('input.note')", NOTE)
    browser.click(f"{_row(_key(fixed))}.querySelector('button.save')")
    assert browser.evaluate(f"{_row(_key(wrong))}.dataset.verdict") == "wrong"
    assert browser.evaluate(f"{_row(_key(fixed))}.dataset.verdict") == "corrected"

    browser.navigate(report.as_uri())  # the edits survive a reload (localStorage)
    assert browser.evaluate("document.body.dataset.reviewed") == "2"
    assert browser.evaluate(f"{_row(_key(wrong))}.dataset.verdict") == "wrong"
    browser.click("document.getElementById('export')")
    started = browser.wait_for("Browser.downloadWillBegin", lambda _params: True)
    browser.wait_for("Browser.downloadProgress", lambda params: params["state"] == "completed")
    assert not browser.problems()  # no CSP violation, console message or exception

    exported = downloads / started["suggestedFilename"]
    assert exported.suffix == ".jsonl"
    lines = {line["verdict"]: line for line in map(json.loads, exported.read_text().splitlines())}
    assert set(lines) == {"wrong", "corrected"}
    assert lines["wrong"]["doc_ids"] == list(wrong.doc_ids)
    assert (lines["wrong"]["authority_code"], lines["wrong"]["system"]) == _key(wrong)[:2]
    corrected = lines["corrected"]
    assert corrected["corrected"] == {"contract_end": "2031-03"}
    assert (corrected["note"], corrected["reviewer"]) == (NOTE, "ana")
    assert corrected["values"]["contract_end"] == _plain(fixed.contract_end)

    applied = CliRunner().invoke(
        app, ["run", str(inputs), "--out", str(out), "--quiet", "--corrections", str(exported)]
    )
    assert applied.exit_code == 0, applied.output
    after = pd.read_parquet(out / TABLE)
    keys = {_key(row) for _, row in after.iterrows()}
    assert _key(wrong) not in keys and _key(fixed) in keys
    assert len(after) == len(before) - 1
    row = after[[_key(r) == _key(fixed) for _, r in after.iterrows()]].iloc[0]
    assert row.contract_end == "2031-03"
    systems = pd.read_parquet(out / "systems.parquet")
    facts = systems[systems.doc_id.isin(fixed.doc_ids) & (systems.system == fixed.system)]
    reviewed = [e for fact in facts.field_evidence for e in fact if e["extractor"] == "review"]
    assert reviewed and all(e["field"] == "contract_end" for e in reviewed)
    assert {(e["value"], e["sentence"]) for e in reviewed} == {("2031-03", NOTE)}


def _plain(value: object) -> object:
    return value if isinstance(value, str) else None
