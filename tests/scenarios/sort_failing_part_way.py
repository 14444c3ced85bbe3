# A list.sort() whose comparisons fail part way leaves the list as CPython's
# timsort left it: a run already reversed, items already inserted stay moved.


def attempt(xs, reverse=False, key=None):
    try:
        xs.sort(reverse=reverse, key=key)
    except TypeError as e:
        print("TypeError:", e)
    print(xs)


attempt([3, 1, 2, 'a'])
attempt([5, 4, 3, 'x', 1])
attempt([3, 1, 5, 2, 4, 'x', 0])
attempt([9, 8, 7, 6, 5, 4, 3, 2, 1, None, 0])
attempt([4, 6, 1, 'a', 2], reverse=True)
attempt([2, 3, 1, [1], 0, 5], reverse=True)
attempt([4, 2, 3, 1, 'b', 'a'], key=lambda x: x)
attempt([2, 1, 3, 'b', 'a'], key=lambda x: x, reverse=True)
attempt(list(range(70, 0, -1)) + ['s'] + list(range(30)))
attempt(list(range(40)) + ['s', 't'] + list(range(40, 0, -2)))
attempt([(1, 'a'), (0, 'b'), (1, 2), (0, 'c')])
xs = [3, 1, 2]
try:
    xs.sort(key=lambda x: 1 / (x - 1))
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
print(xs)
print(sorted([3, 2, 1]), sorted([1, 'a', 2], key=str))
