# Test examples.embed (cmake -P): installs Ward from WARD_BUILD_DIR into a scratch prefix,
# configures and builds examples/embed against it with find_package(ward), and runs ward_embed
# on kv_store.wasm. Variables: WARD_BUILD_DIR, EMBED_SOURCE_DIR, WORK_DIR, APP, GENERATOR,
# CXX_COMPILER, BUILD_TYPE, CXX_FLAGS, LINKER_FLAGS.

function(run_step name)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "${name} failed (${result}):\n${out}")
  endif()
endfunction()

set(prefix "${WORK_DIR}/prefix")
set(build "${WORK_DIR}/build")
# A fresh prefix, so nothing stale can satisfy find_package; the embed build tree is kept so
# that reruns are incremental.
file(REMOVE_RECURSE "${prefix}")
unset(ENV{DESTDIR})

run_step("cmake --install" "${CMAKE_COMMAND}" --install "${WARD_BUILD_DIR}" --prefix "${prefix}")
foreach(file IN ITEMS include/ward/runtime/runtime.hpp include/ward/storage/memory_store.hpp)
  if(NOT EXISTS "${prefix}/${file}")
    message(FATAL_ERROR "not installed: ${file}")
  endif()
endforeach()

run_step("configuring examples/embed"
         "${CMAKE_COMMAND}" -S "${EMBED_SOURCE_DIR}" -B "${build}" -G "${GENERATOR}"
         "-DCMAKE_PREFIX_PATH=${prefix}" "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}"
         "-DCMAKE_BUILD_TYPE=${BUILD_TYPE}" "-DCMAKE_CXX_FLAGS=${CXX_FLAGS}"
         "-DCMAKE_EXE_LINKER_FLAGS=${LINKER_FLAGS}")
# The package must come from the scratch prefix, not from some other installed Ward.
file(STRINGS "${build}/CMakeCache.txt" ward_dir REGEX "^ward_DIR:")
string(FIND "${ward_dir}" "${prefix}/" at)
if(NOT at GREATER -1)
  message(FATAL_ERROR "find_package(ward) did not use ${prefix}: ${ward_dir}")
endif()
run_step("building examples/embed" "${CMAKE_COMMAND}" --build "${build}")

# Two sets, a set_checked whose error must roll its write back, then reads.
execute_process(
  COMMAND "${build}/ward_embed" "${APP}"
          set [=[{"key": "b", "value": "2"}]=]
          set [=[{"key": "a", "value": "1"}]=]
          set_checked [=[{"key": "c", "value": "x"}]=]
          get [=[{"key": "c"}]=]
          entries ""
  RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("${out}${err}")
# Exit status 1: one call (set_checked) returned an error.
if(NOT result EQUAL 1)
  message(FATAL_ERROR "ward_embed exited with ${result}, expected 1")
endif()

# The Outcome printed after the header "== <call>", up to the next header.
function(outcome_of call var)
  string(FIND "${out}" "== ${call}\n" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "no outcome for ${call}")
  endif()
  string(SUBSTRING "${out}" ${at} -1 rest)
  string(LENGTH "== ${call}\n" header_len)
  string(SUBSTRING "${rest}" ${header_len} -1 rest)
  string(FIND "${rest}" "\n== " end)
  string(SUBSTRING "${rest}" 0 ${end} rest)
  set(${var} "${rest}" PARENT_SCOPE)
endfunction()

function(expect call pattern)
  outcome_of("${call}" outcome)
  if(NOT outcome MATCHES "${pattern}")
    message(FATAL_ERROR "the outcome of ${call} does not match '${pattern}'")
  endif()
endfunction()

# The returned JSON text appears as the utf8 copy of the bytes, with JSON escapes.
expect([=[set {"key": "b", "value": "2"}]=] [=["logs":\["Inserted \\"b\\""\]]=])
expect([=[set {"key": "b", "value": "2"}]=] [=["events":\[{"kind":"Inserted","data":{"base64":"Yg==","utf8":"b"}]=])
expect([=[set_checked {"key": "c", "value": "x"}]=] [=["kind":"Inserted"]=])
expect([=[set_checked {"key": "c", "value": "x"}]=] "-> error returned by the method: value must be a decimal number")
expect([=[get {"key": "c"}]=] [=["returns":{"ok":{"base64":"bnVsbA==","utf8":"null"}}]=])
expect([=[entries ]=] [=["utf8":"{\\"a\\":\\"1\\",\\"b\\":\\"2\\"}"]=])
if(NOT out MATCHES "\n== keys in the store: 2")
  message(FATAL_ERROR "expected 2 keys in the store after the calls")
endif()
