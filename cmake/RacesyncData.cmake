# racesync_data(FOLDER file ...)
#
# Data the program reads at run time (templates/, samples/), found beside its executable:
# <prefix>/${RACESYNC_DATA_DIR}/FOLDER when installed, <build>/${RACESYNC_DATA_DIR}/FOLDER in the
# build tree, where each file is copied again whenever its source changes. The files are listed
# (paths relative to FOLDER), like the sources, so the build tree and the package hold the same.
# Every folder joins the target racesync_data, which the racesync executable depends on.
function(racesync_data folder)
  if(NOT TARGET racesync_data)
    add_custom_target(racesync_data ALL)
  endif()
  set(staged_files)
  foreach(file ${ARGN})
    set(source ${PROJECT_SOURCE_DIR}/${folder}/${file})
    set(staged ${PROJECT_BINARY_DIR}/${RACESYNC_DATA_DIR}/${folder}/${file})
    add_custom_command(OUTPUT ${staged}
      COMMAND ${CMAKE_COMMAND} -E copy ${source} ${staged}
      DEPENDS ${source}
      COMMENT "Staging ${folder}/${file}"
      VERBATIM)
    list(APPEND staged_files ${staged})
    get_filename_component(subfolder ${file} DIRECTORY)
    install(FILES ${source} DESTINATION ${RACESYNC_DATA_DIR}/${folder}/${subfolder})
  endforeach()
  add_custom_target(racesync_data_${folder} DEPENDS ${staged_files})
  add_dependencies(racesync_data racesync_data_${folder})
endfunction()
