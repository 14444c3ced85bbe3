# if/elif/else, while with break/continue, nested loops and pass
def classify(n):
    if n < 0:
        return "negative"
    elif n == 0:
        return "zero"
    elif n % 2:
        return "odd"
    else:
        return "even"


print([classify(n) for n in [-2, 0, 3, 8]])
i = 0
found = []
while True:
    i += 1
    if i % 3 == 0:
        continue
    if i > 10:
        break
    found.append(i)
print(found, i)
for a in range(3):
    for b in range(3):
        if b > a:
            break
        if a == b:
            pass
        else:
            print(a, b, end=" ")
print()
