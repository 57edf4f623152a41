# cmake -DOUT=<file.cpp> -DFILES=<a.sql|b.sql> -P embed_migrations.cmake
# Writes service::migrations(), the files as kit::pg::Migration values.
# File names are NNN_name.sql; NNN is the version.
string(REPLACE "|" ";" FILES "${FILES}")
set(body "")
foreach(file ${FILES})
  get_filename_component(base ${file} NAME_WE)
  if(NOT base MATCHES "^([0-9]+)_(.+)$")
    message(FATAL_ERROR "${file}: migration files are named NNN_name.sql")
  endif()
  math(EXPR version "${CMAKE_MATCH_1}")
  set(name ${CMAKE_MATCH_2})
  file(READ ${file} sql)
  if(sql MATCHES "\\)migration\"")
    message(FATAL_ERROR "${file}: contains the raw-string delimiter )migration\"")
  endif()
  string(APPEND body "      {${version}, \"${name}\", R\"migration(${sql})migration\"},\n")
endforeach()
file(WRITE ${OUT}.tmp "// Generated from the service's migrations/ by embed_migrations.cmake.
#include <vector>

#include \"kit/pg.hpp\"

namespace service {
const std::vector<kit::pg::Migration>& migrations() {
  static const std::vector<kit::pg::Migration> all = {
${body}  };
  return all;
}
}  // namespace service
")
file(RENAME ${OUT}.tmp ${OUT})
