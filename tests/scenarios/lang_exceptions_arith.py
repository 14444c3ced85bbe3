# CPython's messages for arithmetic and operand-type errors, caught and printed with str(e)
def show(label, fn):
    try:
        fn()
        print(label, "-> no error")
    except ZeroDivisionError as e:
        print(label, "-> ZeroDivisionError:", e)
    except TypeError as e:
        print(label, "-> TypeError:", e)
    except ValueError as e:
        print(label, "-> ValueError:", e)
    except Exception as e:
        print(label, "-> other:", e)


show("1/0", lambda: 1 / 0)
show("1//0", lambda: 1 // 0)
show("1%0", lambda: 1 % 0)
show("1.0/0", lambda: 1.0 / 0)
show("1.5//0.0", lambda: 1.5 // 0.0)
show("2.5%0", lambda: 2.5 % 0)
show("0**-1", lambda: 0 ** -1)
show("int + str", lambda: 1 + "a")
show("str + int", lambda: "a" + 1)
show("list + int", lambda: [1] + 2)
show("str * float", lambda: "a" * 2.5)
show("int - None", lambda: 5 - None)
show("compare", lambda: 1 < "2")
show("ok", lambda: 7 // -2)
