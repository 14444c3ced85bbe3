# A parameter given by position and by name is CPython's TypeError, found after the
# count and a missing required argument and before an unknown keyword and any check
# of the values (its argument clinic parses every argument before it converts one);
# str() with an encoding decodes only bytes-like objects, after checking the encoding.
import asyncio

CALLS = [
    ('"a,b".split(",", sep="-")', lambda: "a,b".split(",", sep="-")),
    ('"a,b".split({}, sep="-")', lambda: "a,b".split({}, sep="-")),
    ('"a,b".rsplit(None, sep=1.5)', lambda: "a,b".rsplit(None, sep=1.5)),
    ('"a,b".split(",", maxsplit=1, sep=2)', lambda: "a,b".split(",", maxsplit=1, sep=2)),
    ('"a,b".split(",", bad=1)', lambda: "a,b".split(",", bad=1)),
    ('"a b".split(maxsplit="x")', lambda: "a b".split(maxsplit="x")),
    ('"a,b c".split(sep=",", maxsplit=0)', lambda: "a,b c".split(sep=",", maxsplit=0)),
    ('"a,b,c".rsplit(maxsplit=1, sep=",")', lambda: "a,b,c".rsplit(maxsplit=1, sep=",")),
    ('round(1.5, number=2)', lambda: round(1.5, number=2)),
    ('round(1.5, number=2, bad=3)', lambda: round(1.5, number=2, bad=3)),
    ('pow(2, base=3)', lambda: pow(2, base=3)),
    ('pow(2, 3, base=1)', lambda: pow(2, 3, base=1)),
    ('pow(2, exp=5)', lambda: pow(2, exp=5)),
    ('str(1, object=2)', lambda: str(1, object=2)),
    ('str(object=[1])', lambda: str(object=[1])),
    ('str(encoding="utf-8")', lambda: str(encoding="utf-8")),
    ('str(1, "utf-8")', lambda: str(1, "utf-8")),
    ('str([], errors="strict")', lambda: str([], errors="strict")),
    ('str("a", "utf-8")', lambda: str("a", "utf-8")),
    ('str("a", 1)', lambda: str("a", 1)),
    ('str(None, errors=1)', lambda: str(None, errors=1)),
    ('str(1, encoding="u", object=3)', lambda: str(1, encoding="u", object=3)),
]


async def main():
    for text, call in CALLS:
        try:
            print(text, "=", repr(call()))
        except TypeError as e:
            print(text, "->", e)

asyncio.run(main())
