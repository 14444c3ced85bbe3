# list methods: append, extend, insert, pop, remove, index, count, sort, reverse; aliasing and repetition
xs = [5, 3, 8]
xs.append(1)
xs.extend([9, 3])
xs.insert(0, 7)
xs.insert(-1, 4)
xs.insert(100, 0)
print(xs)
print(xs.pop(), xs.pop(0), xs.pop(-2), xs)
xs.remove(3)
print(xs, xs.index(8), xs.count(3), xs.count(42))
xs.sort()
print(xs)
xs.sort(reverse=True)
print(xs)
xs.reverse()
print(xs)
words = ["pear", "Apple", "fig", "banana"]
words.sort(key=len)
print(words)
print(sorted(words), sorted(words, key=lambda w: w.lower()), sorted(words, key=len, reverse=True))
alias = words
alias.append("kiwi")
copy = words[:]
copy.append("lime")
print(words, copy, alias is words, copy is words, copy == words)
grid = [[0] * 3] * 2
grid[0][0] = 1
print(grid, [0, 1] * 2, [] * 5)
nums = [1, 2, 3, 4, 5, 6]
nums[1] = 20
nums[-1] += 100
print(nums, nums[1:4], nums[::-2], nums[4:1:-1], nums[-2:], nums[:-4])
pairs = [(2, "b"), (1, "z"), (2, "a"), (1, "a")]
pairs.sort()
print(pairs, max(pairs), min(pairs))
