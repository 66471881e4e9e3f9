# zj_embed_files(TARGET BASE_DIR FILES...) — compiles data files (code tables, indicator catalog,
# plans, standards) into the binary so that `zhijiao` runs from anywhere as one file. The files are
# looked up at run time through zj::common::EmbeddedFile("data/…").
function(zj_embed_files target base_dir)
  set(out "${CMAKE_CURRENT_BINARY_DIR}/${target}_embedded.cc")
  set(script "${PROJECT_SOURCE_DIR}/cmake/embed_gen.cmake")
  set(abs_files "")
  foreach(f ${ARGN})
    list(APPEND abs_files "${base_dir}/${f}")
  endforeach()
  set(list_file "${CMAKE_CURRENT_BINARY_DIR}/${target}_embedded.list")
  file(WRITE "${list_file}.tmp" "${ARGN}")
  file(COPY_FILE "${list_file}.tmp" "${list_file}" ONLY_IF_DIFFERENT)
  add_custom_command(
    OUTPUT "${out}"
    COMMAND ${CMAKE_COMMAND} -DBASE_DIR=${base_dir} -DLIST_FILE=${list_file} -DOUT=${out} -P ${script}
    DEPENDS ${abs_files} ${script} ${list_file}
    COMMENT "Embedding data files into ${target}")
  target_sources(${target} PRIVATE "${out}")
endfunction()

# zj_module(NAME PUBLIC_DEPS... [PRIVATE PRIVATE_DEPS...]) — a module library from the *.cc files
# in the current source directory with public headers under include/. A module whose sources are
# not written yet is an INTERFACE library so that the tree still configures.
function(zj_module name)
  cmake_parse_arguments(ARG "" "" "PUBLIC;PRIVATE" ${ARGN})
  file(GLOB srcs CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cc)
  if(srcs)
    add_library(${name} STATIC ${srcs})
    target_include_directories(${name} PUBLIC include)
    target_link_libraries(${name} PUBLIC ${ARG_PUBLIC} PRIVATE ${ARG_PRIVATE} zj_warnings)
  else()
    add_library(${name} INTERFACE)
    target_include_directories(${name} INTERFACE include)
    target_link_libraries(${name} INTERFACE ${ARG_PUBLIC})
  endif()
endfunction()
