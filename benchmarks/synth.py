"""A generator of synthetic scenarios for benchmarks: layers of decisions, 3 options each,
with conditions and meter effects, and 4 endings."""

from __future__ import annotations

import argparse
from pathlib import Path

SEATS = ["alpha", "beta", "gamma", "delta"]


def scenario_text(decisions: int, per_layer: int = 4) -> str:
    out = [
        "id: synthetic",
        "title: {en: Synthetic, zh: 合成}",
        "summary: {en: A generated scenario., zh: 生成的情景。}",
        'clock: {start: "2024-01-01 00:00", end: "2024-12-31 23:00"}',
        "meters:",
    ]
    for m in range(4):
        out.append(f"  - {{id: m{m}, label: {{en: Meter {m}, zh: 指标{m}}}, start: 50}}")
    out.append("flags:")
    for f in range(8):
        out.append(f"  - {{id: f{f}}}")
    out.append("seats:")
    for seat in SEATS:
        out.append(
            f"  - {{id: {seat}, name: {{en: {seat}, zh: {seat}}}, kind: board, role: {{en: R, zh: 角}}, "
            f"bio: {{en: B, zh: 传}}, private: {{en: P, zh: 私}}, objective: {{en: O, zh: 标}}}}"
        )
    out.append("decisions:")
    for i in range(decisions):
        layer, slot = divmod(i, per_layer)
        minute = layer * 10 + slot
        hours, mins = divmod(minute, 60)
        day, hour = divmod(hours, 24)
        at = f"2024-{1 + day // 28:02d}-{1 + day % 28:02d} {hour:02d}:{mins:02d}"
        seat = SEATS[slot % len(SEATS)]
        m = i % 4
        out += [
            f"  - id: d{i}",
            f'    at: "{at}"',
            f"    actor: {seat}",
            f'    when: "m{(m + 1) % 4} > 5 or f{i % 8}"',
            f"    title: {{en: Decision {i}, zh: 决定{i}}}",
            "    text: {en: Choose., zh: 请选择。}",
            "    options:",
            f"      - {{id: a, text: {{en: A, zh: 甲}}, effects: {{m{m}: -3, f{i % 8}: true}}, historical: true}}",
            f"      - {{id: b, text: {{en: B, zh: 乙}}, effects: {{m{m}: 4, m{(m + 2) % 4}: -2}}}}",
            f'      - {{id: c, text: {{en: C, zh: 丙}}, when: "m{m} >= 40", reason: {{en: Too low, zh: 太低}}, '
            f"effects: {{m{(m + 3) % 4}: 2, f{(i + 3) % 8}: false}}}}",
        ]
    out += [
        "endings:",
        '  - {id: collapse, trigger: early, when: "m0 <= 0", title: {en: Collapse, zh: 崩溃}, text: {en: X, zh: 乙}}',
        '  - {id: high, when: "m1 >= 60", historical: true, title: {en: High, zh: 高}, text: {en: X, zh: 乙}}',
        '  - {id: flagged, when: "f0 and f1", title: {en: Flagged, zh: 标记}, text: {en: X, zh: 乙}}',
        "  - {id: fallback, title: {en: Fallback, zh: 兜底}, text: {en: X, zh: 乙}}",
    ]
    return "\n".join(out) + "\n"


def write(folder: Path, decisions: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "scenario.yaml").write_text(scenario_text(decisions), encoding="utf-8")
    return folder


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--decisions", type=int, default=200)
    args = parser.parse_args()
    print(write(args.folder, args.decisions))
