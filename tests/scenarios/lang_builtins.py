# builtins of the subset: len, range, str, int, float, abs, min, max, sum, round, sorted, enumerate, zip, isinstance
print(len("abc"), len([1, 2]), len({"a": 1}), len(()), len(range(5)))
print([i for i in range(5)], [i for i in range(2, 11, 3)], [i for i in range(5, 0, -2)], [i for i in range(0)])
print(str(42), str(-0.5), int("12"), int(3.99), int(-3.99), int(True), float("2.5"), float(7), float("-inf"))
print(abs(-3), abs(2.5), abs(-0.0), min(3, 1, 2), max([4, 9, 2]), min("banana"), max("a", "B"))
print(min([3, 1, 2], key=lambda v: -v), max(["aa", "b", "cccc"], key=len), min([], default="empty"))
print(sum([1, 2, 3]), sum([]), sum(range(101)), sum([0.5, 0.25], 10), sum(x * x for x in range(4)))
print(sorted([3, 1, 2]), sorted("hello"), sorted([2, 1], reverse=True), sorted({"b": 1, "a": 2}))
for i, ch in enumerate("xyz"):
    print(i, ch, end="; ")
print()
for i, ch in enumerate(["a", "b"], 10):
    print(i, ch)
for a, b in zip([1, 2, 3], "ab"):
    print(a, b)
print([(a, b, c) for a, b, c in zip(range(3), "abc", [True, False, None])])
print(isinstance(1, int), isinstance(True, int), isinstance(1.0, int), isinstance("s", str), isinstance(2.0, float))
print(isinstance(ValueError("x"), Exception), isinstance(KeyError("k"), Exception), isinstance(1, (str, float)))
print(round(7.25, 1), round(-7.25, 1), max(1, 1.0), max(1.0, 1), min(0, -0.0))
