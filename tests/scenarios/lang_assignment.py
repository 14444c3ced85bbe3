# tuple unpacking, swaps, nested targets, item assignment, augmented assignment on ints, strs, lists and floats; assert
a, b = 1, 2
a, b = b, a
(c, d), e = (3, 4), 5
first, second = [9, 8]
print(a, b, c, d, e, first)
n = 10
n += 5
n -= 3
n *= 2
n //= 5
n %= 3
n **= 4
s = "ab"
s *= 2
lst = [1]
lst += [2, 3]
f = 1.5
f /= 2
print(n, s, lst, f)
alias = lst
lst += [4]
lst = lst + [5]
print(alias, lst, alias is lst)
grid = [[0, 0], [0, 0]]
grid[1][0] = 7
grid[0] = grid[1]
grid[0][1] += 1
d = {"k": [1]}
d["k"][0] += 1
d["new"] = d.get("new", 0) + 1
print(grid, d)
assert n == 1, "n should be 1"
assert len(lst) == 5 and alias is not lst
print("assertions passed")
