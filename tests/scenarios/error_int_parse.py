# int('x') raises ValueError: invalid literal for int() with base 10
total = 0
for text in ["12", " 7 ", "-3", "x"]:
    total += int(text)
    print(text, "->", int(text) * 2, "running total", total)
