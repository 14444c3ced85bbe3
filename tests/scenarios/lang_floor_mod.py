# // and % with negative operands, for ints and floats: floor division, result takes the divisor's sign
pairs = [(7, 2), (-7, 2), (7, -2), (-7, -2), (0, 3), (6, 3), (-6, 3)]
for a, b in pairs:
    print(f"{a:>3} // {b:>2} = {a // b:>3}   {a:>3} % {b:>2} = {a % b:>3}")
fpairs = [(7.5, 2), (-7.5, 2), (7.5, -2), (-7.5, -2), (7.0, -3), (-0.0, 5), (1, 0.3), (5.5, 0.5)]
for a, b in fpairs:
    print(a, "//", b, "=", a // b, "  ", a, "%", b, "=", a % b)
print(-1 % 3, -1 // 3, 1 % -3, 1 // -3, -10 % 7, 10 % -7)
print(2 ** 62 // 3, -(2 ** 62) // 7, (2 ** 62) % 1000, 9 // 1.5, -9 // 1.5, 9 % -2.5)
