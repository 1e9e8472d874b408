#!/usr/bin/python3
"""Writes the fuzzer's seed corpus (tests/fuzz/corpus/): a few tiny valid
models that reach the frontend's main paths (convolution and pooling, a
PyTorch-style shape chain, QDQ, com.microsoft QLinear ops, Slice/Pad/Resize,
Constant nodes, typed data fields). Deterministic; run with /usr/bin/python3
(onnx 1.12). The fuzz test only reads the committed files."""
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")
F = TensorProto.FLOAT


def save(name, nodes, inputs, outputs, inits=(), opset=13, ms=False):
    g = helper.make_graph(nodes, name, inputs, outputs, list(inits))
    ops = [helper.make_opsetid("", opset)] + ([helper.make_opsetid("com.microsoft", 1)] if ms else [])
    m = helper.make_model(g, opset_imports=ops)
    m.ir_version = 8
    with open(os.path.join(OUT, name + ".onnx"), "wb") as f:
        f.write(m.SerializeToString())


def t(name, arr):
    return numpy_helper.from_array(np.asarray(arr), name)


def vi(name, dims, elem=F):
    return helper.make_tensor_value_info(name, elem, dims)


def main():
    os.makedirs(OUT, exist_ok=True)
    save("conv_pool", [
        helper.make_node("Conv", ["x", "w", "b"], ["c"], pads=[1, 1, 1, 1], strides=[2, 2], group=2),
        helper.make_node("Relu", ["c"], ["r"]),
        helper.make_node("MaxPool", ["r"], ["p"], kernel_shape=[2, 2], strides=[2, 2], ceil_mode=1),
        helper.make_node("GlobalAveragePool", ["p"], ["y"])],
        [vi("x", [1, 2, 8, 8])], [vi("y", [1, 4, 1, 1])],
        [t("w", np.ones((4, 1, 3, 3), np.float32)), t("b", np.zeros(4, np.float32))])
    save("shape_chain", [
        helper.make_node("Shape", ["x"], ["s"]),
        helper.make_node("Constant", [], ["zero"], value=t("", np.array(0, np.int64))),
        helper.make_node("Gather", ["s", "zero"], ["n"], axis=0),
        helper.make_node("Unsqueeze", ["n", "ax"], ["n1"]),
        helper.make_node("Concat", ["n1", "minus1"], ["target"], axis=0),
        helper.make_node("Reshape", ["x", "target"], ["flat"]),
        helper.make_node("Gemm", ["flat", "w"], ["y"], transB=1)],
        [vi("x", [1, 2, 3])], [vi("y", None)],
        [t("ax", np.array([0], np.int64)), t("minus1", np.array([-1], np.int64)), t("w", np.ones((5, 6), np.float32))])
    save("qdq", [
        helper.make_node("QuantizeLinear", ["x", "s", "z"], ["q"]),
        helper.make_node("DequantizeLinear", ["q", "s", "z"], ["dq"]),
        helper.make_node("DequantizeLinear", ["wq", "ws", "wz"], ["w"], axis=0),
        helper.make_node("Conv", ["dq", "w"], ["c"]),
        helper.make_node("Softmax", ["c"], ["y"], axis=1)],
        [vi("x", [1, 1, 4, 4])], [vi("y", None)],
        [t("s", np.float32(0.1)), t("z", np.int8(0)), t("wq", np.ones((3, 1, 2, 2), np.int8)),
         t("ws", np.array([0.1, 0.2, 0.3], np.float32)), t("wz", np.zeros(3, np.int8))])
    save("qlinear_ms", [
        helper.make_node("QLinearAdd", ["a", "s", "z", "b", "s", "z", "s", "z"], ["c"], domain="com.microsoft"),
        helper.make_node("QLinearGlobalAveragePool", ["c", "s", "z", "s", "z"], ["y"], domain="com.microsoft", channels_last=0)],
        [vi("a", [1, 2, 3, 3], TensorProto.UINT8), vi("b", [1, 2, 3, 3], TensorProto.UINT8)], [vi("y", None, TensorProto.UINT8)],
        [t("s", np.float32(0.05)), t("z", np.uint8(128))], ms=True)
    save("slice_pad_resize", [
        helper.make_node("Slice", ["x", "st", "en", "axs", "stp"], ["s"]),
        helper.make_node("Pad", ["s", "pads"], ["p"], mode="reflect"),
        helper.make_node("Resize", ["p", "", "scales"], ["r"], mode="nearest"),
        helper.make_node("Transpose", ["r"], ["y"], perm=[0, 2, 3, 1])],
        [vi("x", [1, 3, 6, 6])], [vi("y", None)],
        [t("st", np.array([1, -1], np.int64)), t("en", np.array([5, -7], np.int64)), t("axs", np.array([2, 3], np.int64)),
         t("stp", np.array([1, -1], np.int64)), t("pads", np.array([0, 0, 1, 1, 0, 0, 1, 1], np.int64)),
         t("scales", np.array([1, 1, 2, 2], np.float32))])
    # Old opset: Clip/Squeeze attribute forms, typed float_data.
    w = helper.make_tensor("w", F, [3, 2], [1, 2, 3, 4, 5, 6])
    save("opset9", [
        helper.make_node("MatMul", ["x", "w"], ["m"]),
        helper.make_node("Clip", ["m"], ["c"], min=0.0, max=6.0),
        helper.make_node("Unsqueeze", ["c"], ["u"], axes=[0]),
        helper.make_node("Squeeze", ["u"], ["y"], axes=[0])],
        [vi("x", [1, 3])], [vi("y", None)], [w], opset=9)


if __name__ == "__main__":
    main()
