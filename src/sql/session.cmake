# SQL-layer support for the session (included from src/sql/CMakeLists.txt): lock plans, DDL
# execution and SHOW output builders.
add_library(sql_session_support
  ddl_alter.cc
  ddl_alter_def.cc
  ddl_executor.cc
  ddl_table_def.cc
  lock_plan.cc
  show_binlog.cc
  show_information_schema.cc
)
target_include_directories(sql_session_support PUBLIC ${PROJECT_SOURCE_DIR}/src
  ${PROJECT_SOURCE_DIR}/include)
target_link_libraries(sql_session_support PUBLIC base sql_parser sql_executor storage
  $<TARGET_NAME_IF_EXISTS:mdl>)
