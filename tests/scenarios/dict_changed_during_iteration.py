# A dict changed while a loop goes over it: CPython keeps each entry's place in an
# array, with holes where entries were deleted, and packs the array when it runs
# out of room. Whether the loop sees a new key, stops early or raises depends on
# that array; the simulator keeps the same layout.


def attempt(title, make, change, view=lambda d: d):
    d = make()
    seen = []
    try:
        for k in view(d):
            seen.append(k)
            change(d, k)
            if len(seen) > 30:
                break
    except RuntimeError as e:
        seen.append(f"RuntimeError: {e}")
    print(title, seen, d)


def swap_in(d, k):
    del d[k]
    d[k + 100] = k


def swap_same(d, k):
    del d[k]
    d[k] = 0


def pop_then_add(d, k):
    d.pop(k)
    d[str(k)] = k


attempt("literal 3, swap in", lambda: {1: 1, 2: 2, 3: 3}, swap_in)
attempt("literal 3, same key back", lambda: {1: 1, 2: 2, 3: 3}, swap_same)
attempt("literal 5, swap in", lambda: {1: 1, 2: 2, 3: 3, 4: 4, 5: 5}, swap_in)
attempt("literal 6, swap in", lambda: {i: i for i in range(6)} | {}, swap_in)
attempt("display 7, swap in", lambda: {1: 0, 2: 0, 3: 0, 4: 0, 5: 0, 6: 0, 7: 0}, swap_in)
attempt(
    "display 16, swap in",
    lambda: {
        1: 0, 2: 0, 3: 0, 4: 0, 5: 0, 6: 0, 7: 0, 8: 0,
        9: 0, 10: 0, 11: 0, 12: 0, 13: 0, 14: 0, 15: 0, 16: 0,
    },
    swap_in,
)
attempt("comprehension 4, pop then add", lambda: {i: i for i in range(4)}, pop_then_add)
attempt("comprehension 9, swap in", lambda: {i: i for i in range(9)}, swap_in)
attempt("items, swap in", lambda: {1: "a", 2: "b", 3: "c"}, lambda d, kv: swap_in(d, kv[0]), lambda d: d.items())
attempt("values, same size", lambda: {1: 1, 2: 2, 3: 3}, lambda d, v: swap_in(d, v), lambda d: d.values())
attempt("keys, popitem then add", lambda: {1: 1, 2: 2, 3: 3, 4: 4}, lambda d, k: (d.popitem(), d.setdefault(k * 10, 0)), lambda d: d.keys())


def with_holes():
    d = {i: i for i in range(8)}
    for i in range(5):
        del d[i]
    return d


attempt("copy of a dict with holes", lambda: with_holes().copy(), swap_in)
attempt("dict() of a dict with holes", lambda: dict(with_holes()), swap_in)
attempt("a dict with holes", with_holes, swap_in)
attempt("fromkeys of a dict", lambda: dict.fromkeys({1: 0, 2: 0, 3: 0}, 0), swap_in)
attempt("fromkeys of a list", lambda: dict.fromkeys([1, 2, 3], 0), swap_in)
attempt("update with a dict", lambda: {1: 1, 2: 2, 3: 3}, lambda d, k: (d.pop(k), d.update({k + 50: 0})))
attempt("update with keywords", lambda: {1: 1, 2: 2, 3: 3}, lambda d, k: (d.pop(k), d.update(x=k) if k < 3 else d.update(y=k)))
attempt("grows", lambda: {1: 1}, lambda d, k: d.update({k + 1: 0}))
attempt("clear then refill", lambda: {1: 1, 2: 2}, lambda d, k: (d.clear(), d.update({7: 7, 8: 8})))

# An iterator that ended stays ended; one that reported a change keeps reporting it.
d = {"a": 1}
it = iter(d)
print(next(it), next(it, "end"))
d["b"] = 2
print(next(it, "still the end"))
it = iter(d)
d["c"] = 3
for _ in range(2):
    try:
        next(it)
    except RuntimeError as e:
        print("RuntimeError:", e)
del d["c"]
try:
    next(it)
except RuntimeError as e:
    print("again:", e)
