"""randomtest beside the JS ink runtime, on the same synthetic story. Run:

    npm install --prefix benchmarks inkjs@2.4.0      # once: the reference runtime, pinned
    python benchmarks/ink_compare.py [--quick] [--json]

benchmarks/ink_story.py writes one story twice, as ink and as a Boardroom scenario: 500 layers that rarely
repeat a state, and 5 layers that repeat constantly. For each, inkjs (benchmarks/ink_random.mjs) and
`boardroom randomtest` play the same number of random playthroughs in turn, each in a process of its own;
the figure is the median of the back-to-back ratios of choices per second, which a slow spell on the shared
machine disturbs least, both per second of wall-clock time and per second of CPU time (node's helper threads
included): on a machine whose cores are busy, node's extra threads take a larger share than our one thread. Our process's peak memory (maximum resident set) is reported beside it. Load and
compile times are left out of both rates: inkjs compiles the story once, we load and check it once.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from benchmarks.ink_story import write_both  # noqa: E402

STORIES = {"deep": (500, 5), "shallow": (5, 5)}  # name: (layers, width)


def ours(folder: Path, runs: int) -> dict[str, Any]:
    """One batch of our randomtest in this process (called in a child, so its peak memory is its own)."""
    from game import catalog
    from game.authoring.randomtest import randomtest

    plan, problems = catalog.load_plan(folder)
    assert plan is not None, [p.format() for p in problems[:3]]
    start, cpu = time.perf_counter(), time.process_time()
    batch = randomtest(plan, runs, 1)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    return {
        "runs": runs,
        "choices": batch.choices,
        "seconds": seconds,
        "choices_per_s": batch.choices / seconds,
        "choices_per_cpu_s": batch.choices / cpu,
        "memo_runs": batch.memo_runs,
        "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "endings": dict(batch.endings),
    }


def run_ours(folder: Path, runs: int) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, "--ours", str(folder), str(runs)], check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout)


def run_ink(story: Path, runs: int) -> dict[str, Any]:
    out = subprocess.run(
        ["node", str(HERE / "ink_random.mjs"), str(story), str(runs)], check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout)


def compare(name: str, layers: int, width: int, runs: int, repeat: int, tmp: Path) -> dict[str, Any]:
    ink_file, folder = tmp / f"{name}.ink", tmp / name
    write_both(layers, width, ink_file, folder, plain=True)
    ink_rates, our_rates, ink_cpu, our_cpu, memory, memo_runs = [], [], [], [], [], []
    for _ in range(repeat):  # in turn, so that a slow spell hurts both alike
        ink = run_ink(ink_file, runs)
        mine = run_ours(folder, runs)
        ink_rates.append(ink["choices_per_s"])
        our_rates.append(mine["choices_per_s"])
        ink_cpu.append(ink["choices_per_cpu_s"])
        our_cpu.append(mine["choices_per_cpu_s"])
        memory.append(mine["max_rss_mb"])
        memo_runs.append(mine["memo_runs"])
    return {
        "story": f"{layers} layers x {width} scenes",
        "runs": runs,
        "ink_choices_per_s": statistics.median(ink_rates),
        "ours_choices_per_s": statistics.median(our_rates),
        "ratio": statistics.median(o / i for o, i in zip(our_rates, ink_rates, strict=True)),
        # Per second of CPU (node's helper threads included): what a busy, shared machine disturbs least.
        "ink_choices_per_cpu_s": statistics.median(ink_cpu),
        "ours_choices_per_cpu_s": statistics.median(our_cpu),
        "cpu_ratio": statistics.median(o / i for o, i in zip(our_cpu, ink_cpu, strict=True)),
        "ours_max_rss_mb": max(memory),
        "ours_runs_with_memory": memo_runs[0],
        "ink_endings": ink["endings"],
        "our_endings": mine["endings"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer runs and repeats")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--ours", nargs=2, metavar=("FOLDER", "RUNS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.ours:
        print(json.dumps(ours(Path(args.ours[0]), int(args.ours[1]))))
        return
    if shutil.which("node") is None or not (HERE / "node_modules" / "inkjs").is_dir():
        sys.exit("needs node and inkjs: npm install --prefix benchmarks inkjs@2.4.0")
    repeat = 3 if args.quick else 5
    runs = {"deep": 100 if args.quick else 300, "shallow": 1000 if args.quick else 3000}
    with tempfile.TemporaryDirectory() as tmp:
        results = {
            name: compare(name, layers, width, runs[name], repeat, Path(tmp))
            for name, (layers, width) in STORIES.items()
        }
    if args.json:
        print(json.dumps(results, indent=1))
        return
    for name, r in results.items():
        print(
            f"{name} story ({r['story']}, {r['runs']} runs): ink {r['ink_choices_per_s']:,.0f} choices/s, "
            f"randomtest {r['ours_choices_per_s']:,.0f} choices/s, ratio {r['ratio']:.1f}x (target: >= 4); "
            f"per CPU second: ink {r['ink_choices_per_cpu_s']:,.0f}, randomtest {r['ours_choices_per_cpu_s']:,.0f}, "
            f"ratio {r['cpu_ratio']:.1f}x; "
            f"peak memory {r['ours_max_rss_mb']:.0f} MB (target: < 400); "
            f"runs with the state memory: {r['ours_runs_with_memory']}"
        )


if __name__ == "__main__":
    main()
