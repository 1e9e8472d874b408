"""Reads an int8 or uint8 .npy file (format 1.0-3.0, C order) without numpy:
(shape, list of ints)."""
import ast
import struct


def read_npy_int8(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:6] != b"\x93NUMPY":
        raise ValueError(f"{path}: not a .npy file")
    major = data[6]
    if major == 1:
        (length,), start = struct.unpack_from("<H", data, 8), 10
    else:
        (length,), start = struct.unpack_from("<I", data, 8), 12
    header = ast.literal_eval(data[start:start + length].decode("latin1"))
    descr, shape = header["descr"], tuple(header["shape"])
    if header.get("fortran_order"):
        raise ValueError(f"{path}: Fortran order is not supported")
    if descr not in ("|i1", "|u1"):
        raise ValueError(f"{path}: dtype {descr}, expected int8 or uint8")
    count = 1
    for d in shape:
        count *= d
    body = data[start + length:start + length + count]
    if len(body) != count:
        raise ValueError(f"{path}: {len(body)} bytes of data for shape {shape}")
    values = list(struct.unpack(f"{count}{'b' if descr == '|i1' else 'B'}", body))
    return shape, values
