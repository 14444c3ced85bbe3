# CPython's messages for lookup, call and conversion errors, caught and printed with str(e)
def show(label, fn):
    try:
        fn()
        print(label, "-> no error")
    except (KeyError, IndexError) as e:
        print(label, "-> lookup error:", e, isinstance(e, KeyError))
    except TypeError as e:
        print(label, "-> TypeError:", e)
    except ValueError as e:
        print(label, "-> ValueError:", e)
    except Exception as e:
        print(label, "-> other:", e)


def two(a, b):
    return a + b


def one(a):
    return a


show("dict key", lambda: {"a": 1}["k"])
show("int key", lambda: {}[3])
show("list index", lambda: [1, 2, 3][3])
show("negative index", lambda: [][-1])
show("str index", lambda: "abc"[5])
show("tuple index", lambda: (1,)[1])
show("pop empty", lambda: [].pop())
show("too many args", lambda: one(1, 2))
show("too few args", lambda: two(1))
show("call an int", lambda: (lambda v: v())(5))
show("int('x')", lambda: int("x"))
show("int('1.5')", lambda: int("1.5"))
show("float('abc')", lambda: float("abc"))
show("remove missing", lambda: [1].remove(5))
show("index missing", lambda: [1, 2].index(7))
show("unpack", lambda: two(*[1, 2, 3]))
