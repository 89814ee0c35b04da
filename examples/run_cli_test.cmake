# Test examples.cli (cmake -P): the walk-throughs of the example READMEs, shortened, through
# `ward run`. Variables: WARD (the ward command), SIGN (ward_rps_sign), APPS_DIR (the .wasm
# files), WORK_DIR (scratch space for the databases).

file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")

# Runs `ward run APP METHOD [INPUT] --db DB [extra args]` and checks its exit status and that
# the one-line Outcome contains each EXPECT string (verbatim).
function(call app method)
  cmake_parse_arguments(PARSE_ARGV 2 arg "" "INPUT;STATUS" "ARGS;EXPECT")
  set(command "${WARD}" run "${APPS_DIR}/${app}.wasm" "${method}" --db "${WORK_DIR}/${app}-db"
              --format json ${arg_ARGS})
  if(DEFINED arg_INPUT)
    list(APPEND command --input "${arg_INPUT}")
  endif()
  execute_process(COMMAND ${command} RESULT_VARIABLE status OUTPUT_VARIABLE out
                  ERROR_VARIABLE err)
  if(NOT DEFINED arg_STATUS)
    set(arg_STATUS 0)
  endif()
  if(NOT status EQUAL arg_STATUS)
    message(FATAL_ERROR "${app} ${method} ${arg_INPUT}: exit status ${status}, expected "
                        "${arg_STATUS}\n${out}${err}")
  endif()
  foreach(expected IN LISTS arg_EXPECT)
    string(FIND "${out}" "${expected}" at)
    if(at EQUAL -1)
      message(FATAL_ERROR "${app} ${method} ${arg_INPUT}: the Outcome lacks ${expected}\n${out}")
    endif()
  endforeach()
endfunction()

function(sign out_var)
  execute_process(COMMAND "${SIGN}" ${ARGN} RESULT_VARIABLE status OUTPUT_VARIABLE out
                  ERROR_VARIABLE err OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "ward_rps_sign ${ARGN}: exit status ${status}\n${err}")
  endif()
  set(${out_var} "${out}" PARENT_SCOPE)
endfunction()

# kv_store: events and logs, ordering, rollback of a failed call.
call(kv_store set INPUT [=[{"key": "b", "value": "2"}]=]
     EXPECT [=["logs":["Inserted \"b\""]]=] [=["kind":"Inserted","data":{"base64":"Yg==","utf8":"b"}]=])
call(kv_store set INPUT [=[{"key": "a", "value": "1"}]=])
call(kv_store set INPUT [=[{"key": "a", "value": "3"}]=] EXPECT [=["kind":"Updated"]=])
call(kv_store set_checked INPUT [=[{"key": "c", "value": "ten"}]=] STATUS 1
     EXPECT [=["type":"ExecutionError"]=] [=["kind":"Inserted"]=])
call(kv_store get INPUT [=[{"key": "c"}]=] EXPECT [=["utf8":"null"]=])
call(kv_store set INPUT "not json" STATUS 1 EXPECT [=["type":"ExecutionError"]=])
call(kv_store remove INPUT [=[{"key": "b"}]=] EXPECT [=["utf8":"\"2\""]=] [=["kind":"Removed"]=])
call(kv_store entries EXPECT [=["utf8":"{\"a\":\"3\"}"]=])

# rps: a full game with signed moves; a reveal that does not match the commitment fails.
set(ctx 00000000000000000000000000000000000000000000000000000000000007e8)
set(game ARGS --context ${ctx})
sign(alice key alice)
sign(input commit alice ${ctx} rock salt-a)
call(rps commit ${game} INPUT "${input}" EXPECT [=["kind":"Committed"]=])
sign(input reveal alice ${ctx} rock salt-a)
call(rps reveal ${game} INPUT "${input}" STATUS 1)  # bob has not committed yet
sign(input commit bob ${ctx} scissors salt-b)
call(rps commit ${game} INPUT "${input}")
sign(input reveal alice ${ctx} paper salt-a)
call(rps reveal ${game} INPUT "${input}" STATUS 1)
sign(input reveal alice 0000000000000000000000000000000000000000000000000000000000000001 rock
     salt-a)
call(rps reveal ${game} INPUT "${input}" STATUS 1)  # signed for another context
sign(input reveal alice ${ctx} rock salt-a)
call(rps reveal ${game} INPUT "${input}" EXPECT [=["kind":"Revealed"]=])
sign(input reveal bob ${ctx} scissors salt-b)
call(rps reveal ${game} INPUT "${input}")
call(rps result ${game} EXPECT "{\\\"winner\\\":\\\"${alice}\\\"")

# fetch: refused without an allowlist, with the reason in the log.
call(fetch fetch INPUT [=[{"url": "http://127.0.0.1:9/"}]=] STATUS 1
     EXPECT "failed: Host function 'fetch' is temporarily disabled.")
