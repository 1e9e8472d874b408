# tests/runtime_dsp: the Armv7E-M DSP kernels (runtime/kernels/arm_dsp/),
# compiled for the host where dsp.h's portable fallbacks stand in for the DSP
# instructions, against the int8 reference; the compiler's DSP lowering
# (src/codegen/dsp_lowering.h: packing and per-channel constants) feeds them.
# The arm_dsp sources define the same functions as the portable files of the
# same names, so they get an executable of their own, with the portable
# sources that have no arm_dsp counterpart (mul_s8 for the shared add/mul
# test). The portable kernels' own tests for fully connected, pooling and
# add run here again against the arm_dsp versions (same vectors, both
# variants). On QEMU the kernels run through the real code generator
# (qemu_dsp_test.cpp).
file(GLOB TINYC_ARM_DSP_SOURCES CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/runtime/kernels/arm_dsp/*.cpp)
target_sources(test_${area} PRIVATE ${TINYC_ARM_DSP_SOURCES}
               ${PROJECT_SOURCE_DIR}/runtime/kernels/portable/mul.cpp
               ${PROJECT_SOURCE_DIR}/tests/runtime/one_node.cpp
               ${PROJECT_SOURCE_DIR}/tests/runtime/fc_test.cpp
               ${PROJECT_SOURCE_DIR}/tests/runtime/pool_test.cpp
               ${PROJECT_SOURCE_DIR}/tests/runtime/add_mul_test.cpp
               ${PROJECT_SOURCE_DIR}/tests/qemu/qemu_helpers.cpp)
target_include_directories(test_${area} PRIVATE ${PROJECT_SOURCE_DIR}/runtime/include
                           ${PROJECT_SOURCE_DIR}/runtime/kernels
                           ${PROJECT_SOURCE_DIR}/tests/runtime ${PROJECT_SOURCE_DIR}/tests/qemu
                           ${PROJECT_SOURCE_DIR}/src)
