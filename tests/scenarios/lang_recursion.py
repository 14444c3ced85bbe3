# plain recursion: factorial, memoised fibonacci with a mutable default, towers of Hanoi
def fact(n):
    return 1 if n <= 1 else n * fact(n - 1)


def fib(n, memo={}):
    if n < 2:
        return n
    if n not in memo:
        memo[n] = fib(n - 1) + fib(n - 2)
    return memo[n]


def hanoi(n, src, dst, via, moves):
    if n == 0:
        return moves
    hanoi(n - 1, src, via, dst, moves)
    moves.append(src + dst)
    return hanoi(n - 1, via, dst, src, moves)


print(fact(20), fib(90), len(hanoi(6, "A", "C", "B", [])), hanoi(2, "A", "C", "B", []))
