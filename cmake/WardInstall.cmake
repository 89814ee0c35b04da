# Install rules: the public headers, the static libraries ward_engine, ward_storage and
# ward_runtime (exported as ward::engine, ward::storage, ward::runtime), the `ward` command,
# and a CMake package so that other projects can use an installed Ward:
#
#   cmake --install build --prefix /opt/ward
#   # in the other project, configured with -DCMAKE_PREFIX_PATH=/opt/ward:
#   find_package(ward REQUIRED)
#   target_link_libraries(my_program PRIVATE ward::runtime ward::storage)
#
# Public headers include only other public headers, never src/.

include_guard(GLOBAL)
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(WARD_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/ward")
set(_ward_libraries ward_engine ward_storage ward_runtime)

install(DIRECTORY "${PROJECT_SOURCE_DIR}/include/ward"
        DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}"
        FILES_MATCHING PATTERN "*.hpp" PATTERN "*.h")

foreach(lib IN LISTS _ward_libraries)
  string(REGEX REPLACE "^ward_" "" export_name "${lib}")
  set_target_properties(${lib} PROPERTIES EXPORT_NAME ${export_name})
endforeach()
install(TARGETS ${_ward_libraries} EXPORT wardTargets
        ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}"
        LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}"
        RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")
install(TARGETS ward RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")
install(EXPORT wardTargets NAMESPACE ward:: FILE ward-targets.cmake
        DESTINATION "${WARD_INSTALL_CMAKEDIR}")

# ward-config.cmake must find every imported target the libraries link (as $<LINK_ONLY:...>
# for static libraries). Known ones map to the call that defines them, as the root
# CMakeLists.txt does; plain library names need nothing.
set(WARD_CONFIG_DEPENDENCIES "")
set(_ward_seen_dependencies "")
foreach(lib IN LISTS _ward_libraries)
  get_target_property(deps ${lib} LINK_LIBRARIES)
  if(NOT deps)
    continue()
  endif()
  foreach(dep IN LISTS deps)
    string(REGEX REPLACE "^\\$<LINK_ONLY:(.*)>$" "\\1" dep "${dep}")
    if(dep IN_LIST _ward_libraries OR dep MATCHES "^ward::" OR NOT TARGET "${dep}"
       OR dep IN_LIST _ward_seen_dependencies)
      continue()
    endif()
    list(APPEND _ward_seen_dependencies "${dep}")
    if(dep STREQUAL "PkgConfig::SODIUM")
      set(call "_ward_find_pkg(SODIUM libsodium)")
    elseif(dep STREQUAL "PkgConfig::ROCKSDB")
      set(call "_ward_find_pkg(ROCKSDB rocksdb)")
    elseif(dep STREQUAL "CURL::libcurl")
      set(call "find_dependency(CURL)")
    elseif(dep MATCHES "^RocksDB::")
      set(call "find_dependency(RocksDB CONFIG)")
    elseif(dep STREQUAL "Threads::Threads")
      set(call "find_dependency(Threads)")
    elseif(dep STREQUAL "nlohmann_json::nlohmann_json")
      set(call "find_dependency(nlohmann_json)")
    else()
      message(WARNING "${lib} links ${dep}, which the installed ward-config.cmake does not "
                      "know how to find: add it to cmake/WardInstall.cmake")
      continue()
    endif()
    if(NOT call IN_LIST WARD_CONFIG_DEPENDENCIES)
      list(APPEND WARD_CONFIG_DEPENDENCIES "${call}")
    endif()
  endforeach()
endforeach()
list(JOIN WARD_CONFIG_DEPENDENCIES "\n" WARD_CONFIG_DEPENDENCIES)

configure_package_config_file(
  "${PROJECT_SOURCE_DIR}/cmake/ward-config.cmake.in"
  "${PROJECT_BINARY_DIR}/ward-config.cmake"
  INSTALL_DESTINATION "${WARD_INSTALL_CMAKEDIR}"
  PATH_VARS CMAKE_INSTALL_BINDIR)
write_basic_package_version_file(
  "${PROJECT_BINARY_DIR}/ward-config-version.cmake"
  VERSION "${PROJECT_VERSION}"
  COMPATIBILITY SameMajorVersion)
install(FILES "${PROJECT_BINARY_DIR}/ward-config.cmake"
              "${PROJECT_BINARY_DIR}/ward-config-version.cmake"
        DESTINATION "${WARD_INSTALL_CMAKEDIR}")

unset(_ward_libraries)
unset(_ward_seen_dependencies)
