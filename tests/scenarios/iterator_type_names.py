# Each kind of iterator has CPython's type name in messages and reprs: list_iterator,
# str_ascii_iterator, list_reverseiterator, dict_reversevalueiterator, zip, enumerate …
import asyncio

async def main():
    d = {'a': 1}
    values = [[1], (1,), 'ab', 'é', d, d.keys(), d.values(), d.items(), range(2)]
    for v in values:
        for make in (iter, reversed):
            try:
                make(v)[0]
            except TypeError as e:
                print(e)
    for it in [zip([1], [2]), enumerate('ab'), (x for x in [1])]:
        try:
            it + 1
        except TypeError as e:
            print(e)
    try:
        print(f"{enumerate([]):.0f}")
    except TypeError as e:
        print(e)
    print(repr(reversed([1]))[:28], repr(iter('é'))[:20])

asyncio.run(main())
