"""The condition language: a tiny, safe expression grammar.

    condition := or
    or        := and ("or" and)*
    and       := not ("and" not)*
    not       := "not" not | compare
    compare   := sum (("<" | "<=" | ">" | ">=" | "==" | "!=") sum)?
    sum       := atom (("+" | "-") atom)*
    atom      := NUMBER | "true" | "false" | NAME | "-" atom | "(" condition ")"
               | played(SEAT) | chose(DECISION.OPTION) | decided(DECISION)
               | seen(EVENT) | trust(SEAT, SEAT) | disposition(SEAT, TRAIT)

Names are meters and counters (numbers) or flags (true/false); trust(a, b) is
seat a's trust in seat b (a number, when the scenario has a stance), and
disposition(a, trait) a trait of seat a drawn for the game from its seed. Every name is
checked against the scenario when it loads, and a condition compiles to a
Python closure, so nothing is ever evaluated as Python source.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from .stance import trust_key

Type = Literal["bool", "num"]

_TOKEN = re.compile(
    r"(?P<num>[0-9]+(?:\.[0-9]+)?)|(?P<name>[A-Za-z_][A-Za-z0-9_]*)|(?P<op><=|>=|==|!=|<|>|\+|-|\(|\)|\.|,)"
)
_SPACE = re.compile(r"\s*")
# Conditions come from strangers' files. These limits keep parsing linear and every compiled condition
# shallow enough to run anywhere (play, replay, lint, explore) without hitting Python's recursion limit.
MAX_LENGTH = 4000  # characters; the longest bundled condition is about 130
MAX_DEPTH = 32  # nested parentheses, 'not' and unary '-'
MAX_DIGITS = 15
FUNCTIONS = {
    "played": "seat",
    "chose": "option",
    "decided": "decision",
    "seen": "event",
    "trust": "seats",
    "disposition": "trait",
}
KEYWORDS = {"and", "or", "not", "true", "false"}


class Evaluable(Protocol):
    values: dict[str, Any]
    played: frozenset[str]
    chosen: set[tuple[str, str]]
    decided: set[str]
    seen: set[str]
    luck: Any  # draws dispositions: .trait(seat, trait) -> int


Fn = Callable[[Evaluable], Any]
Dep = str | tuple[str, ...]


@dataclass
class Symbols:
    """What a condition may name. Built from the scenario before conditions compile."""

    numbers: set[str] = field(default_factory=set)
    flags: set[str] = field(default_factory=set)
    seats: set[str] = field(default_factory=set)
    decisions: dict[str, set[str]] = field(default_factory=dict)  # decision -> option ids
    events: set[str] = field(default_factory=set)
    stance: bool = False  # whether the scenario declares a stance, which trust() reads
    traits: dict[str, set[str]] = field(default_factory=dict)  # seat -> its disposition's traits
    trait_ranges: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)  # (seat, trait) -> range


class ExprError(ValueError):
    def __init__(self, message: str, offset: int):
        super().__init__(message)
        self.offset = offset


class Condition(Protocol):
    """A compiled condition: call it with a state. It is a plain function (conditions run millions of times
    in random tests and exploration) carrying its source text and the names it reads."""

    source: str
    names: frozenset[str]  # meters, counters and flags it reads
    # Everything in a state it reads: those names, trust values (by their reserved names, see stance.py),
    # and ("seen", event), ("decided", decision) and ("chose", decision, option) for the functions. The clock re-checks it only when one of these changes.
    deps: frozenset[Dep]

    def __call__(self, state: Evaluable) -> bool: ...


def _condition(fn: Fn, source: str, names: frozenset[str], deps: frozenset[Dep]) -> Condition:
    # A function with attributes is what a Condition is; mypy cannot see attributes set on a function.
    fn.source = source  # type: ignore[attr-defined]  # see above
    fn.names = names  # type: ignore[attr-defined]  # see above
    fn.deps = deps  # type: ignore[attr-defined]  # see above
    return fn  # type: ignore[return-value]  # now a Condition


def _suggest(name: str, choices: set[str]) -> str:
    import difflib

    close = difflib.get_close_matches(name, sorted(choices), n=1)
    return f"; did you mean '{close[0]}'?" if close else ""


class _Parser:
    def __init__(self, text: str, symbols: Symbols):
        self.text = text
        self.symbols = symbols
        self.tokens: list[tuple[str, str, int]] = []
        self.names: set[str] = set()
        self.deps: set[Dep] = set()
        self.depth = 0
        if len(text) > MAX_LENGTH:
            raise ExprError(f"the condition is {len(text):,} characters long; the limit is {MAX_LENGTH:,}", 0)
        pos, end = 0, len(text)
        # One pass with match(text, pos): no slice of the rest per token, so time grows with the length.
        while True:
            pos = _SPACE.match(text, pos).end()  # type: ignore[union-attr]  # \s* always matches
            if pos >= end:
                break
            m = _TOKEN.match(text, pos)
            if m is None:
                raise ExprError(f"unexpected character {text[pos]!r}", pos)
            kind = m.lastgroup or ""
            self.tokens.append((kind, m.group(kind), pos))
            pos = m.end()
        self.i = 0

    def deeper(self, pos: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExprError(f"the condition nests more than {MAX_DEPTH} levels deep (parentheses, 'not', '-')", pos)

    def peek(self) -> tuple[str, str, int]:
        return self.tokens[self.i] if self.i < len(self.tokens) else ("end", "", len(self.text))

    def take(self, value: str | None = None) -> tuple[str, str, int]:
        tok = self.peek()
        if value is not None and tok[1] != value:
            found = f"'{tok[1]}'" if tok[0] != "end" else "the end"
            raise ExprError(f"expected '{value}' but found {found}", tok[2])
        self.i += 1
        return tok

    def parse(self) -> tuple[Fn, Type]:
        if not self.tokens:
            raise ExprError("empty condition", 0)
        fn, typ = self.or_()
        tok = self.peek()
        if tok[0] != "end":
            raise ExprError(f"unexpected '{tok[1]}'", tok[2])
        return fn, typ

    def want_bool(self, part: tuple[Fn, Type], pos: int, word: str) -> Fn:
        if part[1] != "bool":
            raise ExprError(f"'{word}' needs true/false on both sides, not a number", pos)
        return part[0]

    def or_(self) -> tuple[Fn, Type]:
        pos = self.peek()[2]
        left = self.and_()
        if self.peek()[1] != "or":
            return left
        parts = [self.want_bool(left, pos, "or")]
        while self.peek()[1] == "or":
            self.take()
            pos = self.peek()[2]
            parts.append(self.want_bool(self.and_(), pos, "or"))
        if len(parts) == 2:
            a, b = parts
            return (lambda s: a(s) or b(s)), "bool"

        def any_of(s: Evaluable) -> bool:
            for part in parts:  # noqa: SIM110  (a loop, not any(): no generator to build on every call)
                if part(s):
                    return True
            return False

        return any_of, "bool"

    def and_(self) -> tuple[Fn, Type]:
        pos = self.peek()[2]
        left = self.not_()
        if self.peek()[1] != "and":
            return left
        parts = [self.want_bool(left, pos, "and")]
        while self.peek()[1] == "and":
            self.take()
            pos = self.peek()[2]
            parts.append(self.want_bool(self.not_(), pos, "and"))
        if len(parts) == 2:
            a, b = parts
            return (lambda s: a(s) and b(s)), "bool"
        if len(parts) == 3:
            a, b, c = parts
            return (lambda s: a(s) and b(s) and c(s)), "bool"

        def all_of(s: Evaluable) -> bool:
            for part in parts:  # noqa: SIM110  (a loop, not all(): no generator to build on every call)
                if not part(s):
                    return False
            return True

        return all_of, "bool"

    def not_(self) -> tuple[Fn, Type]:
        if self.peek()[1] == "not":
            pos = self.take()[2]
            self.deeper(pos)
            inner = self.want_bool(self.not_(), pos, "not")
            self.depth -= 1
            return (lambda s: not inner(s)), "bool"
        return self.compare()

    def compare(self) -> tuple[Fn, Type]:
        left, ltype = self.sum_()
        op = self.peek()
        if op[1] not in ("<", "<=", ">", ">=", "==", "!="):
            return left, ltype
        self.take()
        right, rtype = self.sum_()
        if ltype != rtype:
            raise ExprError(f"'{op[1]}' compares a number with true/false", op[2])
        if ltype == "bool" and op[1] not in ("==", "!="):
            raise ExprError(f"'{op[1]}' needs numbers", op[2])
        ops: dict[str, Callable[[Any, Any], bool]] = {
            "<": lambda a, b: a < b,
            "<=": lambda a, b: a <= b,
            ">": lambda a, b: a > b,
            ">=": lambda a, b: a >= b,
            "==": lambda a, b: a == b,
            "!=": lambda a, b: a != b,
        }
        bounded = _bounded_compare(op[1], left, right)
        if bounded is not None:
            return bounded, "bool"
        fast = _fast_compare(op[1], left, right)
        if fast is not None:
            return fast, "bool"
        if op[1] == "<":
            return (lambda s: left(s) < right(s)), "bool"
        if op[1] == "<=":
            return (lambda s: left(s) <= right(s)), "bool"
        if op[1] == ">":
            return (lambda s: left(s) > right(s)), "bool"
        if op[1] == ">=":
            return (lambda s: left(s) >= right(s)), "bool"
        f = ops[op[1]]
        return (lambda s: f(left(s), right(s))), "bool"

    def sum_(self) -> tuple[Fn, Type]:
        left, ltype = self.atom()
        if self.peek()[1] not in ("+", "-"):
            return left, ltype
        # Terms are kept in a list, not nested: a sum of a thousand terms must not need a thousand frames.
        terms: list[tuple[bool, Fn]] = [(False, left)]
        while self.peek()[1] in ("+", "-"):
            op = self.take()
            right, rtype = self.atom()
            if ltype != "num" or rtype != "num":
                raise ExprError(f"'{op[1]}' needs numbers", op[2])
            terms.append((op[1] == "-", right))
        if len(terms) == 2:
            (_, a), (minus, b) = terms
            return ((lambda s: a(s) - b(s)) if minus else (lambda s: a(s) + b(s))), "num"

        def total(s: Evaluable) -> Any:
            value = 0
            for minus, term in terms:
                value = value - term(s) if minus else value + term(s)
            return value

        return total, "num"

    def atom(self) -> tuple[Fn, Type]:
        kind, value, pos = self.take()
        if kind == "num":
            if len(value) > MAX_DIGITS:
                raise ExprError(
                    f"the number {value[:12]}... is too long ({len(value):,} digits; the limit is {MAX_DIGITS})", pos
                )
            n = float(value) if "." in value else int(value)
            const = lambda s: n  # noqa: E731
            const.const = n  # type: ignore[attr-defined]  # marks a constant for _fast_compare
            return const, "num"
        if value == "-":
            self.deeper(pos)
            inner, typ = self.atom()
            self.depth -= 1
            if typ != "num":
                raise ExprError("'-' needs a number", pos)
            return (lambda s: -inner(s)), "num"
        if value == "(":
            self.deeper(pos)
            grouped = self.or_()
            self.take(")")
            self.depth -= 1
            return grouped
        if kind != "name":
            found = f"'{value}'" if kind != "end" else "the end of the condition"
            raise ExprError(f"expected a value but found {found}", pos)
        if value == "true":
            return (lambda s: True), "bool"
        if value == "false":
            return (lambda s: False), "bool"
        if value in KEYWORDS:
            raise ExprError(f"'{value}' cannot start a value", pos)
        if self.peek()[1] == "(" and value in FUNCTIONS:
            return self.call(value, pos)
        if self.peek()[1] == "(":
            raise ExprError(f"unknown function '{value}'{_suggest(value, set(FUNCTIONS))}", pos)
        sym = self.symbols
        if value in sym.numbers:
            self.names.add(value)
            read = lambda s: s.values[value]  # noqa: E731
            read.name = value  # type: ignore[attr-defined]  # marks a meter read for _fast_compare
            return read, "num"
        if value in sym.flags:
            self.names.add(value)
            return (lambda s: s.values[value]), "bool"
        known = sym.numbers | sym.flags
        raise ExprError(f"unknown meter, counter or flag '{value}'{_suggest(value, known)}", pos)

    def call(self, func: str, pos: int) -> tuple[Fn, Type]:
        self.take("(")
        kind, arg, apos = self.take()
        if kind != "name":
            raise ExprError(f"{func}() needs an id", apos)
        sym = self.symbols
        result: tuple[Fn, Type]
        if func == "trust":
            result = self.trust(arg, apos)
        elif func == "disposition":
            result = self.disposition(arg, apos)
        elif func == "played":
            if arg not in sym.seats:
                raise ExprError(f"unknown seat '{arg}'{_suggest(arg, sym.seats)}", apos)
            result = (lambda s: arg in s.played), "bool"
        elif func == "decided":
            if arg not in sym.decisions:
                raise ExprError(f"unknown decision '{arg}'{_suggest(arg, set(sym.decisions))}", apos)
            result = (lambda s: arg in s.decided), "bool"
            self.deps.add(("decided", arg))
        elif func == "seen":
            if arg not in sym.events:
                raise ExprError(f"unknown event '{arg}'{_suggest(arg, sym.events)}", apos)
            result = (lambda s: arg in s.seen), "bool"
            self.deps.add(("seen", arg))
        else:  # chose(decision.option)
            if arg not in sym.decisions:
                raise ExprError(f"unknown decision '{arg}'{_suggest(arg, set(sym.decisions))}", apos)
            self.take(".")
            okind, opt, opos = self.take()
            if okind != "name" or opt not in sym.decisions[arg]:
                raise ExprError(f"decision '{arg}' has no option '{opt}'{_suggest(opt, sym.decisions[arg])}", opos)
            key = (arg, opt)
            result = (lambda s: key in s.chosen), "bool"
            self.deps.add(("chose", arg, opt))
        self.take(")")
        return result

    def trust(self, observer: str, pos: int) -> tuple[Fn, Type]:
        sym = self.symbols
        if not sym.stance:
            raise ExprError("trust() needs a 'stance:' block at the top of the scenario", pos)
        self.take(",")
        kind, subject, spos = self.take()
        if kind != "name":
            raise ExprError("trust() needs two seats: trust(observer, subject)", spos)
        for seat, at in ((observer, pos), (subject, spos)):
            if seat not in sym.seats:
                raise ExprError(f"unknown seat '{seat}'{_suggest(seat, sym.seats)}", at)
        if observer == subject:
            raise ExprError("trust() needs two different seats", spos)
        key = trust_key(observer, subject)
        self.deps.add(key)
        read = lambda s: s.values[key]  # noqa: E731
        read.name = key  # type: ignore[attr-defined]  (so 'trust(a, b) < 40' takes the fast comparison)
        return read, "num"

    def disposition(self, seat: str, pos: int) -> tuple[Fn, Type]:
        sym = self.symbols
        if seat not in sym.seats:
            raise ExprError(f"unknown seat '{seat}'{_suggest(seat, sym.seats)}", pos)
        self.take(",")
        kind, trait, tpos = self.take()
        if kind != "name":
            raise ExprError("disposition() needs a seat and a trait: disposition(seat, trait)", tpos)
        traits = sym.traits.get(seat, set())
        if trait not in traits:
            raise ExprError(f"seat '{seat}' has no disposition trait '{trait}'{_suggest(trait, traits)}", tpos)
        # Fixed for the game, so nothing for the clock to watch: no dependency.
        read = lambda s: s.luck.trait(seat, trait)  # noqa: E731
        span = sym.trait_ranges.get((seat, trait))
        if span is not None:
            read.span = span  # type: ignore[attr-defined]  (see _bounded_compare)
            read.trait = (seat, trait)  # type: ignore[attr-defined]
        return read, "num"


ORDER: dict[str, Callable[[Any, Any], bool]] = {
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}


def _bounded_compare(op: str, left: Fn, right: Fn) -> Fn | None:
    """An ordering against a disposition, decided without drawing it when the rest settles it.

    A read disposition counts as luck, and randomtest replays every step that drew on luck. But ``x >= D``
    for D drawn from [low, high] is the same for every D when it is the same at both ends (orderings are
    monotonic), so the draw is made only when x falls within the range; and then the seed is asked only
    for the comparison's answer, which more seeds share than the trait's value.
    """
    f = ORDER.get(op)
    if f is None:
        return None
    right_span, left_span = getattr(right, "span", None), getattr(left, "span", None)
    if right_span is not None and left_span is None:
        low, high = right_span
        seat, trait = right.trait  # type: ignore[attr-defined]

        def against_right(s: Evaluable) -> bool:
            x = left(s)
            known = f(x, low)
            return known if known == f(x, high) else s.luck.order(seat, trait, op, x, False)

        return against_right
    if left_span is not None and right_span is None:
        low, high = left_span
        seat, trait = left.trait  # type: ignore[attr-defined]

        def against_left(s: Evaluable) -> bool:
            x = right(s)
            known = f(low, x)
            return known if known == f(high, x) else s.luck.order(seat, trait, op, x, True)

        return against_left
    return None


def _plus(a: Fn, b: Fn) -> Fn:
    return lambda s: a(s) + b(s)


def _minus(a: Fn, b: Fn) -> Fn:
    return lambda s: a(s) - b(s)


def _fast_compare(op: str, left: Fn, right: Fn) -> Fn | None:
    """``meter OP number``, the commonest condition, without nested calls."""
    name = getattr(left, "name", None)
    if name is None or not hasattr(right, "const"):
        return None
    n = right.const
    table = {
        "<": lambda s: s.values[name] < n,
        "<=": lambda s: s.values[name] <= n,
        ">": lambda s: s.values[name] > n,
        ">=": lambda s: s.values[name] >= n,
        "==": lambda s: s.values[name] == n,
        "!=": lambda s: s.values[name] != n,
    }
    return table[op]


def compile_condition(text: str | bool, symbols: Symbols) -> Condition:
    """Compile a condition or raise ExprError with the character offset of the mistake."""
    if isinstance(text, bool):
        value = text
        return _condition(lambda s: value, str(text).lower(), frozenset(), frozenset())
    parser = _Parser(text, symbols)
    fn, typ = parser.parse()
    if typ != "bool":
        raise ExprError("a condition must be true or false, not a number (compare it, e.g. 'x >= 50')", 0)
    return _condition(fn, text, frozenset(parser.names), frozenset(parser.names) | frozenset(parser.deps))
