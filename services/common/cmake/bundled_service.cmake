# bundled_service(NAME <name> SOURCES <files...> [LIBRARIES <libs...>]
#                 [MIGRATIONS <dir>])
#
# Adds the service executable <name>. SERVICE_VERSION is the calling
# project's version; SERVICE_GIT_COMMIT comes from the cache variable of the
# same name (the Dockerfile passes its GIT_COMMIT build argument) or from git.
# MIGRATIONS embeds <dir>/NNN_name.sql into the binary as
# service::migrations() (see kit/pg.hpp).
set(KIT_CMAKE_DIR ${CMAKE_CURRENT_LIST_DIR} CACHE INTERNAL "services/common/cmake")

if(NOT DEFINED SERVICE_GIT_COMMIT)
  execute_process(COMMAND git rev-parse --short=12 HEAD WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}
                  OUTPUT_VARIABLE _commit OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE _git)
  if(NOT _git EQUAL 0 OR _commit STREQUAL "")
    set(_commit unknown)
  endif()
  set(SERVICE_GIT_COMMIT ${_commit} CACHE STRING "Commit reported by the services' /version")
endif()

function(bundled_service)
  cmake_parse_arguments(ARG "" "NAME;MIGRATIONS" "SOURCES;LIBRARIES" ${ARGN})
  set(sources ${ARG_SOURCES})
  if(ARG_MIGRATIONS)
    file(GLOB migration_files CONFIGURE_DEPENDS ${ARG_MIGRATIONS}/*.sql)
    list(SORT migration_files)
    set(generated ${CMAKE_CURRENT_BINARY_DIR}/${ARG_NAME}_migrations.cpp)
    string(REPLACE ";" "|" file_arg "${migration_files}")
    add_custom_command(
      OUTPUT ${generated}
      COMMAND ${CMAKE_COMMAND} -DOUT=${generated} "-DFILES=${file_arg}"
              -P ${KIT_CMAKE_DIR}/embed_migrations.cmake
      DEPENDS ${migration_files} ${KIT_CMAKE_DIR}/embed_migrations.cmake
      COMMENT "Embedding ${ARG_NAME} migrations"
      VERBATIM)
    list(APPEND sources ${generated})
  endif()
  add_executable(${ARG_NAME} ${sources})
  target_link_libraries(${ARG_NAME} PRIVATE service_kit ${ARG_LIBRARIES})
  target_compile_definitions(${ARG_NAME} PRIVATE SERVICE_VERSION="${PROJECT_VERSION}"
                                                 SERVICE_GIT_COMMIT="${SERVICE_GIT_COMMIT}")
  install(TARGETS ${ARG_NAME} RUNTIME DESTINATION bin)
endfunction()
