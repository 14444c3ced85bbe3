# global: functions read module names freely but must declare global to rebind them
counter = 0
label = "module"


def bump():
    global counter
    counter += 1
    return counter


def shadow():
    label = "local"
    return label


def rename():
    global label
    label = "changed"


def peek():
    return f"{label}:{counter}"


bump()
bump()
print(counter, shadow(), label, peek())
rename()
print(label, bump(), peek())
