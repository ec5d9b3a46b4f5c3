# The SQL session (included from src/server/CMakeLists.txt): ServerContext::Open, the
# per-connection Session, the session registry, accounts and debug sync.
add_library(server_session
  idle_blocker_monitor.cc
  prepared_lock_cache.cc
  session_account_statements.cc
  session_accounts.cc
  session_admin.cc
  session_debug_sync.cc
  session_dispatch.cc
  session_exec_context.cc
  session_prepared.cc
  session_privilege_check.cc
  session_privileges.cc
  session_registry.cc
  session_set.cc
  session_show_where.cc
  session_table_locks.cc
  session_transaction.cc
  session_user_locks.cc
  sql_server_context.cc
  sql_session.cc
)
target_include_directories(server_session PUBLIC ${PROJECT_SOURCE_DIR}/src
  ${PROJECT_SOURCE_DIR}/include)
target_link_libraries(server_session PUBLIC base server_protocol sql_session_support diag
  $<TARGET_NAME_IF_EXISTS:sql_executor> $<TARGET_NAME_IF_EXISTS:mdl> storage)
