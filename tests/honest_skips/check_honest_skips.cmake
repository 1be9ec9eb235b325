# cmake -DCTEST=ctest -DTEST_DIR=<build>/tests/honest_skips -P check_honest_skips.cmake
# Runs tst_honest_skip_fixture through CTest in each mode and checks what CTest reports:
# a failure beside a skip is a failure, all skipped is a skip, a pass beside a skip a pass.
foreach(expectation "pass=Passed" "fail=\\*\\*\\*Failed" "skip=\\*\\*\\*Skipped")
  string(REPLACE "=" ";" pair "${expectation}")
  list(GET pair 0 mode)
  list(GET pair 1 verdict)
  set(ENV{REVERIE_HONEST_FIXTURE} "${mode}")
  execute_process(COMMAND ${CTEST} --test-dir ${TEST_DIR} -R "^tst_honest_skip_fixture$"
    OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
  if(NOT out MATCHES "tst_honest_skip_fixture \\.+ *${verdict}")
    message(FATAL_ERROR "mode ${mode}: CTest should report ${verdict}, it said:\n${out}${err}")
  endif()
  if(mode STREQUAL "fail" AND rc EQUAL 0)
    message(FATAL_ERROR "mode fail: CTest exited 0:\n${out}")
  endif()
  message(STATUS "mode ${mode}: ${verdict}")
endforeach()
