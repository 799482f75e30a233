# Writes a C++ source that defines each input file's bytes as a
# std::string_view constant: cmake -DOUT=x.cc -DNAMES="kA;kB" -DFILES="a;b" -P embed_files.cmake
set(_out "// Generated from ${FILES} by cmake/embed_files.cmake: do not edit.\n#include <string_view>\n\nnamespace parallax::page {\n")
list(LENGTH NAMES _count)
math(EXPR _last "${_count} - 1")
foreach(_i RANGE ${_last})
  list(GET NAMES ${_i} _name)
  list(GET FILES ${_i} _file)
  file(READ "${_file}" _hex HEX)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," _bytes "${_hex}")
  string(APPEND _out "namespace {\nconstexpr unsigned char ${_name}Bytes[] = {${_bytes}};\n}  // namespace\n"
                     "extern const std::string_view ${_name}(reinterpret_cast<const char*>(${_name}Bytes), sizeof ${_name}Bytes);\n")
endforeach()
string(APPEND _out "\n}  // namespace parallax::page\n")
file(WRITE "${OUT}.tmp" "${_out}")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUT}.tmp")
