# nonlocal and closures: inner functions share and rebind their enclosing variables
def outer():
    total = 0
    log = []

    def add(n):
        nonlocal total
        total += n
        log.append(total)
        return total

    add(5)
    add(10)
    return total, log, add


def make_accumulators():
    fns = []
    for i in range(3):
        def f(x, i=i):
            return x + i
        fns.append(f)
    return fns


total, log, add = outer()
print(total, log, add(1), log)
print([f(10) for f in make_accumulators()])
_, log2, add2 = outer()
print(add2(100), add(1), log2, log)
