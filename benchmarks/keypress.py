"""Keypress-to-repaint on the play screen, early in a long game and late in it. Run: python benchmarks/keypress.py

A synthetic scenario gives one seat 240 decisions, an hour apart, each with an event and a news line, so the
news log grows by about three entries a choice. The app runs headless at 80x24 with the "what happened" card
off (the card is a screen of its own; what decayed was the play screen redrawing the log). A sample is one
choice: from the key press until its messages are handled and the whole screen has been composited again (a
full render, which costs at least what a terminal's repaint does). Then an undo, untimed, puts the game back,
so every sample at "choice 10" is taken with 10 choices behind it, and likewise at choice 200.

The reference is measured in the same run: the same samples at choice 10. The ratio of the p95 at choice 200
to the p95 at choice 10 is near 1 when keypress time does not depend on how long the game has run. Target:
p95 under 50 ms at choice 200. Each sample is timed twice: wall-clock time, and the process's CPU time,
which a machine shared with other work disturbs far less. Timings belong here, never in tests.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game.scenario import check  # noqa: E402
from game.ui.app import make_app  # noqa: E402

DECISIONS = 240
SIZE = (80, 24)


def scenario_text(decisions: int = DECISIONS) -> str:
    out = [
        "id: keypress",
        "title: {en: A long week, zh: 漫长的一周}",
        "summary: {en: One seat and many decisions., zh: 一个席位，许多决定。}",
        'clock: {start: "2024-01-01 00:00", end: "2024-01-31 23:00"}',
        "meters:",
    ]
    out += [f"  - {{id: m{m}, label: {{en: Meter {m}, zh: 指标{m}}}, start: 50}}" for m in range(4)]
    out += [
        "seats:",
        "  - {id: solo, name: {en: Solo, zh: 独}, kind: board, role: {en: R, zh: 角}, bio: {en: B, zh: 传}, "
        "private: {en: P, zh: 私}, objective: {en: O, zh: 标}}",
        "decisions:",
    ]
    for i in range(decisions):
        day, hour = divmod(i, 24)
        at = f"2024-01-{1 + day:02d} {hour:02d}:00"
        m = i % 4
        out += [
            f"  - id: d{i}",
            f'    at: "{at}"',
            "    actor: solo",
            f"    title: {{en: Decision {i}, zh: 决定{i}}}",
            "    text: {en: The board waits for you to decide what happens next and why., zh: 董事会等你决定下一步。}",
            "    options:",
            f"      - {{id: a, text: {{en: Go on, zh: 继续}}, effects: {{m{m}: -1}}, historical: true, "
            f"news: {{en: You went on with decision {i}. The staff heard of it by lunch., zh: 你继续了。}}}}",
            f"      - {{id: b, text: {{en: Hold, zh: 等待}}, effects: {{m{m}: 1}}}}",
        ]
    out.append("events:")
    for i in range(decisions):
        day, hour = divmod(i, 24)
        out += [
            f"  - id: e{i}",
            f'    at: "2024-01-{1 + day:02d} {hour:02d}:30"',
            f"    title: {{en: Something happens {i}, zh: 事件{i}}}",
            "    text: {en: A reporter calls and the phones do not stop ringing all afternoon., zh: 电话响个不停。}",
            f"    effects: {{m{(i + 1) % 4}: 1}}",
        ]
    out += ["endings:", "  - {id: done, title: {en: Done, zh: 完}, text: {en: Over., zh: 结束。}}"]
    return "\n".join(out) + "\n"


async def _samples(plan, depth: int, count: int, saves: Path) -> list[tuple[float, float]]:  # type: ignore[no-untyped-def]
    app = make_app(saves_dir=saves, plan=plan, seat="solo")
    app.session.settings = replace(app.session.settings, aftermath=False)
    times: list[tuple[float, float]] = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        game = app.session.game
        assert game is not None
        while len(game.choices) < depth:  # reaching the depth untimed: through the controller, as keys do
            app.controller.choose("solo", "a")
        await pilot.pause()
        for _ in range(count + 2):  # the first two warm the caches and are dropped
            start, cpu = time.perf_counter(), time.process_time()
            await pilot.press("1")
            await pilot.pause()
            app.screen._compositor.render_strips()
            times.append((time.perf_counter() - start, time.process_time() - cpu))
            assert len(game.choices) == depth + 1
            app.controller.undo()
            await pilot.pause()
    return times[2:]


def p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20)[-1]


def bench(count: int, rounds: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "keypress"
        folder.mkdir()
        (folder / "scenario.yaml").write_text(scenario_text(), encoding="utf-8")
        plan, problems = check(folder)
        assert plan is not None, [p.format() for p in problems[:3]]
        early: list[tuple[float, float]] = []
        late: list[tuple[float, float]] = []
        # In turn, so that a slow spell on the shared machine falls on both depths alike.
        for _ in range(rounds):
            early += asyncio.run(_samples(plan, 10, count, Path(tmp) / "saves"))
            late += asyncio.run(_samples(plan, 200, count, Path(tmp) / "saves"))
    result: dict[str, float] = {"samples_each": len(early)}
    for kind, index in (("wall", 0), ("cpu", 1)):
        at_10 = [sample[index] for sample in early]
        at_200 = [sample[index] for sample in late]
        result[f"{kind}_choice_10_p50_ms"] = statistics.median(at_10) * 1000
        result[f"{kind}_choice_10_p95_ms"] = p95(at_10) * 1000
        result[f"{kind}_choice_200_p50_ms"] = statistics.median(at_200) * 1000
        result[f"{kind}_choice_200_p95_ms"] = p95(at_200) * 1000
        result[f"{kind}_ratio_p95_200_to_10"] = p95(at_200) / p95(at_10)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer samples")
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args()
    result = bench(20 if args.quick else 40, 1 if args.quick else 3)
    if args.json:
        print(json.dumps(result, indent=1))
        return
    for kind in ("wall", "cpu"):
        r = {key.removeprefix(f"{kind}_"): value for key, value in result.items() if key.startswith(kind)}
        print(
            f"{kind} time, keypress to repaint at choice 10:   p50 {r['choice_10_p50_ms']:6.1f} ms   p95 {r['choice_10_p95_ms']:6.1f} ms"
        )
        print(
            f"{kind} time, keypress to repaint at choice 200:  p50 {r['choice_200_p50_ms']:6.1f} ms   "
            f"p95 {r['choice_200_p95_ms']:6.1f} ms   (target: p95 < 50 ms)"
        )
        print(f"{kind} time, ratio of the p95s, 200 to 10:       {r['ratio_p95_200_to_10']:6.2f}")
    print(f"({result['samples_each']:.0f} samples at each depth)")


if __name__ == "__main__":
    main()
