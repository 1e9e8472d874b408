# tests/passes: codegen_plan_test.cpp reads the DSP kernels' scratch contract
# (tinyc_rt/dsp_pack.h) to check what generate_code reserves.
target_include_directories(test_${area} PRIVATE ${PROJECT_SOURCE_DIR}/runtime/include)
