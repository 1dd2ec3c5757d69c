# SPDX-License-Identifier: MIT
# Project-wide build options: tests, sanitizers, ccache, precompiled headers, warnings.
option(ADSTUDIO_BUILD_TESTS "Build the Qt Test suites" ON)
option(ADSTUDIO_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
option(ADSTUDIO_PCH "Precompile torch headers for the torch-heavy targets" ON)

find_program(CCACHE_PROGRAM ccache)
if(CCACHE_PROGRAM)
  # The settings travel with every compile (an ENV set here would reach only the configure
  # step): PCH and ccache agree only when ccache ignores the .gch timestamps, and paths under the
  # source folder are hashed relative to it, so a fresh clone elsewhere reuses the cache.
  set(CMAKE_CXX_COMPILER_LAUNCHER
      ${CMAKE_COMMAND} -E env
      "CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime"
      "CCACHE_BASEDIR=${PROJECT_SOURCE_DIR}" CCACHE_NOHASHDIR=true ${CCACHE_PROGRAM})
endif()

if(NOT CMAKE_BUILD_TYPE AND NOT CMAKE_CONFIGURATION_TYPES)
  set(CMAKE_BUILD_TYPE RelWithDebInfo CACHE STRING "Build type" FORCE)
endif()

add_compile_options(-Wall -Wextra -Wno-unused-parameter)

if(ADSTUDIO_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()

# Gives a torch-heavy target the shared precompiled torch header.
function(adstudio_torch_pch target)
  if(ADSTUDIO_PCH)
    target_precompile_headers(${target} PRIVATE <torch/torch.h>)
  endif()
endfunction()
