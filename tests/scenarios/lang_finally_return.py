# try/except/else/finally with return: finally always runs, and a return in finally wins
def f1():
    try:
        return "try"
    finally:
        print("f1 finally runs before the return completes")


def f2():
    try:
        return "try"
    finally:
        return "finally wins"


def f3(x):
    try:
        r = 10 / x
    except ZeroDivisionError as e:
        print("f3 except:", e)
        return "except"
    else:
        print("f3 else, r =", r)
        return "else"
    finally:
        print("f3 finally", x)


def f4():
    try:
        raise ValueError("swallowed")
    finally:
        return "finally return swallows the exception"


print(f1(), f2(), f3(2), f3(0), f4())
