"""One synthetic branching story, written both as ink and as a Boardroom scenario, for speed comparisons.

A copy of the shared reference generator (../shared/bench/gen_story.py), kept in step with the scenario
format; the story it builds is the same. Layers of scenes; each scene has 3 choices; one choice has a
condition on a meter and every choice changes two meters; the last layer leads to one of 4 endings chosen
by conditions. Random play of both versions reaches the same endings in the same proportions.

usage: python benchmarks/ink_story.py LAYERS WIDTH OUT.ink [OUT_DIR_FOR_YAML] [--plain]
"""

from __future__ import annotations

import random
import sys
from pathlib import Path
from typing import Any

Scene = dict[str, Any]


def build(layers: int, width: int, seed: int = 7) -> list[Scene]:
    rnd = random.Random(seed)
    scenes = []
    for layer in range(layers):
        for w in range(width):
            sid = f"s{layer}_{w}"
            choices = []
            for c in range(3):
                nxt = f"s{layer + 1}_{rnd.randrange(width)}" if layer + 1 < layers else "END_ROUTER"
                cond = None
                if c == 2:
                    cond = ("trust", rnd.randrange(20, 60))
                choices.append(
                    {
                        "text": f"Option {c} of {sid}",
                        "cond": cond,
                        "d_trust": rnd.randrange(-10, 11),
                        "d_power": rnd.randrange(-10, 11),
                        "next": nxt,
                    }
                )
            scenes.append({"id": sid, "text": f"Scene {sid}: the board meets again.", "choices": choices})
    return scenes


def emit_ink(scenes: list[Scene]) -> str:
    out = ["VAR trust = 50", "VAR power = 50", "-> s0_0", ""]
    for s in scenes:
        out.append(f"=== {s['id']} ===")
        out.append(s["text"])
        for c in s["choices"]:
            cond = f"{{{c['cond'][0]} >= {c['cond'][1]}}} " if c["cond"] else ""
            out.append(f"* {cond}[{c['text']}]")
            out.append(f"    ~ trust = trust + {c['d_trust']}")
            out.append(f"    ~ power = power + {c['d_power']}")
            out.append(f"    -> {c['next']}")
        out.append("")
    out += [
        "=== END_ROUTER ===",
        "{ trust >= 60 and power >= 60: -> end_a }",
        "{ trust >= 60: -> end_b }",
        "{ power >= 60: -> end_c }",
        "-> end_d",
        "=== end_a ===",
        "Ending A.",
        "-> END",
        "=== end_b ===",
        "Ending B.",
        "-> END",
        "=== end_c ===",
        "Ending C.",
        "-> END",
        "=== end_d ===",
        "Ending D.",
        "-> END",
        "",
    ]
    return "\n".join(out)


def emit_yaml(scenes: list[Scene], plain: bool = False) -> str:
    """The same story in Boardroom's scenario format.

    One playable seat ("player") decides every scene. Scene s0_0 is scheduled at the clock's start; every
    other scene is `scheduled: false` and comes up only through an option's `next`, at once (all share one
    `at`, so the clock never has to move). The last layer's options have no `next`: the clock then has
    nothing left and runs out, and the four `trigger: end` endings are checked in order -- ink's END_ROUTER.
    ink variables are unbounded integers, so both meters get a range wide enough never to clamp.
    Choice 2's ink condition {trust >= N} is the option's `when` (unavailable: hide, as ink omits it).
    """

    def t(en: str, zh: str) -> str:
        return f'"{en}"' if plain else f'{{en: "{en}", zh: "{zh}"}}'

    out = [
        "id: synthetic_story",
        f"title: {t('Synthetic story', '合成故事')}",
        f"summary: {t('A generated branching story.', '生成的分支故事。')}",
        'clock: {start: "2024-01-01 09:00", end: "2024-01-01 18:00"}',
        "meters:",
        f"  - {{id: trust, label: {t('Trust', '信任')}, start: 50, min: -1000000, max: 1000000}}",
        f"  - {{id: power, label: {t('Power', '权力')}, start: 50, min: -1000000, max: 1000000}}",
        "seats:",
        f"  - {{id: player, name: {t('The player', '玩家')}, kind: board, role: {t('Director', '董事')}, "
        f"bio: {t('A director.', '一位董事。')}, private: {t('Nothing.', '无。')}, objective: {t('Decide.', '做决定。')}}}",
        "decisions:",
    ]
    for i, s in enumerate(scenes):
        out += [f"  - id: {s['id']}", '    at: "2024-01-01 09:00"']
        if i:
            out.append("    scheduled: false")
        out += [
            "    actor: player",
            f"    title: {t(s['id'], s['id'])}",
            f"    text: {t(s['text'], '场景 ' + s['id'] + '：董事会再次开会。')}",
            "    options:",
        ]
        for c, ch in enumerate(s["choices"]):
            line = f"      - {{id: o{c}, text: {t(ch['text'], '选项 ' + str(c) + ' / ' + s['id'])}"
            if ch["cond"]:
                line += f', when: "{ch["cond"][0]} >= {ch["cond"][1]}", unavailable: hide'
            line += f", effects: {{trust: {ch['d_trust']}, power: {ch['d_power']}}}"
            if ch["next"] != "END_ROUTER":
                line += f", next: {ch['next']}"
            out.append(line + "}")
    out += [
        "endings:",
        f'  - {{id: end_a, when: "trust >= 60 and power >= 60", title: {t("Ending A", "结局甲")}, '
        f"text: {t('Ending A.', '结局甲。')}}}",
        f'  - {{id: end_b, when: "trust >= 60", title: {t("Ending B", "结局乙")}, text: {t("Ending B.", "结局乙。")}}}',
        f'  - {{id: end_c, when: "power >= 60", title: {t("Ending C", "结局丙")}, text: {t("Ending C.", "结局丙。")}}}',
        f"  - {{id: end_d, title: {t('Ending D', '结局丁')}, text: {t('Ending D.', '结局丁。')}}}",
    ]
    return "\n".join(out) + "\n"


def write_yaml(folder: Path, scenes: list[Scene], plain: bool = False, per_file: int = 2000) -> None:
    """Write emit_yaml()'s text into FOLDER: one scenario.yaml, or -- past the format's 2 MiB per-file limit --
    a folder of files (lists merge in file-name order): 0_main.yaml, 1_decisions_NNN.yaml ..., 2_endings.yaml."""
    folder.mkdir(parents=True, exist_ok=True)
    if len(scenes) <= per_file:
        (folder / "scenario.yaml").write_text(emit_yaml(scenes, plain), encoding="utf-8")
        return
    for i in range(0, len(scenes), per_file):
        text = emit_yaml(scenes[i : i + per_file], plain)
        head, rest = text.split("decisions:\n", 1)
        decisions, endings = rest.split("endings:\n", 1)
        if i:  # emit_yaml() schedules the first scene of its slice: only s0_0 is scheduled
            decisions = decisions.replace(
                '    at: "2024-01-01 09:00"\n    actor:',
                '    at: "2024-01-01 09:00"\n    scheduled: false\n    actor:',
                1,
            )
        else:
            (folder / "0_main.yaml").write_text(head, encoding="utf-8")
            (folder / "2_endings.yaml").write_text("endings:\n" + endings, encoding="utf-8")
        (folder / f"1_decisions_{i // per_file:03d}.yaml").write_text("decisions:\n" + decisions, encoding="utf-8")


def write_both(layers: int, width: int, ink: Path, folder: Path, plain: bool = False) -> None:
    scenes = build(layers, width)
    ink.write_text(emit_ink(scenes), encoding="utf-8")
    write_yaml(folder, scenes, plain)


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    scenes = build(int(args[0]), int(args[1]))
    Path(args[2]).write_text(emit_ink(scenes), encoding="utf-8")
    if len(args) > 3:
        write_yaml(Path(args[3]), scenes, plain="--plain" in sys.argv)
