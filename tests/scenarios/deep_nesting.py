# Values nested far deeper than any stack: each is built, then freed when the
# name is rebound. CPython frees them without recursing ("trashcan"); so must the
# simulator, whose stack is far smaller in the browser.
import asyncio

N = 100000


def nest_lists():
    x = []
    for _ in range(N):
        x = [x]
    return x


def nest_others():
    d = {}
    t = ()
    for _ in range(N):
        d = {"inner": d}
        t = (t, 1)
    return d, t


def chain_exceptions():
    # Each error is raised while the one before is handled: a context chain.
    last = ValueError(0)
    for i in range(3000):
        try:
            raise last
        except ValueError:
            try:
                raise ValueError(i)
            except ValueError as e:
                last = e
    return last


def chain_closures():
    f = lambda: 0
    for _ in range(N):
        f = (lambda g: lambda: g)(f)
    return f


async def hold(value):
    await asyncio.sleep(0.1)
    return len(value)


async def main():
    x = nest_lists()
    print("lists:", len(x))
    try:
        print(x == [x])
    except RecursionError as e:
        print("RecursionError:", e)
    # A queue of queues, and a task holding the nest while it sleeps.
    q = asyncio.Queue()
    for _ in range(5000):
        outer = asyncio.Queue()
        outer.put_nowait(q)
        q = outer
    print("queues:", q.qsize())
    print("held:", await asyncio.create_task(hold(x)))
    x = None
    q = None
    d, t = nest_others()
    print("dict and tuple:", len(d), len(t))
    d = t = None
    e = chain_exceptions()
    print("exceptions:", e, type(e.__context__).__name__)
    e = None
    f = chain_closures()
    print("closures:", f()() is not None)
    f = None
    print("freed")


asyncio.run(main())
