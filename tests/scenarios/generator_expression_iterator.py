# A generator expression is an iterator: next() takes from it, a second pass finds
# it exhausted, and every consumer (sum, join, zip, unpacking, 'in' …) accepts it.
xs = [3, 1, 2]
g = (x * 2 for x in xs)
print(next(g), list(g), list(g))
print(next((x for x in xs if x > 5), "none"))
print(next(x for x in xs if x < 3))
print(sum(x for x in xs), sorted(x for x in xs), max(x for x in xs), min(x * 2 for x in xs))
print(", ".join(str(x) for x in xs), dict((x, x * x) for x in xs), tuple(x for x in xs))
print(list(zip((x for x in xs), (y for y in "abc"))), list(enumerate(x for x in xs)))
print(any(x > 2 for x in xs), all(x > 2 for x in xs), 2 in (x for x in xs), 9 in (x for x in xs))
a, b, c = (x for x in xs)
print(a, b, c, *(x + 1 for x in xs), [*(x for x in xs)])
items = []
items.extend(x for x in xs)
items += (x for x in xs)
print(items, len(list(x for x in range(5))), [y for y in (x for x in xs)])
for v in (x for x in xs):
    print(v, end=" ")
print()
g = (x for x in xs)
for v in g:
    break
print(list(g))
try:
    a, b = (x for x in xs)
except ValueError as e:
    print(e)
