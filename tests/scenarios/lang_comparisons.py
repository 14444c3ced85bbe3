# chained comparisons, is / is not, in / not in, truthiness, and/or returning operands, conditional expressions
x = 5
print(1 < x < 10, 1 < x > 10, 0 <= x <= 5 < 6, x == 5 != 6, 3 > 2 > 1 > 0, 1 < 2 > 0 < 3)
print(None is None, x is not None, [] is [], [] == [], (1, 2) == (1, 2), [1, 2] < [1, 3], (1, "a") < (1, "b"))
print(2 in [1, 2], 3 not in (1, 2), "a" in {"a": 1}, 1 in {"a": 1}, "" in "abc", "ab" in "cab")
print(0 or "default", "" or [] or None, 1 and 2, 0 and 1 / 0, "x" and "y" or "z", not 0, not [1])
print(1 == 1.0, 0 == False, True + True, True == 1, "1" == 1)
values = [0, 1, "", "s", [], [0], {}, None, 0.0, -0.0, 0.1]
print([v for v in values if v])
print(["yes" if v else "no" for v in values])
y = 7 if x > 3 else 3
z = "neg" if x < 0 else "zero" if x == 0 else "pos"
print(y, z, x if x % 2 else -x, 1 == 1 == 1, (1 == 1) == 1, 2 == 2 in [True])
a = [1, 2]
b = a
c = [1, 2]
print(a is b, a is c, a == c, a is not c, not a is c)
