"""Run every benchmark of the register and print/write the results table.

Usage: python benchmarks/run_all.py [--runs 7]   (writes benchmarks/out/results.md)
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
# name -> (students, teachers): with the heads, parents, graduates… the demo generator
# adds, these give exactly 1,000 / 20,000 / 50,000 people.
DEMO = {"1k": (900, 62), "20k": (18500, 788), "50k": (47000, 1195)}
ENV = {
    # Bytecode as an installed app has it (pip and PyInstaller compile it; a machine that
    # sets PYTHONDONTWRITEBYTECODE would recompile every module at every start).
    **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
    "QT_QPA_PLATFORM": "offscreen",
    "XDG_CONFIG_HOME": str(OUT / "config"),  # no saved window/column state: the defaults
}
STAMPS = ["spawned", "script", "imported", "opened", "built", "painted", "filled"]


def demo_db(name: str) -> Path:
    path = OUT / f"demo_{name}.sqlite3"
    if not path.exists():
        # A child process: on Linux a child's ru_maxrss starts from its parent's peak, so
        # run_all itself must stay small for the start-up scripts' memory figures.
        students, teachers = DEMO[name]
        command = [sys.executable, "-m", "mentor_desk", "demo", "--db", str(path)]
        command += ["--students", str(students), "--teachers", str(teachers), "--seed", "1"]
        subprocess.run(command, check=True)
    return path


def people(path: Path) -> tuple[int, int]:
    """Everyone in the file, and those not archived (the rows the register shows)."""
    with sqlite3.connect(path) as conn:
        total, active = conn.execute(
            "SELECT count(*), count(*) - count(archived_at) FROM participant"
        ).fetchone()
    return total, active


def run(script: str, *args: object) -> dict:
    """Run a benchmark script in a fresh interpreter; its last stdout line is JSON."""
    spawned = time.time()
    command = [sys.executable, str(HERE / script), *map(str, args)]
    done = subprocess.run(command, env=ENV, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{script} failed:\n{done.stderr}")
    return {"spawned": spawned, **json.loads(done.stdout.strip().splitlines()[-1])}


def startup(runs: int, dbs: dict[str, Path]) -> dict[str, list[dict]]:
    """The bare window and the app on each database, alternating, after one warm-up each."""
    commands = {"bare": ["startup_bare.py"]}
    commands |= {name: ["startup_app.py", path] for name, path in dbs.items()}
    results: dict[str, list[dict]] = {kind: [] for kind in commands}
    for round_ in range(runs + 1):
        for kind, command in commands.items():
            result = run(*command)
            if round_:  # round 0 warms the disk cache and the .pyc files
                results[kind].append(result)
    return results


def phases(result: dict) -> dict[str, float]:
    """Milliseconds of each start-up step (time.time() stamps, same clock in both processes)."""
    present = [stamp for stamp in STAMPS if stamp in result]
    steps = {f"{a}→{b}": (result[b] - result[a]) * 1000 for a, b in itertools.pairwise(present)}
    return {"total": (result["painted"] - result["spawned"]) * 1000, **steps}


def _median_cell(values: list[float | None]) -> str:
    """The median of a step, or — where the run has no such step (the bare window)."""
    present = [v for v in values if v is not None]
    return f"{statistics.median(present):.0f}" if present else "—"


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    """Markdown table lines."""
    return ["| " + " | ".join(line) + " |" for line in [header, ["---"] * len(header), *rows]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    OUT.mkdir(exist_ok=True)
    dbs = {name: demo_db(name) for name in DEMO}
    counts = {name: people(path) for name, path in dbs.items()}

    starts = startup(runs, {"1k": dbs["1k"], "20k": dbs["20k"]})
    typing = run("filter_latency.py", dbs["50k"])

    ms = {kind: [phases(r)["total"] for r in results] for kind, results in starts.items()}
    filled = {
        kind: statistics.median((r["filled"] - r["spawned"]) * 1000 for r in results)
        for kind, results in starts.items()
        if kind != "bare"
    }
    median = {kind: statistics.median(values) for kind, values in ms.items()}
    peak = {kind: max(r["peak_mb"] for r in results) for kind, results in starts.items()}

    def start_row(kind: str, limit: float) -> list[str]:
        ratio = median[kind] / median["bare"]
        figure = f"median {median[kind]:.0f} ms, min {min(ms[kind]):.0f} ms: {ratio:.2f}× bare"
        figure += f" (min/min {min(ms[kind]) / min(ms['bare']):.2f}×)"
        met = "yes" if ratio <= limit else "no"
        return [f"Start-up to the shown window, {counts[kind][0]:,} people", figure,
                f"≤ {limit}× bare", met]  # fmt: skip

    def filled_row(kind: str) -> list[str]:
        ratio = filled[kind] / median["bare"]
        figure = f"median {filled[kind]:.0f} ms: {ratio:.2f}× bare"
        return [f"Start-up to the filled register, {counts[kind][0]:,} people", figure, "—", "—"]

    bare = f"median {median['bare']:.0f} ms, min {min(ms['bare']):.0f} ms"
    keys = (
        f"median {typing['key_median_ms']:.0f} ms, p95 {typing['key_p95_ms']:.0f} ms, "
        f"max {typing['key_max_ms']:.0f} ms"
    )
    combos = ", ".join(f"{k} {v:.0f} ms" for k, v in typing["combo_ms"].items())
    sorts = ", ".join(f"{k} {v:.0f} ms" for k, v in typing["sort_ms"].items())
    memory = (
        f"{peak['20k']:.0f} MB (bare window {peak['bare']:.0f} MB, "
        f"{counts['1k'][0]:,} people {peak['1k']:.0f} MB)"
    )
    rows = [
        ["Start-up, bare PySide6 window", bare, "yardstick", "—"],
        start_row("1k", 1.5),
        filled_row("1k"),
        start_row("20k", 2.0),
        filled_row("20k"),
        [
            f"Filter as you type, {typing['rows']:,} people ({typing['keystrokes']} keys)",
            keys,
            "≤ 50 ms every key",
            "yes" if typing["key_max_ms"] <= 50 else "no",
        ],
        [f"Combo change, {typing['rows']:,} people", combos, "—", "—"],
        [f"Header-click sort, {typing['rows']:,} people", sorts, "—", "—"],
        [
            f"Peak memory, {counts['20k'][0]:,} people, scrolled to the bottom",
            memory,
            "≤ 300 MB",
            "yes" if peak["20k"] <= 300 else "no",
        ],
    ]
    columns = list(phases(starts["20k"][0]))
    steps = [
        [kind, *(_median_cell([phases(r).get(c) for r in results]) for c in columns)]
        for kind, results in starts.items()
    ]

    lines = [
        "# Mentor Desk benchmarks",
        "",
        f"{time.strftime('%Y-%m-%d %H:%M')}; {platform.platform()}; {os.cpu_count()} CPUs; "
        f"Python {platform.python_version()}; QT_QPA_PLATFORM=offscreen; start-up: "
        f"{runs} alternating runs of each after one warm-up; memory: the highest of those runs.",
        "",
        "Demo databases (seed 1): "
        + ", ".join(
            f"{total:,} people ({active:,} not archived)" for total, active in counts.values()
        ),
        "",
        *table(["measure", "figure", "goal", "met"], rows),
        "",
        "Start-up steps, median ms: spawned→script = interpreter start; script→imported = "
        "imports; imported→opened = QApplication, lock, open the database; opened→built = "
        "MainWindow(); built→painted = show and first paint; painted→filled = the register "
        "read and painted (it fills on the next turn of the event loop). "
        "For the bare window imported→opened is QApplication only.",
        "",
        *table(["run", *columns], steps),
        "",
        f"Keystrokes, ms: {', '.join(f'{v:.0f}' for v in typing['key_ms'])}",
        "",
        f"Rows shown after each: {', '.join(map(str, typing['shown']))}",
        "",
        f"In-process MainWindow() to painted at {typing['rows']:,} people: "
        f"{typing['open_ms']:.0f} ms; keystrokes that needed an explicit repaint: "
        f"{typing['paint_fallbacks']}. The daily backup MainWindow starts 5 s after start "
        f"(full integrity check + copy, on the GUI thread) takes {typing['backup_ms']:.0f} ms "
        "at this size; it is taken before the timed actions.",
    ]
    text = "\n".join(lines) + "\n"
    (OUT / "results.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
