# break and continue inside try: finally runs on every way out of the loop body
def loops():
    out = []
    for i in range(5):
        try:
            if i == 1:
                continue
            if i == 3:
                break
            out.append(i)
        finally:
            out.append(f"fin{i}")
    return out


print(loops())
count = 0
while count < 3:
    try:
        count += 1
        if count == 2:
            raise KeyError("two")
    except KeyError as e:
        print("caught", e, "at", count)
        continue
    else:
        print("no error at", count)
    finally:
        print("finally at", count)
print("after the loop", count)
