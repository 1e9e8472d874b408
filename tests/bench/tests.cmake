# tests/bench: the benchmark tooling (scripts/bench.sh, benchmarks/tools/) on
# the digits CNN, end to end in QEMU, plus its parsers on known text. Python
# standard library only; prints SKIP and passes without the cross toolchain
# or QEMU. Checks exact counts and sums, never wall time.
add_test(NAME bench_tools
         COMMAND /usr/bin/python3 ${area_dir}/bench_tools_test.py --tinyc $<TARGET_FILE:tinyc>
         WORKING_DIRECTORY ${PROJECT_BINARY_DIR})
