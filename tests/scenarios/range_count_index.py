# range.count and range.index, by == as CPython: ints, bools and integral floats.
r = range(2, 10, 2)
print(r.count(4), r.count(5), r.count(4.0), r.count(True), r.index(6), range(3).index(True), r.index(4.0))
for a in [5, "a", True, 4.5]:
    try:
        r.index(a)
    except ValueError as e:
        print(e)
f = r.count
print(f(8))
try:
    r.count()
except TypeError as e:
    print(e)
try:
    r.index(1, 2)
except TypeError as e:
    print(e)
