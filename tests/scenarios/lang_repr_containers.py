# repr of nested containers and strings: quote choice, escapes, one-element tuples, empty containers
print([1, "a", 2.0, None, True, (1,), (), [], {}])
print({"k": [1, 2], 3: {"nested": (4, "x")}, (1, 2): "tuple key", None: False})
print(("one",), ("a", "b"), [("x", 1), ("y", 2)], [[[]]])
print(["it's", 'say "hi"', 'both \' and "', "tab\there", "line\nbreak", "back\\slash"])
s = "it's"
t = 'say "hi"'
u = "both ' and \""
print(f"{s!r} {t!r} {u!r} {'plain'!r}")
print(str([1, 2]), str((1, "2")), str({"a": "b"}), str(None), str(True), str("x"))
print([0.1, -0.0, 1e16, 1e-7], (1.5,), {"f": 2.0})
print(["", " ", "\n", "\\n", "'", '"', "\r", "\x00", "é", "\u00e9"])
d = {}
d["z"] = 1
d["a"] = 2
d["m"] = [d.get("z"), d.get("q")]
print(d, len(d), sorted(d))
print((1, [2, (3, {"four": [5]})]), [d, d])
print("a", "b", sep="")
print(1, 2, 3, sep=", ", end=".\n")
print("no newline", end="")
print(" -- continued", end="!\n")
print()
print("", sep="x")
