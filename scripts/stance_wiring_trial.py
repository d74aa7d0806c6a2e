"""Apply the stance wiring proposed in docs/stance-wiring.md to a COPY of november-2023, to measure it.

    python3 scripts/stance_wiring_trial.py /tmp/nov-wired
    python3 -m game odds /tmp/nov-wired -n 1000

It never writes inside the project: the copy's YAML is re-dumped (comments lost), so it is for measuring
only. The content files are edited by hand, by their owners.
"""

import shutil
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from game.scenario.yamlsafe import read_yaml  # noqa: E402

SRC = ROOT / "scenarios" / "november-2023"
DST = Path(sys.argv[1]).resolve()
if DST.is_relative_to(ROOT):
    sys.exit("stance_wiring_trial: write the copy outside the project, e.g. /tmp/nov-wired")
shutil.rmtree(DST, ignore_errors=True)
shutil.copytree(SRC, DST)


def load(name):
    return read_yaml((DST / name).read_bytes(), name).data


def save(name, data):
    (DST / name).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")


def because(en, zh):
    return {"en": en, "zh": zh}


# --- dispositions (seats.yaml) -------------------------------------------------------------
RESOLVE = {"sutskever": [35, 85], "toner": [50, 95], "mccauley": [45, 90], "dangelo": [35, 85]}
seats = load("seats.yaml")
for seat in seats["seats"]:
    if seat["id"] in RESOLVE:
        seat["disposition"] = {"resolve": RESOLVE[seat["id"]]}
save("seats.yaml", seats)


def decision(data, did):
    return next(d for d in data["decisions"] if d["id"] == did)


def option(d, oid):
    return next(o for o in d["options"] if o["id"] == oid)


# --- trust reactions on decisions -------------------------------------------------------------
TRUST = {
    ("decisions-board.yaml", "toner_case", "hear_first"): [
        {"seat": "altman", "change": 15, "because": because("you wanted to hear him out first", "你想先听听他的说法")},
        {
            "seat": "sutskever",
            "change": -10,
            "because": because("you wanted to warn the man the case is about", "你想先给当事人通气"),
        },
    ],
    ("decisions-board.yaml", "toner_case", "proceed"): [
        {"seat": "sutskever", "change": 10, "because": because("you stood with him", "你站在了他这一边")},
    ],
    ("decisions-board.yaml", "mccauley_case", "stand_aside"): [
        {"seat": "sutskever", "change": -15, "because": because("you stood aside", "你选择了置身事外")},
        {"seat": "toner", "change": -10, "because": because("you stood aside", "你选择了置身事外")},
    ],
    ("decisions-board.yaml", "dangelo_case", "include_brockman"): [
        {"seat": "brockman", "change": 15, "because": because("you wanted him in the room", "你希望他也在场")},
        {"seat": "sutskever", "change": -10, "because": because("you would tell the chair", "你要告诉董事长")},
    ],
    ("decisions-board.yaml", "sut_case", "confront"): [
        {"seat": "altman", "change": 10, "because": because("you told him to his face", "你当面对他说了")},
        {
            "seat": "toner",
            "change": -10,
            "because": because("you warned him before the board decided", "董事会还没决定，你就提醒了他"),
        },
    ],
    ("decisions-board.yaml", "sut_regret", "regret"): [
        {"seat": "toner", "change": -20, "because": because("you recanted in public", "你公开表示后悔")},
        {"seat": "mccauley", "change": -20, "because": because("you recanted in public", "你公开表示后悔")},
        {"seat": "altman", "change": 20, "because": because("you said you regretted it", "你说你后悔了")},
    ],
    ("decisions-board.yaml", "dangelo_talks", "open_talks"): [
        {"seat": "altman", "change": 15, "because": because("you opened talks", "你开启了谈判")},
    ],
    ("decisions-executives.yaml", "alt_confronted", "accept_review"): [
        {"seat": s, "change": 25, "because": because("you accepted a review", "你接受了审查")}
        for s in ("sutskever", "toner", "mccauley", "dangelo")
    ],
    ("decisions-executives.yaml", "alt_confronted", "reassure"): [
        {"seat": s, "change": 5, "because": because("you reassured the board", "你安抚了董事会")}
        for s in ("sutskever", "dangelo")
    ],
    ("decisions-executives.yaml", "alt_terms", "accept_terms"): [
        {
            "seat": "dangelo",
            "change": 15,
            "because": because("you accepted an investigation and no seat for now", "你接受了调查，也暂不进入董事会"),
        },
        {"seat": "toner", "change": 10, "because": because("you accepted an investigation", "你接受了调查")},
        {"seat": "mccauley", "change": 10, "because": because("you accepted an investigation", "你接受了调查")},
    ],
    ("decisions-executives.yaml", "alt_terms", "insist_seat"): [
        {"seat": "dangelo", "change": -15, "because": because("you insisted on a board seat", "你坚持要董事席位")},
    ],
    ("decisions-executives.yaml", "mur_sign", "sign"): [
        {"seat": "altman", "change": 10, "because": because("you signed the letter", "你在联名信上签了名")},
        {
            "seat": "toner",
            "change": -10,
            "because": because("you signed the letter against the board", "你签署了反对董事会的联名信"),
        },
    ],
}
files = {}
for (name, did, oid), moves in TRUST.items():
    data = files.setdefault(name, load(name))
    option(decision(data, did), oid)["trust"] = moves

# --- policies reading trust and dispositions ----------------------------------------------------------
board = files["decisions-board.yaml"]
PRESSURE_REGRET = "(signatures >= 500 and not board_gave_reasons) or signatures >= 650 or staff_loyalty < 20"
option(decision(board, "sut_regret"), "regret")["policy"] = [
    {"when": f"({PRESSURE_REGRET}) and disposition(sutskever, resolve) < 70"},
    {"when": "trust(sutskever, altman) >= disposition(sutskever, resolve)"},
]
option(decision(board, "dangelo_talks"), "open_talks")["policy"] = [
    {"when": "(signatures >= 500 or staff_loyalty < 40) and disposition(dangelo, resolve) < 75"},
    {"when": "trust(dangelo, altman) >= disposition(dangelo, resolve)"},
]
for name, data in files.items():
    save(name, data)

votes = load("votes.yaml")
DIRECTORS = ("sutskever", "toner", "mccauley", "dangelo")
keep = option(decision(votes, "vote_remove"), "keep")
keep["policy"] = keep.get("policy", []) + [
    {"seats": [d], "when": f"trust({d}, altman) >= disposition({d}, resolve)"} for d in DIRECTORS
]
PRESSURE = (
    "((signatures >= 500 and not board_gave_reasons) or signatures >= 650) and investors_push or staff_loyalty < 15"
)
yes = option(decision(votes, "vote_return"), "yes_return")
yes["policy"] = [
    {"seats": ["dangelo"]},
    {"seats": ["sutskever"], "when": "sutskever_regret"},
    {"seats": ["toner"], "when": f"({PRESSURE}) and disposition(toner, resolve) < 80"},
    {"seats": ["mccauley"], "when": f"({PRESSURE}) and disposition(mccauley, resolve) < 80"},
    {"seats": ["sutskever"], "when": f"({PRESSURE}) and disposition(sutskever, resolve) < 80"},
] + [{"seats": [d], "when": f"trust({d}, altman) >= disposition({d}, resolve)"} for d in DIRECTORS]
save("votes.yaml", votes)
print("wired", DST)
