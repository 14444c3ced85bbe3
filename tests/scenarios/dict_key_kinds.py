# A dict whose keys are all strs keeps them in a table of its own kind; the first
# key of another type rebuilds the table, packing out the holes deleted entries
# left, even when it had room. A loop going over the dict then goes on elsewhere.
# The simulator follows CPython 3.11 here as in dict_changed_during_iteration.py.


def walk(d, new):
    seen = []
    try:
        for k in d:
            seen.append(k)
            if len(seen) > 12:
                break
            del d[k]
            d[new] = 1
            new = new + 1 if not isinstance(new, str) else new + 'x'
    except RuntimeError as e:
        seen.append(str(e))
    print(seen, d)


# The smallest case: an int key into a dict of strs, inside the loop.
d = {'a': 1, 'b': 2, 'c': 3}
for k in d:
    print(k)
    if k == 'a':
        del d['a']
        d[0] = 0
print(d)

# display of 6+ with a non-str key: starts general
walk({'a': 1, 'b': 2, 'c': 3, 'd': 4, 'e': 5, 6: 6}, 100)
walk({'a': 1, 'b': 2, 'c': 3, 'd': 4, 'e': 5, 'f': 6}, 100)
walk({1: 1, 'b': 2, 'c': 3}, 'n')
# fromkeys of a set / a str dict / a list
walk(dict.fromkeys({'a': 1, 'b': 2, 'c': 3}), 10)
walk(dict.fromkeys(['a', 'b', 'c']), 10)
# update / dict() / copy
d = {}
d.update({'a': 1, 'b': 2, 'c': 3})
walk(d, 10)
d = {5: 0}
d.update({'a': 1, 'b': 2, 'c': 3})
walk(d, 'n')
walk(dict(a=1, b=2, c=3), 10)
walk(dict({'a': 1, 'b': 2, 'c': 3}), 10)
d = {'a': 1, 'b': 2, 'c': 3, 'd': 4}
del d['a']
walk(d.copy(), 10)
d = {'a': 1, 'b': 2, 'c': 3}
d.clear()
d['x'] = 1; d['y'] = 2; d['z'] = 3
walk(d, 10)
d = {'a': 1, 'b': 2}
d.setdefault(3, 0)
walk(d, 'n')
walk({k: 0 for k in 'abc'}, 10)
walk({str(i): 0 for i in range(3)}, 10)

# A display of 10 pairs with one int key is general from the start.
def general_display():
    d = {'a': 1, 'b': 2, 'c': 3, 'd': 4, 'e': 5, 'f': 6, 'g': 7, 0: 0, 'h': 8, 'i': 9}
    seen = []
    try:
        for k in d:
            seen.append(k)
            if len(seen) > 20:
                break
            del d[k]
            d[len(seen) + 100] = 1
    except RuntimeError as e:
        seen.append(str(e))
    print(seen)


general_display()
