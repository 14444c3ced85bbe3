# subtracting a str from an int: unsupported operand type(s) for -
balance = 100
withdrawals = [30, "20"]
for w in withdrawals:
    balance -= w
    print("balance", balance)
