# Checks a built guest app's imports and exports against exact expectations.
#
#   cmake -DWASM_OBJDUMP=<wasm-objdump> -DWASM=<app.wasm> -DEXPECT=<file> -P check_app.cmake
#
# EXPECT defines EXPECTED_IMPORTS and EXPECTED_EXPORTS, lists of canonical entries:
#   imports: "func <module>.<name> <type>", "memory <module>.<name>", "global <module>.<name>"
#   exports: "func <name>", "memory <name>", "global <name>", "table <name>"
# Types are spelled as wasm-objdump prints them, e.g. "(i64, i64) -> i32".

include("${EXPECT}")

function(objdump_section section out_var)
  execute_process(
    COMMAND "${WASM_OBJDUMP}" -x -j ${section} "${WASM}"
    OUTPUT_VARIABLE text
    ERROR_VARIABLE err
    RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    if(err MATCHES "not found")
      set(text "")
    else()
      message(FATAL_ERROR "wasm-objdump failed on ${WASM}: ${err}")
    endif()
  endif()
  set(${out_var} "${text}" PARENT_SCOPE)
endfunction()

objdump_section(Type type_text)
objdump_section(Import import_text)
objdump_section(Export export_text)

string(REGEX MATCHALL "- type\\[[0-9]+\\] [^\n]*" type_lines "${type_text}")
foreach(line IN LISTS type_lines)
  string(REGEX REPLACE "- type\\[([0-9]+)\\] ([^\n]*)" "\\1" index "${line}")
  string(REGEX REPLACE "- type\\[([0-9]+)\\] ([^\n]*)" "\\2" signature "${line}")
  set(type_${index} "${signature}")
endforeach()

set(actual_imports)
string(REGEX MATCHALL "- (func|memory|global|table|tag)\\[[0-9]+\\][^\n]* <- [^\n]+" import_lines
       "${import_text}")
foreach(line IN LISTS import_lines)
  string(REGEX REPLACE "- ([a-z]+)\\[.*" "\\1" kind "${line}")
  string(REGEX REPLACE ".* <- ([^\n]+)" "\\1" what "${line}")
  if(kind STREQUAL "func")
    string(REGEX REPLACE ".* sig=([0-9]+).*" "\\1" sig "${line}")
    list(APPEND actual_imports "func ${what} ${type_${sig}}")
  else()
    list(APPEND actual_imports "${kind} ${what}")
  endif()
endforeach()

set(actual_exports)
string(REGEX MATCHALL "- (func|memory|global|table|tag)\\[[0-9]+\\][^\n]* -> \"[^\"\n]*\"" export_lines
       "${export_text}")
foreach(line IN LISTS export_lines)
  string(REGEX REPLACE "- ([a-z]+)\\[.*" "\\1" kind "${line}")
  string(REGEX REPLACE ".* -> \"([^\"\n]*)\"" "\\1" name "${line}")
  list(APPEND actual_exports "${kind} ${name}")
endforeach()

set(failed FALSE)
foreach(what IN ITEMS imports exports)
  string(TOUPPER "${what}" upper)
  set(expected ${EXPECTED_${upper}})
  set(actual ${actual_${what}})
  list(SORT expected)
  list(SORT actual)
  if(NOT "${expected}" STREQUAL "${actual}")
    set(missing ${expected})
    set(extra ${actual})
    if(actual)
      list(REMOVE_ITEM missing ${actual})
    endif()
    if(expected)
      list(REMOVE_ITEM extra ${expected})
    endif()
    list(JOIN missing "\n    " missing)
    list(JOIN extra "\n    " extra)
    message(SEND_ERROR
      "${WASM}: ${what} differ\n  expected but missing:\n    ${missing}\n"
      "  present but not expected:\n    ${extra}")
    set(failed TRUE)
  endif()
endforeach()
if(NOT failed)
  list(LENGTH actual_imports n_imports)
  list(LENGTH actual_exports n_exports)
  message(STATUS "${WASM}: ${n_imports} imports and ${n_exports} exports as expected")
endif()
