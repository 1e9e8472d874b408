# tests/runtime: the device runtime's portable kernels, compiled for the host
# into test_runtime and compared bit for bit with the int8 reference; plus the
# freestanding check of every runtime source for the Cortex-M targets.
# Only the portable kernels: other backends (arm_dsp/) define the same names and have their own tests.
file(GLOB_RECURSE TINYC_RUNTIME_SOURCES CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/runtime/kernels/portable/*.cpp)
target_sources(test_${area} PRIVATE ${TINYC_RUNTIME_SOURCES})
target_include_directories(test_${area} PRIVATE ${PROJECT_SOURCE_DIR}/runtime/include)

# arm-none-eabi-g++ is a declared dependency (scripts/install-deps.sh): without
# it the script fails, saying so, rather than the check passing unseen.
add_test(NAME runtime_freestanding
         COMMAND ${PROJECT_SOURCE_DIR}/scripts/check-runtime-freestanding.sh ${PROJECT_SOURCE_DIR}/runtime)
