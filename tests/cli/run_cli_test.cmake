# Runs one `ward` command line and checks its exit code and output.
#   -DWARD=<path>               the ward binary
#   -DARGS=a|b|c                its arguments, separated by '|'
#   -DWORKING_DIRECTORY=<dir>   where to run it
#   -DEXPECT_EXIT=<n>           required exit code
#   -DEXPECT_STDOUT=l1|l2       optional: stdout must be exactly these lines ("" = empty)
#   -DEXPECT_STDOUT_CONTAINS=s1|s2, -DEXPECT_STDERR_CONTAINS=s1|s2
#                               optional: each substring must occur in stdout / stderr
cmake_minimum_required(VERSION 3.25)

string(REPLACE "|" ";" arguments "${ARGS}")
execute_process(
  COMMAND ${WARD} ${arguments}
  WORKING_DIRECTORY ${WORKING_DIRECTORY}
  RESULT_VARIABLE exit_code
  OUTPUT_VARIABLE stdout
  ERROR_VARIABLE stderr)

set(problems "")
if(NOT exit_code STREQUAL EXPECT_EXIT)
  string(APPEND problems "exit code ${exit_code}, expected ${EXPECT_EXIT}\n")
endif()
if(DEFINED EXPECT_STDOUT)
  string(REPLACE "|" "\n" expected_stdout "${EXPECT_STDOUT}")
  if(NOT expected_stdout STREQUAL "")
    string(APPEND expected_stdout "\n")
  endif()
  if(NOT stdout STREQUAL expected_stdout)
    string(APPEND problems "stdout differs; expected:\n${expected_stdout}\n")
  endif()
endif()
foreach(stream IN ITEMS STDOUT STDERR)
  string(TOLOWER ${stream} variable)
  string(REPLACE "|" ";" needles "${EXPECT_${stream}_CONTAINS}")
  foreach(needle IN LISTS needles)
    string(FIND "${${variable}}" "${needle}" found_at)
    if(found_at EQUAL -1)
      string(APPEND problems "${variable} lacks \"${needle}\"\n")
    endif()
  endforeach()
endforeach()

if(problems)
  message(FATAL_ERROR "ward ${arguments}\n${problems}--- stdout:\n${stdout}--- stderr:\n${stderr}")
endif()
