# tinyc_add_model(<target> <model.onnx>
#                 [TARGET_CPU <cpu>]      tinyc --target: host (default), cortex-m0plus, cortex-m4, cortex-m7
#                 [CALIB <cal.npy>]       calibration data (needed for a float model)
#                 [NAME <c_name>]         C prefix of the API (default: from the model's file name)
#                 [SELFTEST <x.npy>]      embed a self-test: NAME_selftest()
#                 [OUTPUT_DIR <dir>]      default: ${CMAKE_CURRENT_BINARY_DIR}/tinyc/<NAME>
#                 [OPTIONS <opt>...])     more `tinyc compile` options, e.g. --arena caller
#
# Runs `tinyc compile` at build time and adds the generated sources (the
# model, its self-test and the runtime kernels it uses) and include folders to
# <target>. The sources are regenerated when the model, the calibration or
# self-test data, the tinyc executable or the options change.
#
# Which files tinyc writes depends on the model (only the kernels it uses are
# copied), and CMake must know a target's sources when it configures. So:
#   1. at configure time, `tinyc compile ... --list-sources` runs the whole
#      compile and prints the files it would write, without writing anything:
#      the list comes from the same code path as the build-time compile, so it
#      is exact;
#   2. the build-time add_custom_command names those files as its OUTPUT;
#   3. the model, the data files and tinyc are CMAKE_CONFIGURE_DEPENDS: when one changes,
#      CMake re-runs step 1 before building, so a model that now needs other
#      kernels never builds against a stale list.
# (Globbing after a configure-time compile would also work, but writes the
# sources twice and cannot see a kernel set that changes between builds.)
#
# The options are part of the custom command, and they are also written to a
# stamp file (rewritten only when they change) that the command depends on:
# Makefile generators do not rerun a command whose command line changed.
function(tinyc_add_model target model)
  cmake_parse_arguments(PARSE_ARGV 2 ARG "" "TARGET_CPU;CALIB;NAME;SELFTEST;OUTPUT_DIR" "OPTIONS")
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "tinyc_add_model(${target}): unknown arguments: ${ARG_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT TARGET ${target})
    message(FATAL_ERROR "tinyc_add_model: '${target}' is not a target (add_executable/add_library it first)")
  endif()
  if(NOT TINYC_EXECUTABLE)
    message(FATAL_ERROR "tinyc_add_model: TINYC_EXECUTABLE is not set (use find_package(tinyc))")
  endif()

  get_filename_component(model "${model}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  set(cpu host)
  if(ARG_TARGET_CPU)
    set(cpu ${ARG_TARGET_CPU})
  endif()
  set(name ${ARG_NAME})
  if(NOT name)  # "My-Net.onnx" -> my_net
    get_filename_component(name "${model}" NAME_WE)
    string(TOLOWER "${name}" name)
    string(MAKE_C_IDENTIFIER "${name}" name)
  endif()
  set(out "${CMAKE_CURRENT_BINARY_DIR}/tinyc/${name}")
  if(ARG_OUTPUT_DIR)
    get_filename_component(out "${ARG_OUTPUT_DIR}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_BINARY_DIR}")
  endif()

  set(args compile "${model}" --target ${cpu} --name ${name} -o "${out}")
  set(inputs "${model}")
  foreach(kind CALIB SELFTEST)
    if(ARG_${kind})
      get_filename_component(file "${ARG_${kind}}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
      string(TOLOWER "${kind}" flag)
      list(APPEND args --${flag} "${file}")
      list(APPEND inputs "${file}")
    endif()
  endforeach()
  list(APPEND args ${ARG_OPTIONS})

  # The options stamp, rewritten only when the command changes.
  set(stamp "${CMAKE_CURRENT_BINARY_DIR}/tinyc/${name}.options")
  string(REPLACE ";" "\n" text "${args}")
  set(old "")
  if(EXISTS "${stamp}")
    file(READ "${stamp}" old)
  endif()
  if(NOT old STREQUAL "${text}\n")
    file(WRITE "${stamp}" "${text}\n")
  endif()

  # 1. The files the compile writes.
  execute_process(COMMAND "${TINYC_EXECUTABLE}" ${args} --list-sources
                  RESULT_VARIABLE rc OUTPUT_VARIABLE listed ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "tinyc_add_model(${target}): tinyc compile failed (exit ${rc}):\n${err}")
  endif()
  string(REPLACE "\n" ";" listed "${listed}")
  set(outputs "")
  set(sources "")
  foreach(f IN LISTS listed)
    if(f STREQUAL "")
      continue()
    endif()
    list(APPEND outputs "${out}/${f}")
    if(f MATCHES "\\.(cpp|cc|c)$")
      list(APPEND sources "${out}/${f}")
    endif()
  endforeach()

  # 2. The build-time compile.
  add_custom_command(OUTPUT ${outputs}
    COMMAND "${TINYC_EXECUTABLE}" ${args} -q
    DEPENDS ${inputs} "${stamp}" "${TINYC_EXECUTABLE}"
    COMMENT "tinyc: compiling ${model} for ${cpu} (${name})"
    VERBATIM)
  target_sources(${target} PRIVATE ${sources})
  target_include_directories(${target} PRIVATE "${out}" "${out}/runtime/include")

  # 3. A changed model, data file or tinyc re-lists the sources first.
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${inputs} "${TINYC_EXECUTABLE}")
endfunction()
