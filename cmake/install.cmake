# `cmake --install`: the tinyc executable (the runtime sources are embedded in
# it, so nothing else is needed to compile models) and a CMake package:
#   find_package(tinyc)  ->  imported executable tinyc::tinyc, TINYC_EXECUTABLE,
#                            and tinyc_add_model() (cmake/TinycAddModel.cmake).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

# Keep the link-time library paths in the installed binary (protobuf/onnx from
# a non-system prefix still resolve after installing).
set_target_properties(tinyc PROPERTIES INSTALL_RPATH_USE_LINK_PATH TRUE)
install(TARGETS tinyc RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

set(TINYC_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/tinyc)
configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/tinycConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/tinycConfig.cmake
  INSTALL_DESTINATION ${TINYC_CMAKE_DIR}
  PATH_VARS CMAKE_INSTALL_BINDIR)
# tinyc runs on the build machine: any architecture may use it (a firmware
# project's toolchain is 32-bit ARM).
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/tinycConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion ARCH_INDEPENDENT)
install(FILES
  ${CMAKE_CURRENT_BINARY_DIR}/tinycConfig.cmake
  ${CMAKE_CURRENT_BINARY_DIR}/tinycConfigVersion.cmake
  ${CMAKE_CURRENT_LIST_DIR}/TinycAddModel.cmake
  DESTINATION ${TINYC_CMAKE_DIR})
