"""Function names from a .wasm file's "name" custom section (empty if the module was stripped).

    python3 scripts/wasm_names.py MODULE.wasm      prints one name a line
"""
import sys


def _leb(data, i):
    result = shift = 0
    while True:
        b = data[i]
        i += 1
        result |= (b & 0x7F) << shift
        shift += 7
        if b < 0x80:
            return result, i


def function_names(path):
    data = open(path, "rb").read()
    if data[:4] != b"\0asm":
        raise ValueError(f"{path}: not a wasm module")
    i = 8
    names = []
    while i < len(data):
        section, i = data[i], i + 1
        size, i = _leb(data, i)
        end = i + size
        if section == 0:
            n, j = _leb(data, i)
            if data[j:j + n] == b"name":
                j += n
                while j < end:
                    sub, j = data[j], j + 1
                    sub_size, j = _leb(data, j)
                    if sub == 1:  # function names: vec of (index, name)
                        count, k = _leb(data, j)
                        for _ in range(count):
                            _, k = _leb(data, k)
                            length, k = _leb(data, k)
                            names.append(data[k:k + length].decode("utf-8", "replace"))
                            k += length
                    j += sub_size
        i = end
    return names


if __name__ == "__main__":
    for name in function_names(sys.argv[1]):
        print(name)
