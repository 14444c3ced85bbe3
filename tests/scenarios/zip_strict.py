# zip(strict=True) is lazy too: rows come out until one input runs out, then the
# lengths are checked (the others advanced once), with CPython's messages.
def g(n):
    return (print("g", i) or i for i in range(n))


for args in [((1, 2), (3,)), ((1,), (3, 4)), ((1,), (3,), (5, 6)), ((1, 2), (3, 2), (5,)), ((1, 2), (3, 2), (5, 2))]:
    try:
        print(list(zip(*args, strict=True)))
    except ValueError as e:
        print(e)
try:
    for a, b in zip(g(3), (x for x in "ab"), strict=True):
        print("row", a, b)
except ValueError as e:
    print(e)
print(list(zip(strict=True)), list(zip([1], strict=False)))
