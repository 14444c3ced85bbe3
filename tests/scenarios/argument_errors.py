# Calls with the wrong arguments get CPython's messages, checked in CPython's order:
# too many (keywords counted), missing, then an unknown keyword name; print() takes
# flush=; three missing names are listed with a last comma.
import asyncio

async def main():
    try:
        "abc".startswith()
    except TypeError as e:
        print('"abc".startswith()', '->', e)
    try:
        "abc".endswith()
    except TypeError as e:
        print('"abc".endswith()', '->', e)
    try:
        "abc".find()
    except TypeError as e:
        print('"abc".find()', '->', e)
    try:
        "abc".count()
    except TypeError as e:
        print('"abc".count()', '->', e)
    try:
        "abc".index()
    except TypeError as e:
        print('"abc".index()', '->', e)
    try:
        "abc".split(1,2,3)
    except TypeError as e:
        print('"abc".split(1,2,3)', '->', e)
    try:
        "abc".replace("a")
    except TypeError as e:
        print('"abc".replace("a")', '->', e)
    try:
        "abc".center()
    except TypeError as e:
        print('"abc".center()', '->', e)
    try:
        "abc".join()
    except TypeError as e:
        print('"abc".join()', '->', e)
    try:
        "abc".strip(1,2)
    except TypeError as e:
        print('"abc".strip(1,2)', '->', e)
    try:
        [].index()
    except TypeError as e:
        print('[].index()', '->', e)
    try:
        [].count()
    except TypeError as e:
        print('[].count()', '->', e)
    try:
        {}.get()
    except TypeError as e:
        print('{}.get()', '->', e)
    try:
        [].insert(1)
    except TypeError as e:
        print('[].insert(1)', '->', e)
    try:
        "a".zfill()
    except TypeError as e:
        print('"a".zfill()', '->', e)
    try:
        "a".rjust()
    except TypeError as e:
        print('"a".rjust()', '->', e)
    try:
        "a".partition()
    except TypeError as e:
        print('"a".partition()', '->', e)
    try:
        "a".upper(1)
    except TypeError as e:
        print('"a".upper(1)', '->', e)
    try:
        "a".rsplit(1,2,3)
    except TypeError as e:
        print('"a".rsplit(1,2,3)', '->', e)
    try:
        "a".splitlines(1,2)
    except TypeError as e:
        print('"a".splitlines(1,2)', '->', e)
    try:
        [].sort(1)
    except TypeError as e:
        print('[].sort(1)', '->', e)
    try:
        [3, 1].sort(1, 2, key=len)
    except TypeError as e:
        print('[3, 1].sort(1, 2, key=len)', '->', e)
    try:
        "a,b".split(",", 1, start=1)
    except TypeError as e:
        print('"a,b".split(",", 1, start=1)', '->', e)
    try:
        "a".split(x=1)
    except TypeError as e:
        print('"a".split(x=1)', '->', e)
    try:
        int("1", 2, 3)
    except TypeError as e:
        print('int("1", 2, 3)', '->', e)
    try:
        "a".startswith("a", 1, 2, 3)
    except TypeError as e:
        print('"a".startswith("a", 1, 2, 3)', '->', e)
    try:
        "a".find("a", 1, 2, 3)
    except TypeError as e:
        print('"a".find("a", 1, 2, 3)', '->', e)
    try:
        "a".lstrip(1, 2)
    except TypeError as e:
        print('"a".lstrip(1, 2)', '->', e)
    try:
        [].pop(1, 2)
    except TypeError as e:
        print('[].pop(1, 2)', '->', e)
    try:
        [].append()
    except TypeError as e:
        print('[].append()', '->', e)
    try:
        [].extend()
    except TypeError as e:
        print('[].extend()', '->', e)
    try:
        [].remove()
    except TypeError as e:
        print('[].remove()', '->', e)
    try:
        {}.pop()
    except TypeError as e:
        print('{}.pop()', '->', e)
    try:
        {}.setdefault()
    except TypeError as e:
        print('{}.setdefault()', '->', e)
    try:
        {}.update(1, 2)
    except TypeError as e:
        print('{}.update(1, 2)', '->', e)
    try:
        "a".title(1)
    except TypeError as e:
        print('"a".title(1)', '->', e)
    try:
        "a".ljust(1, 2, 3)
    except TypeError as e:
        print('"a".ljust(1, 2, 3)', '->', e)
    try:
        "a".center(1, "ab")
    except TypeError as e:
        print('"a".center(1, "ab")', '->', e)
    try:
        print(1, flush=True)
    except TypeError as e:
        print('print(1, flush=True)', '->', e)
    try:
        print(1, sepp=0)
    except TypeError as e:
        print('print(1, sepp=0)', '->', e)
    try:
        print(1, end=3, sep=4)
    except TypeError as e:
        print('print(1, end=3, sep=4)', '->', e)
    try:
        "%c" % True
    except TypeError as e:
        print('"%c" % True', '->', e)
    try:
        round((1,), 2.5)
    except TypeError as e:
        print('round((1,), 2.5)', '->', e)

asyncio.run(main())


def f(*, d): pass
def g(a, *, d, e=1): pass
def h(a, b, c): pass


async def more():
    for call in [lambda: f(1, d=1), lambda: g(1, 2, d=1), lambda: g(1, 2, 3, d=1, e=2), lambda: h(), lambda: h(1), lambda: round(1, x=1), lambda: pow(2, 3, x=1), lambda: round(ndigits=1), lambda: max(key=len), lambda: sum([1], 2, key=1), lambda: enumerate([], 1, key=1)]:
        try:
            call()
        except TypeError as e:
            print(e)
    print("flushed", flush=True)

asyncio.run(more())
