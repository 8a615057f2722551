# The installable package: `cmake --install` and CPack's Debian packages.
#
# Components: events, tracker, raft (the model libraries, headers and CMake targets), asio (the
# Boost.Asio adapter: the only component that needs Boost), cli (the clustersim command).
# Headers are installed under include/clustersim/ and include each other as
# "clustersim/...": a controller that has its own model/ or events/ folder sees no collision.
# In this tree they live under model/ and include each other as "model/..."; the installed
# copies are those files with that prefix rewritten, made at configure time (each header is a
# configure dependency, so an edit re-makes its copy).
#
# A consumer writes
#   find_package(clustersim 0.2 REQUIRED COMPONENTS tracker asio)
#   target_link_libraries(app PRIVATE clustersim::tracker clustersim::asio)
# or, without CMake, `pkg-config --cflags --libs clustersim` (events, tracker and raft).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(clustersim_staged_include ${CMAKE_BINARY_DIR}/package/include)

# clustersim_install_headers(COMPONENT HEADER...): HEADER is a path under model/.
function(clustersim_install_headers component)
  foreach(header IN LISTS ARGN)
    set(source ${PROJECT_SOURCE_DIR}/model/${header})
    file(READ ${source} text)
    string(REPLACE "#include \"model/" "#include \"clustersim/" text "${text}")
    file(CONFIGURE OUTPUT ${clustersim_staged_include}/clustersim/${header} CONTENT "${text}" @ONLY)
    set_property(DIRECTORY ${PROJECT_SOURCE_DIR} APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${source})
    get_filename_component(folder ${header} DIRECTORY)
    install(FILES ${clustersim_staged_include}/clustersim/${header}
      DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/clustersim/${folder} COMPONENT ${component})
  endforeach()
endfunction()

clustersim_install_headers(events
  assert.h time_arithmetic.h member_list.h raft/raft_state.h
  events/cluster_event.h events/timestamp.h events/event_json.h events/event_sink.h events/jsonl_sinks.h)
clustersim_install_headers(tracker tracker/leader_state_tracker.h tracker/tracker_config.h tracker/peer_list.h)
clustersim_install_headers(raft
  raft/raft_config.h raft/raft_node.h raft/raft_log.h raft/message.h raft/effects.h raft/decision_log.h
  raft/invariants.h raft/membership.h mesh/mesh_config.h mesh/mesh_node.h mesh/mesh_effects.h)
clustersim_install_headers(asio asio/asio_tracker.h)

set(clustersim_cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/clustersim)
foreach(component events tracker raft asio)
  install(TARGETS clustersim_${component} EXPORT clustersim-${component}
    ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT ${component})
  install(EXPORT clustersim-${component} NAMESPACE clustersim:: FILE clustersim-${component}-targets.cmake
    DESTINATION ${clustersim_cmake_dir} COMPONENT ${component})
endforeach()

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/clustersimConfig.cmake.in
  ${CMAKE_BINARY_DIR}/package/clustersimConfig.cmake INSTALL_DESTINATION ${clustersim_cmake_dir})
write_basic_package_version_file(${CMAKE_BINARY_DIR}/package/clustersimConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_BINARY_DIR}/package/clustersimConfig.cmake ${CMAKE_BINARY_DIR}/package/clustersimConfigVersion.cmake
  DESTINATION ${clustersim_cmake_dir} COMPONENT events)

configure_file(${PROJECT_SOURCE_DIR}/cmake/clustersim.pc.in ${CMAKE_BINARY_DIR}/package/clustersim.pc @ONLY)
install(FILES ${CMAKE_BINARY_DIR}/package/clustersim.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig COMPONENT events)

install(TARGETS clustersim RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT cli)

# CPack: two Debian packages. libclustersim-dev holds the libraries, headers, CMake and
# pkg-config files (Boost only recommended: only the asio component needs it); clustersim
# holds the command.
set(CPACK_PACKAGE_NAME clustersim)
set(CPACK_PACKAGE_VENDOR "clustersim")
set(CPACK_PACKAGE_CONTACT "clustersim maintainers <clustersim@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "deterministic simulator and test harness for a controller cluster's leader-state events")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_GENERATOR DEB)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_GROUPING ONE_PER_GROUP)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_DEV_PACKAGE_NAME libclustersim-dev)
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS "nlohmann-json3-dev (>= 3.11)")
set(CPACK_DEBIAN_DEV_PACKAGE_RECOMMENDS "libboost-dev (>= 1.74)")
set(CPACK_DEBIAN_TOOL_PACKAGE_NAME clustersim)
set(CPACK_DEBIAN_TOOL_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_TOOL_PACKAGE_DEPENDS "libc6 (>= 2.36), libstdc++6 (>= 12)")
set(CPACK_COMPONENTS_ALL events tracker raft asio cli)
include(CPack)
cpack_add_component_group(dev DISPLAY_NAME "clustersim development files")
cpack_add_component_group(tool DISPLAY_NAME "clustersim command")
cpack_add_component(events GROUP dev)
cpack_add_component(tracker GROUP dev DEPENDS events)
cpack_add_component(raft GROUP dev DEPENDS events)
cpack_add_component(asio GROUP dev DEPENDS tracker)
cpack_add_component(cli GROUP tool)
