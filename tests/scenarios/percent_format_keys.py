# printf-style `%(key)` formatting: a list or a range is looked up as CPython does
# (and fails with its index error), and a key's value is the only argument left.
# (Found by the expression fuzzer.)
cases = [
    ("%(a)s", [1]),
    ("%(a)s", range(3)),
    ("%(a)s", {"a": 1}),
    ("%(a)s", (1,)),
    ("%(a)s", 5),
    ("%(a)s %s", {"a": 1}),
    ("%s %(a)s", {"a": 1}),
    ("%(a)s %(a)s", {"a": (1, 2)}),
    ("%(a)*d", {"a": 3}),
    ("%(a)s", {"a": (1, 2)}),
    ("%s %s", (1,)),
    ("%s", (1, 2)),
    ("%s", [1, 2]),
    ("x", [1, 2]),
    ("x", {"a": 1}),
    ("x", (1,)),
    ("%s %s", [1, 2]),
    ("%(a)s", {}),
    ("%*d", (3, 4)),
    ("%(a)s %(b)r", {"a": "x", "b": "y"}),
    ("%s", ()),
    ("%s", ((1, 2),)),
    ("%.*f", (2, 3.14159)),
]
for template, args in cases:
    try:
        print(repr(template % args))
    except (TypeError, KeyError, ValueError) as e:
        print(type(e).__name__, e)
