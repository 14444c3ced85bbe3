# ** operator: right associative, binds tighter than unary minus, negative exponents give floats
print(2 ** 10, 2 ** -1, 2 ** -2, 10 ** -3, 0 ** 0, 0.0 ** 0, 1 ** -5, (-1) ** -1)
print(-2 ** 2, (-2) ** 2, (-2) ** 3, 2 ** 3 ** 2, (2 ** 3) ** 2)
print(2.0 ** 3, 4 ** 0.5, 2 ** 0.5, 1.5 ** 2, 10 ** 2.0, (-8) ** 2.0)
print(3 ** 39, 2 ** 62, -(2 ** 62), 7 ** 22)
print(10 ** 18, 10 ** -18, 2 ** 53 + 1, float(2 ** 53 + 1))
x = 3
x **= 3
print(x, x ** 1, x ** 0)
