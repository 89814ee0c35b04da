# Builds WebAssembly guest applications (wasm32, no libc) against the Ward guest SDK (sdk/).
#
#   ward_add_guest_app(<name> [SOURCES] <source>...
#                      [LINK_FLAGS <flag>...] [COMPILE_FLAGS <flag>...]
#                      [INCLUDE_DIRECTORIES <dir>...] [DEPENDS <file>...])
#
# Produces ${CMAKE_CURRENT_BINARY_DIR}/<name>.wasm and a target <name>_wasm (built by default)
# whose WARD_WASM_FILE property holds that path. Sources are .c, .cc/.cpp/.cxx or a single
# .wat file (assembled with wabt's wat2wasm). C and C++ go through clang directly, not the
# project's compiler, so the project itself may be built with GCC.
#
# The module exports its memory as "memory", the functions marked WARD_EXPORT, __heap_base and
# __data_end, has no entry point (no _start) and, like rustc's wasm32 output, a 1 MiB stack
# placed first and a memory without declared maximum. LINK_FLAGS are passed to the clang link
# step (e.g. -Wl,--import-memory); COMPILE_FLAGS to every compile.
#
# Options: WARD_GUEST_WERROR (default ON) adds -Werror to guest compiles and
# --fatal-warnings to the link.

include_guard(GLOBAL)

get_filename_component(_ward_guest_sdk_include "${CMAKE_CURRENT_LIST_DIR}/../sdk/include" ABSOLUTE)
set_property(GLOBAL PROPERTY WARD_GUEST_SDK_INCLUDE_DIR "${_ward_guest_sdk_include}")
unset(_ward_guest_sdk_include)

option(WARD_GUEST_WERROR "Treat warnings in wasm guest apps as errors" ON)

# Finds clang, clang++ and wasm-ld once, and checks that they can link a wasm32 module.
function(_ward_guest_find_toolchain)
  find_program(WARD_GUEST_CLANG NAMES clang clang-16 clang-15 clang-14
               DOC "clang used to compile wasm32 guest apps")
  find_program(WARD_GUEST_CLANGXX NAMES clang++ clang++-16 clang++-15 clang++-14
               DOC "clang++ used to compile wasm32 guest apps")
  find_program(WARD_GUEST_WASM_LD NAMES wasm-ld wasm-ld-16 wasm-ld-15 wasm-ld-14
               DOC "WebAssembly linker (lld) for guest apps")
  if(NOT WARD_GUEST_CLANG OR NOT WARD_GUEST_CLANGXX OR NOT WARD_GUEST_WASM_LD)
    message(FATAL_ERROR
      "Building the wasm guest apps needs clang, clang++ and wasm-ld (Debian packages clang "
      "and lld); found clang='${WARD_GUEST_CLANG}', clang++='${WARD_GUEST_CLANGXX}', "
      "wasm-ld='${WARD_GUEST_WASM_LD}'. Run scripts/setup.sh to install them.")
  endif()

  set(toolchain "${WARD_GUEST_CLANG};${WARD_GUEST_CLANGXX};${WARD_GUEST_WASM_LD}")
  if(NOT WARD_GUEST_TOOLCHAIN_CHECKED STREQUAL toolchain)
    # Fail at configure time, not halfway through the build, if clang lacks the wasm backend.
    set(check_dir "${CMAKE_BINARY_DIR}/CMakeFiles/ward-guest-toolchain-check")
    file(WRITE "${check_dir}/check.c"
         "__attribute__((export_name(\"run\"))) void run(void) {}\n")
    execute_process(
      COMMAND "${WARD_GUEST_CLANG}" --target=wasm32 -O2 -nostdlib
              "-fuse-ld=${WARD_GUEST_WASM_LD}" -Wl,--no-entry -o check.wasm check.c
      WORKING_DIRECTORY "${check_dir}"
      RESULT_VARIABLE check_result
      OUTPUT_VARIABLE check_output
      ERROR_VARIABLE check_output)
    if(NOT check_result EQUAL 0)
      message(FATAL_ERROR
        "${WARD_GUEST_CLANG} with ${WARD_GUEST_WASM_LD} cannot build a wasm32 module:\n"
        "${check_output}\nRun scripts/setup.sh to install clang and lld.")
    endif()
    set(WARD_GUEST_TOOLCHAIN_CHECKED "${toolchain}" CACHE INTERNAL "")
  endif()
endfunction()

function(_ward_guest_find_wat2wasm)
  find_program(WARD_GUEST_WAT2WASM NAMES wat2wasm DOC "wabt's wat2wasm for .wat guest apps")
  if(NOT WARD_GUEST_WAT2WASM)
    message(FATAL_ERROR
      "A .wat guest app needs wat2wasm (Debian package wabt). Run scripts/setup.sh to install it.")
  endif()
endfunction()

function(ward_add_guest_app name)
  cmake_parse_arguments(PARSE_ARGV 1 arg ""  ""
                        "SOURCES;LINK_FLAGS;COMPILE_FLAGS;INCLUDE_DIRECTORIES;DEPENDS")
  set(sources ${arg_UNPARSED_ARGUMENTS} ${arg_SOURCES})
  if(NOT sources)
    message(FATAL_ERROR "ward_add_guest_app(${name}): no sources")
  endif()

  set(out "${CMAKE_CURRENT_BINARY_DIR}/${name}.wasm")
  set(abs_sources)
  set(wat_sources)
  foreach(src IN LISTS sources)
    get_filename_component(src "${src}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    list(APPEND abs_sources "${src}")
    if(src MATCHES "\\.wat$")
      list(APPEND wat_sources "${src}")
    endif()
  endforeach()

  if(wat_sources)
    list(LENGTH abs_sources n_sources)
    if(NOT n_sources EQUAL 1)
      message(FATAL_ERROR "ward_add_guest_app(${name}): a .wat app has exactly one source")
    endif()
    _ward_guest_find_wat2wasm()
    add_custom_command(
      OUTPUT "${out}"
      COMMAND "${WARD_GUEST_WAT2WASM}" "${abs_sources}" -o "${out}"
      DEPENDS ${abs_sources} ${arg_DEPENDS}
      COMMENT "Assembling guest app ${name}.wasm"
      VERBATIM)
  else()
    _ward_guest_find_toolchain()
    get_property(sdk_include GLOBAL PROPERTY WARD_GUEST_SDK_INCLUDE_DIR)

    set(cflags
      --target=wasm32 -O2 -nostdlib
      # Features every Calimero application already uses; memcpy/memset become single
      # memory.copy/memory.fill instructions.
      -mbulk-memory -mmutable-globals -msign-ext
      # Only WARD_EXPORT functions become exports, even with --export-dynamic.
      -fvisibility=hidden
      # __FILE__ (panic locations) independent of where the tree is checked out.
      "-fmacro-prefix-map=${CMAKE_CURRENT_SOURCE_DIR}/="
      "-fmacro-prefix-map=${sdk_include}/="
      -Wall -Wextra
      "-I${sdk_include}")
    if(WARD_GUEST_WERROR)
      list(APPEND cflags -Werror)
    endif()
    foreach(dir IN LISTS arg_INCLUDE_DIRECTORIES)
      get_filename_component(dir "${dir}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
      list(APPEND cflags "-I${dir}")
    endforeach()
    list(APPEND cflags ${arg_COMPILE_FLAGS})

    set(objects)
    set(obj_dir "${CMAKE_CURRENT_BINARY_DIR}/${name}.wasm.objs")
    set(index 0)
    foreach(src IN LISTS abs_sources)
      get_filename_component(src_name "${src}" NAME)
      set(obj "${obj_dir}/${index}_${src_name}.o")
      math(EXPR index "${index} + 1")
      if(src MATCHES "\\.(cc|cpp|cxx)$")
        set(compiler "${WARD_GUEST_CLANGXX}")
        set(lang_flags -std=c++20 -fno-exceptions -fno-rtti -fno-threadsafe-statics)
      elseif(src MATCHES "\\.c$")
        set(compiler "${WARD_GUEST_CLANG}")
        set(lang_flags -std=c17)
      else()
        message(FATAL_ERROR "ward_add_guest_app(${name}): unsupported source ${src}")
      endif()
      add_custom_command(
        OUTPUT "${obj}"
        COMMAND "${CMAKE_COMMAND}" -E make_directory "${obj_dir}"
        COMMAND "${compiler}" ${cflags} ${lang_flags} -MD -MF "${obj}.d" -c "${src}" -o "${obj}"
        DEPENDS "${src}" ${arg_DEPENDS}
        DEPFILE "${obj}.d"
        COMMENT "Compiling guest app ${name}: ${src_name}"
        VERBATIM)
      list(APPEND objects "${obj}")
    endforeach()

    set(ldflags
      --target=wasm32 -nostdlib "-fuse-ld=${WARD_GUEST_WASM_LD}"
      -Wl,--no-entry -Wl,--export-dynamic
      -Wl,--stack-first -Wl,-z,stack-size=1048576
      -Wl,--export=__heap_base -Wl,--export=__data_end)
    if(WARD_GUEST_WERROR)
      list(APPEND ldflags -Wl,--fatal-warnings)
    endif()
    add_custom_command(
      OUTPUT "${out}"
      COMMAND "${WARD_GUEST_CLANG}" ${ldflags} ${arg_LINK_FLAGS} ${objects} -o "${out}"
      DEPENDS ${objects}
      COMMENT "Linking guest app ${name}.wasm"
      VERBATIM)
  endif()

  add_custom_target(${name}_wasm ALL DEPENDS "${out}")
  set_target_properties(${name}_wasm PROPERTIES WARD_WASM_FILE "${out}")
endfunction()
