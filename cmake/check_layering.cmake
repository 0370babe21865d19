# The layering check: every #include "core/...", "sandbox/..." or "jobs/..." in a module's folder
# must name the module's own folder or one it depends on (RULES, written by CMakeLists.txt from
# the racesync_module() declarations). Run as a build step, so a wrong-way include fails the build
# with the file, the line and the fix.
#   cmake -DROOT=<source dir> -DRULES=<rules file> -DSTAMP=<file to touch> -P check_layering.cmake
cmake_policy(SET CMP0057 NEW)  # if(IN_LIST)
file(STRINGS ${RULES} rules)
set(errors "")
foreach(rule ${rules})
  string(REPLACE ":" ";" parts "${rule}")
  list(GET parts 0 folder)
  list(LENGTH parts count)
  set(allowed "")
  if(count GREATER 1)
    list(GET parts 1 allowed)
    string(REPLACE "," ";" allowed "${allowed}")
  endif()
  file(GLOB files ${ROOT}/${folder}/*.h ${ROOT}/${folder}/*.cpp)
  foreach(path ${files})
    file(STRINGS ${path} lines REGEX "^#include \"(core|sandbox|jobs)/")
    foreach(line ${lines})
      string(REGEX MATCH "\"([a-z_/]+)/[a-z_0-9]+\\.h\"" matched "${line}")
      set(included "${CMAKE_MATCH_1}")
      if(NOT included IN_LIST allowed)
        file(RELATIVE_PATH shown ${ROOT} ${path})
        string(APPEND errors
               "${shown}: ${line}: ${folder} may not include ${included}/ (it builds on: "
               "${allowed}); move the code, or declare the dependency in ${folder}/CMakeLists.txt\n")
      endif()
    endforeach()
  endforeach()
endforeach()
if(errors)
  message(FATAL_ERROR "layering check failed:\n${errors}")
endif()
file(TOUCH ${STAMP})
