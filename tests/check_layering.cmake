# SPDX-License-Identifier: MIT
# Fails when core/ or models/ include a widget or chart header: the layers go one way only.
foreach(dir core models)
  file(GLOB_RECURSE sources "${SOURCE_DIR}/${dir}/*.h" "${SOURCE_DIR}/${dir}/*.cpp")
  foreach(source ${sources})
    file(STRINGS "${source}" hits REGEX "#[ \t]*include[ \t]*<(QtWidgets|QtCharts|QWidget|QMainWindow|QDialog|QApplication|QChart|QChartView|QAbstractButton|QLabel)[/>]")
    if(hits)
      message(FATAL_ERROR "${source} includes a widget/chart header: ${hits}")
    endif()
  endforeach()
endforeach()
# Torch stays out of public core headers. Private headers live in a detail/ folder, and no
# public header may include one.
file(GLOB_RECURSE headers "${SOURCE_DIR}/core/*.h")
foreach(header ${headers})
  if(header MATCHES "/detail/")
    continue()
  endif()
  file(STRINGS "${header}" hits REGEX "#[ \t]*include[ \t]*[<\"](torch/|[a-z_]+/detail/)")
  if(hits)
    message(FATAL_ERROR "${header} is a public core header that includes torch or a private detail header (slow builds): ${hits}")
  endif()
endforeach()
message(STATUS "layering ok")
