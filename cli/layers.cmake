# One static library per layer of cli/ (stackctl_<folder>, the folder's .cpp
# files, recursively), linked to exactly the layers that cli/layers.txt allows
# it to include, so that the link follows the written layering. A layer with
# no .cpp file yet (a folder being created) is an INTERFACE library; a folder
# of cli/ that the list does not name fails the configure.
#
# Sets STACKCTL_LAYERS (in list order) and STACKCTL_LAYER_LIBRARIES (their
# targets); stackctl_layer_uses() adds a layer's third-party libraries.

set(_layers_file ${CMAKE_CURRENT_LIST_DIR}/layers.txt)
set(_cli ${CMAKE_CURRENT_LIST_DIR})
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${_layers_file})

# ---- the list ----------------------------------------------------------------
set(STACKCTL_LAYERS "")
set(_standalone "")
file(STRINGS ${_layers_file} _lines)
foreach(_line IN LISTS _lines)
  string(STRIP "${_line}" _line)
  if(_line STREQUAL "" OR _line MATCHES "^#")
    continue()
  endif()
  if(_line MATCHES "^standalone +([a-z0-9_]+)$")
    list(APPEND _standalone ${CMAKE_MATCH_1})
    continue()
  endif()
  if(NOT _line MATCHES "^([a-z0-9_]+):(.*)$")
    message(FATAL_ERROR "cli/layers.txt: cannot read \"${_line}\": write \"folder: lower folders...\", "
                        "\"folder: *\" or \"standalone folder\"")
  endif()
  set(_layer ${CMAKE_MATCH_1})
  string(STRIP "${CMAKE_MATCH_2}" _allowed)
  if(_layer IN_LIST STACKCTL_LAYERS OR _layer IN_LIST _standalone)
    message(FATAL_ERROR "cli/layers.txt: ${_layer} is listed twice")
  endif()
  if(_allowed STREQUAL "*")
    set(_allowed ${STACKCTL_LAYERS})
  else()
    separate_arguments(_allowed UNIX_COMMAND "${_allowed}")
    foreach(_lower IN LISTS _allowed)
      if(NOT _lower IN_LIST STACKCTL_LAYERS)
        message(FATAL_ERROR "cli/layers.txt: ${_layer} may include only layers listed before it, "
                            "and \"${_lower}\" is not one")
      endif()
    endforeach()
  endif()
  list(APPEND STACKCTL_LAYERS ${_layer})
  set(STACKCTL_LAYER_${_layer}_ALLOWED ${_allowed})
endforeach()

# ---- every folder of cli/ is in the list -------------------------------------
file(GLOB _entries RELATIVE ${_cli} ${_cli}/*)
foreach(_entry IN LISTS _entries)
  if(IS_DIRECTORY ${_cli}/${_entry})
    if(NOT _entry IN_LIST STACKCTL_LAYERS AND NOT _entry IN_LIST _standalone)
      message(FATAL_ERROR "cli/${_entry}/ is not in the list of layers: add it to cli/layers.txt with the "
                          "layers it may include (or as standalone), so the build and the layering test know it")
    endif()
  elseif(_entry MATCHES "\\.(cpp|hpp|h|cc)$" AND NOT _entry STREQUAL "main.cpp")
    message(FATAL_ERROR "cli/${_entry}: only main.cpp lives directly in cli/; put it in the folder of its layer")
  endif()
endforeach()

# ---- the libraries -----------------------------------------------------------
set(STACKCTL_LAYER_LIBRARIES "")
foreach(_layer IN LISTS STACKCTL_LAYERS)
  # Globbed even when the folder does not exist yet, so that its first file
  # re-runs the configure.
  file(GLOB_RECURSE _sources CONFIGURE_DEPENDS ${_cli}/${_layer}/*.cpp)
  set(_target stackctl_${_layer})
  if(_sources)
    add_library(${_target} STATIC ${_sources})
    set(_scope PUBLIC)
  else()
    add_library(${_target} INTERFACE)
    set(_scope INTERFACE)
  endif()
  target_include_directories(${_target} ${_scope} ${_cli})
  foreach(_lower IN LISTS STACKCTL_LAYER_${_layer}_ALLOWED)
    target_link_libraries(${_target} ${_scope} stackctl_${_lower})
  endforeach()
  list(APPEND STACKCTL_LAYER_LIBRARIES ${_target})
endforeach()

# stackctl_layer_uses(<layer> PUBLIC|PRIVATE <libs>... ...): the third-party
# libraries a layer uses; PUBLIC when its headers include them. On a layer
# that is still an INTERFACE library both become INTERFACE.
function(stackctl_layer_uses layer)
  get_target_property(_type stackctl_${layer} TYPE)
  set(_args ${ARGN})
  if(_type STREQUAL "INTERFACE_LIBRARY")
    list(TRANSFORM _args REPLACE "^(PUBLIC|PRIVATE)$" "INTERFACE")
  endif()
  target_link_libraries(stackctl_${layer} ${_args})
endfunction()
