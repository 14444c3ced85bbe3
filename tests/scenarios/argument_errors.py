# Calls with the wrong arguments get CPython's messages, checked in CPython's order:
# too many (keywords counted), missing, then an unknown keyword name; print() takes
# flush=; three missing names are listed with a last comma. A bound of the wrong type
# and an argument that is not iterable are told as CPython tells them.
import asyncio


def f(*, d):
    pass


def g(a, *, d, e=1):
    pass


def h(a, b, c):
    pass


CALLS = [
    ('"abc".startswith()', lambda: "abc".startswith()),
    ('"abc".endswith()', lambda: "abc".endswith()),
    ('"abc".find()', lambda: "abc".find()),
    ('"abc".count()', lambda: "abc".count()),
    ('"abc".index()', lambda: "abc".index()),
    ('"abc".split(1,2,3)', lambda: "abc".split(1,2,3)),
    ('"abc".replace("a")', lambda: "abc".replace("a")),
    ('"abc".center()', lambda: "abc".center()),
    ('"abc".join()', lambda: "abc".join()),
    ('"abc".strip(1,2)', lambda: "abc".strip(1,2)),
    ('[].index()', lambda: [].index()),
    ('[].count()', lambda: [].count()),
    ('{}.get()', lambda: {}.get()),
    ('[].insert(1)', lambda: [].insert(1)),
    ('"a".zfill()', lambda: "a".zfill()),
    ('"a".rjust()', lambda: "a".rjust()),
    ('"a".partition()', lambda: "a".partition()),
    ('"a".upper(1)', lambda: "a".upper(1)),
    ('"a".rsplit(1,2,3)', lambda: "a".rsplit(1,2,3)),
    ('"a".splitlines(1,2)', lambda: "a".splitlines(1,2)),
    ('[].sort(1)', lambda: [].sort(1)),
    ('[3, 1].sort(1, 2, key=len)', lambda: [3, 1].sort(1, 2, key=len)),
    ('"a,b".split(",", 1, start=1)', lambda: "a,b".split(",", 1, start=1)),
    ('"a".split(x=1)', lambda: "a".split(x=1)),
    ('int("1", 2, 3)', lambda: int("1", 2, 3)),
    ('"a".startswith("a", 1, 2, 3)', lambda: "a".startswith("a", 1, 2, 3)),
    ('"a".find("a", 1, 2, 3)', lambda: "a".find("a", 1, 2, 3)),
    ('"a".lstrip(1, 2)', lambda: "a".lstrip(1, 2)),
    ('[].pop(1, 2)', lambda: [].pop(1, 2)),
    ('[].append()', lambda: [].append()),
    ('[].extend()', lambda: [].extend()),
    ('[].remove()', lambda: [].remove()),
    ('{}.pop()', lambda: {}.pop()),
    ('{}.setdefault()', lambda: {}.setdefault()),
    ('{}.update(1, 2)', lambda: {}.update(1, 2)),
    ('"a".title(1)', lambda: "a".title(1)),
    ('"a".ljust(1, 2, 3)', lambda: "a".ljust(1, 2, 3)),
    ('"a".center(1, "ab")', lambda: "a".center(1, "ab")),
    ('print(1, sepp=0)', lambda: print(1, sepp=0)),
    ('print(1, end=3, sep=4)', lambda: print(1, end=3, sep=4)),
    ('round((1,), 2.5)', lambda: round((1,), 2.5)),
    ('round(1, x=1)', lambda: round(1, x=1)),
    ('pow(2, 3, x=1)', lambda: pow(2, 3, x=1)),
    ('round(ndigits=1)', lambda: round(ndigits=1)),
    ('max(key=len)', lambda: max(key=len)),
    ('sum([1], 2, key=1)', lambda: sum([1], 2, key=1)),
    ('enumerate([], 1, key=1)', lambda: enumerate([], 1, key=1)),
    ('f(1, d=1)', lambda: f(1, d=1)),
    ('g(1, 2, d=1)', lambda: g(1, 2, d=1)),
    ('g(1, 2, 3, d=1, e=2)', lambda: g(1, 2, 3, d=1, e=2)),
    ('h()', lambda: h()),
    ('h(1)', lambda: h(1)),
    ('sorted(1.5, sep=1)', lambda: sorted(1.5, sep=1)),
    ('sorted([2,1], a=1, b=2, c=3)', lambda: sorted([2,1], a=1, b=2, c=3)),
    ('sorted([2,1], sep=1)', lambda: sorted([2,1], sep=1)),
    ('[].sort(a=1, b=2, c=3)', lambda: [].sort(a=1, b=2, c=3)),
    ('"a".split(a=1, b=2, c=3)', lambda: "a".split(a=1, b=2, c=3)),
    ('int(x=1, base=2, c=3)', lambda: int(x=1, base=2, c=3)),
    ('sum(a=1, b=2, c=3)', lambda: sum(a=1, b=2, c=3)),
    ('enumerate(a=1, b=2, c=3)', lambda: enumerate(a=1, b=2, c=3)),
    ('round(a=1, b=2, c=3)', lambda: round(a=1, b=2, c=3)),
    ('"a".splitlines(a=1, b=2)', lambda: "a".splitlines(a=1, b=2)),
    # list.index and tuple.index take int bounds and not None (str's take None);
    # sum() takes its iterator before it looks at start.
    ("[1, 2].index(1, len)", lambda: [1, 2].index(1, len)),
    ("[1, 2].index(1, 0, {})", lambda: [1, 2].index(1, 0, {})),
    ("(1, 2).index(1, 'a')", lambda: (1, 2).index(1, "a")),
    ("[1, 2].index(1, None)", lambda: [1, 2].index(1, None)),
    ("'abc'.index('a', len)", lambda: "abc".index("a", len)),
    ("sum(len, 'x')", lambda: sum(len, "x")),
    ("sum([1], 'x')", lambda: sum([1], "x")),
    # str.find and its kin read their bounds before the substring's type.
    ("'abc'.find(len, -1, {})", lambda: "abc".find(len, -1, {})),
    ("'abc'.count([], 1.5)", lambda: "abc".count([], 1.5)),
    ("'abc'.rfind(1, 0)", lambda: "abc".rfind(1, 0)),
    # Argument Clinic names None as None, other wrong types by their type's name.
    ("'a'.replace(None, 'b')", lambda: "a".replace(None, "b")),
    ("'a'.removeprefix(None)", lambda: "a".removeprefix(None)),
    ("'a'.find(None)", lambda: "a".find(None)),
    ("str('x', encoding=None)", lambda: str("x", encoding=None)),
]


async def main():
    for text, call in CALLS:
        try:
            call()
        except TypeError as e:
            print(text, "->", e)
    print("%c%c" % (True, 65), "flushed", flush=True)

asyncio.run(main())
