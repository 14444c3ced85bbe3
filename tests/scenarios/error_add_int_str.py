# int + str is CPython's unsupported operand TypeError
total = 0
for item in [1, 2, "3"]:
    print("adding", item)
    total = total + item
print(total)
