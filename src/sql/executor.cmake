# The query engine: expression evaluation and SELECT/INSERT/REPLACE/UPDATE/DELETE execution
# over storage and virtual tables. Included from src/sql/CMakeLists.txt.
add_library(sql_executor
  dml_common.cc
  dml_insert.cc
  dml_update.cc
  dml_update_multi.cc
  expr_arith.cc
  expr_datetime.cc
  expr_decimal.cc
  expr_eval.cc
  expr_functions.cc
  expr_hash.cc
  expr_interval.cc
  expr_string_functions.cc
  expr_time_functions.cc
  expr_type.cc
  expr_value.cc
  executor.cc
  select_access.cc
  select_aggregate.cc
  select_exec.cc
  select_plan.cc
  select_sources.cc
  # Definitions of system variables: expression typing needs each @@x's type (expr_type.cc).
  system_variables.cc
)
target_include_directories(sql_executor PUBLIC ${PROJECT_SOURCE_DIR}/src)
target_link_libraries(sql_executor PUBLIC sql_parser base $<TARGET_NAME_IF_EXISTS:storage>)
