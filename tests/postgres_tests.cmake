# One private PostgreSQL server (scripts/pg-test-server) for the whole test run: postgres.start
# sets it up for every test that requires the fixture `postgres`, postgres.stop takes it down
# after the last of them. Those tests get RACESYNC_TEST_PG ("host=127.0.0.1 port=N
# user=racesync"): the store's unit tests run their PostgreSQL cases with it (and skip them
# without), and tests/support points every racesync the integration tests start at a database of
# its own on that server (RACESYNC_STATE_URL).
set(racesync_pg_bin /usr/lib/postgresql/15/bin)
option(RACESYNC_TEST_POSTGRES "run the state store's tests on a private PostgreSQL server too" ON)
if(RACESYNC_TEST_POSTGRES AND NOT EXISTS ${racesync_pg_bin}/pg_ctl)
  message(STATUS "tests: no ${racesync_pg_bin}/pg_ctl (scripts/setup installs postgresql): the "
                 "PostgreSQL tests are left out")
  set(RACESYNC_TEST_POSTGRES OFF)
endif()
# integration.pg.<suite>: the integration suites again, with the state on PostgreSQL. Those known
# to pass run always; RACESYNC_TEST_PG_INTEGRATION=ON adds the rest (not yet ported: see
# racesync_pg_pending below).
option(RACESYNC_TEST_PG_INTEGRATION "run every integration suite on PostgreSQL as well" OFF)

if(RACESYNC_TEST_POSTGRES)
  # A port of this build folder's own, below Linux's ephemeral range (32768-60999), so that two
  # build folders on one machine do not collide and no outgoing connection takes it.
  string(MD5 racesync_pg_hash "${PROJECT_BINARY_DIR}")
  string(SUBSTRING ${racesync_pg_hash} 0 4 racesync_pg_hex)
  math(EXPR racesync_pg_port "20000 + 0x${racesync_pg_hex} % 12000")
  set(RACESYNC_TEST_PG_PORT ${racesync_pg_port} CACHE STRING
      "the loopback port of the tests' private PostgreSQL server")
  # Under /tmp: the server runs as nobody when the tests run as root, and nobody must reach it.
  string(SUBSTRING ${racesync_pg_hash} 0 12 racesync_pg_id)
  set(racesync_pg_dir /tmp/racesync-pg-${racesync_pg_id})
  set(racesync_pg_env "RACESYNC_TEST_PG=host=127.0.0.1 port=${RACESYNC_TEST_PG_PORT} user=racesync")

  add_test(NAME postgres.start COMMAND ${PROJECT_SOURCE_DIR}/scripts/pg-test-server start
                                       ${racesync_pg_dir} ${RACESYNC_TEST_PG_PORT})
  set_tests_properties(postgres.start PROPERTIES FIXTURES_SETUP postgres TIMEOUT 120)
  add_test(NAME postgres.stop COMMAND ${PROJECT_SOURCE_DIR}/scripts/pg-test-server stop
                                      ${racesync_pg_dir})
  set_tests_properties(postgres.stop PROPERTIES FIXTURES_CLEANUP postgres TIMEOUT 60)

  # racesync_postgres_test(TEST...): the server running and RACESYNC_TEST_PG set for these tests.
  function(racesync_postgres_test)
    set_property(TEST ${ARGN} APPEND PROPERTY FIXTURES_REQUIRED postgres)
    set_property(TEST ${ARGN} APPEND PROPERTY ENVIRONMENT "${racesync_pg_env}")
  endfunction()

  # The store's unit tests and the run lock's (an advisory lock on PostgreSQL).
  get_property(racesync_all_tests DIRECTORY PROPERTY TESTS)
  foreach(t ${racesync_all_tests})
    if(t MATCHES "^unit\\.store\\." OR t MATCHES "^unit\\.run\\.(postgres_)?run_lock_test$")
      racesync_postgres_test(${t})
    endif()
  endforeach()
  # The test support's own PostgreSQL side: a database per TempDir for every racesync it starts.
  racesync_postgres_test(integration.test_support_test)
endif()

if(RACESYNC_TEST_POSTGRES)
  # Every integration suite that keeps a state, except:
  #   package_test: builds and inspects the .deb, keeps no state;
  #   full_disk_test: fills the disk under the SQLite file, which a PostgreSQL state does not have;
  #   sandbox_command_test, cli_test: the sandbox and the command line alone, no state store;
  #   mail_kill_sweep_test: its SMTP server finds the run to kill through the SQLite lock file
  #     (on PostgreSQL the run lock is an advisory lock): shared_state_kill_test kills on both.
  set(racesync_pg_ready
      state_transfer_test shared_state_kill_test demo_test end_to_end_test import_test labels_test
      lookup_test mail_test racemap_test raceranger_test raceresult_test raceresult_writeback_test
      report_browser_test resend_test run_test)
  # Not yet ported: security_test asserts the modes of the SQLite state file, its -wal, -shm and
  # .lock, and of the dry run's copy of it, which a PostgreSQL state does not have.
  set(racesync_pg_pending security_test)
  set(racesync_pg_suites ${racesync_pg_ready})
  if(RACESYNC_TEST_PG_INTEGRATION)
    list(APPEND racesync_pg_suites ${racesync_pg_pending})
  endif()
  foreach(suite ${racesync_pg_suites})
    add_test(NAME integration.pg.${suite}
             COMMAND racesync_integration_tests --run_test=${suite} --log_level=test_suite
             WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
    set_tests_properties(integration.pg.${suite} PROPERTIES TIMEOUT 600)
    racesync_postgres_test(integration.pg.${suite})
  endforeach()
  if(TEST integration.pg.labels_test)
    set_tests_properties(integration.pg.labels_test PROPERTIES LABELS heavy)
  endif()
endif()
