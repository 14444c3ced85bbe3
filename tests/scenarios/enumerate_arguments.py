# enumerate's arguments, right and wrong: CPython 3.11 checks the keywords' names
# by how many arguments there are in all, so which error comes first follows that.


def attempt(label, make):
    try:
        print(label, list(make()))
    except TypeError as e:
        print(label, "->", e)


attempt("no arguments", lambda: enumerate())
attempt("start only", lambda: enumerate(start=1))
attempt("unknown only", lambda: enumerate(reverse=True))
attempt("start, unknown", lambda: enumerate(start=1, reverse=True))
attempt("unknown, start", lambda: enumerate(reverse=True, start=1))
attempt("iterable, unknown", lambda: enumerate("ab", reverse=True))
attempt("three positional", lambda: enumerate("ab", 2, 3))
attempt("two and a keyword", lambda: enumerate("ab", 2, reverse=1))
attempt("by name", lambda: enumerate(iterable="ab"))
attempt("by name, swapped", lambda: enumerate(start=5, iterable="ab"))
attempt("by name, unknown", lambda: enumerate(iterable="ab", reverse=1))
attempt("three unknown", lambda: enumerate(x=1, y=2, z=3))
attempt("positional and start", lambda: enumerate("ab", start=10))
attempt("bad start first", lambda: enumerate(5, "a"))
attempt("not iterable", lambda: enumerate(5))
