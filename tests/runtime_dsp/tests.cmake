# tests/runtime_dsp: the Armv7E-M DSP kernels (runtime/kernels/arm_dsp/),
# compiled for the host where dsp.h's portable fallbacks stand in for the DSP
# instructions, against the int8 reference; the compiler's DSP lowering
# (src/codegen/dsp_lowering.h: packing and per-channel constants) feeds them.
# arm_dsp/pooling.cpp defines the same functions as portable/pooling.cpp (a
# whole specialisation), so the DSP kernels get an executable of their own,
# where the portable pooling test runs again against the arm_dsp versions.
# The other arm_dsp files add only *_dsp kernels (and add_s8_table); the
# portable ones beside them are tested in tests/runtime. On QEMU the kernels
# run through the real code generator (qemu_dsp_test.cpp).
file(GLOB TINYC_ARM_DSP_SOURCES CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/runtime/kernels/arm_dsp/*.cpp)
target_sources(test_${area} PRIVATE ${TINYC_ARM_DSP_SOURCES}
               ${PROJECT_SOURCE_DIR}/tests/runtime/one_node.cpp
               ${PROJECT_SOURCE_DIR}/tests/passes/ir_text.cpp
               ${PROJECT_SOURCE_DIR}/tests/runtime/pool_test.cpp
               ${PROJECT_SOURCE_DIR}/tests/qemu/qemu_helpers.cpp)
target_include_directories(test_${area} PRIVATE ${PROJECT_SOURCE_DIR}/runtime/include
                           ${PROJECT_SOURCE_DIR}/runtime/kernels
                           ${PROJECT_SOURCE_DIR}/tests/runtime ${PROJECT_SOURCE_DIR}/tests/qemu
                           ${PROJECT_SOURCE_DIR}/src)
