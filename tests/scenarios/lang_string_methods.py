# str methods of the subset: join, split, strip, upper, lower, startswith, endswith, replace; indexing and repetition
line = "  Hello, World! Hello, asyncio!  "
print(f"[{line.strip()}]", f"[{line.strip(' !')}]", f"[{'xxhixx'.strip('x')}]")
words = line.split()
print(words, len(words))
print(line.split(","), "a,b,,c".split(","), "a b  c".split(" "), "k=v=w".split("=", 1))
print("".split(), "".split(","), "  ".split(), "one".split("x"))
print("-".join(["a", "b", "c"]), "".join(["x", "y"]), ", ".join(w.lower() for w in words))
print("MiXeD".upper(), "MiXeD".lower(), "straße".upper(), "ΑΒΓ".lower())
print(line.strip().startswith("Hello"), line.endswith("  "), "abc".startswith(""), "abc".endswith("bc"))
print(line.replace("Hello", "Bye"), "aaaa".replace("a", "b", 2), "abc".replace("", "-"))
s = "asyncio"
print(s[0], s[-1], s[2:5], s[:3], s[3:], s[::-1], s[::2], s[-3:], s[10:], len(s))
print("ab" * 3, 3 * "-", "x" * 0, "na" * -1 + "|", "a" < "b", "Z" < "a", "abc" < "abd", "ab" < "abc")
print("sync" in s, "x" not in s, s == "asyncio", s + "!" + str(3))
total = ""
for ch in "abc":
    total += ch.upper() + ch
print(total, str(123).replace("2", "two"), int("0042") + 1)
