# Toolchain file: bare-metal Cortex-M4 with the Debian/Arm GNU toolchain
# (arm-none-eabi-gcc). The CPU flags are tinyc's cortex-m4 target's
# (docs/targets.md); for another core change TINYC_FIRMWARE_CPU_FLAGS here and
# TARGET_CPU in CMakeLists.txt together.
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR arm)
set(CMAKE_C_COMPILER arm-none-eabi-gcc)
set(CMAKE_CXX_COMPILER arm-none-eabi-g++)
# No startup files or syscalls for CMake's test programs: test a library instead.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

set(TINYC_FIRMWARE_CPU_FLAGS "-mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16")
set(CMAKE_C_FLAGS_INIT "${TINYC_FIRMWARE_CPU_FLAGS}")
set(CMAKE_CXX_FLAGS_INIT "${TINYC_FIRMWARE_CPU_FLAGS}")
set(CMAKE_EXE_LINKER_FLAGS_INIT "${TINYC_FIRMWARE_CPU_FLAGS}")

# Libraries and headers come from the toolchain only; programs and packages
# (tinyc is a program that runs on the build machine) from the host.
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE NEVER)
