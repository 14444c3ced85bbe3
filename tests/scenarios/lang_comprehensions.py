# list comprehensions (nested, filtered) and generator expressions as arguments
squares = [x * x for x in range(6)]
evens = [x for x in squares if x % 2 == 0]
pairs = [(a, b) for a in range(3) for b in range(a) if a != b]
matrix = [[r * 3 + c for c in range(3)] for r in range(3)]
flat = [v for row in matrix for v in row if v % 4 != 0]
print(squares, evens, pairs)
print(matrix, flat)
print([row[i] for i, row in enumerate(matrix)], [w.upper() for w in "a bc def".split() if len(w) > 1])
print(sum(x for x in range(10) if x % 3), max(len(w) for w in ["aa", "b", "cccc"]), sorted(x % 4 for x in range(9)))
print(", ".join(str(n) for n in range(4)), min((x - 5) * (x - 5) for x in range(10)))
x = "outer"
doubled = [x * 2 for x in range(3)]
print(x, doubled)
labels = [("even" if n % 2 == 0 else "odd") + str(n) for n in range(4)]
print(labels, [[]] * 2, [[] for _ in range(2)])
