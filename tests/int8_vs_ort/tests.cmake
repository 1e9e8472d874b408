# test_int8_vs_ort reads onnx2c's QLinearAdd/QLinearMul test data (serialized
# TensorProtos) and bakes their scale inputs into the model with the helpers
# of the conformance tests.
target_sources(test_${area} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/conformance/tensor_proto_io.cpp)
