// The report page's files (engine/src/report/page/), embedded at build time
// by cmake/embed_files.cmake so that the binary needs nothing beside it.
#pragma once

#include <string_view>

namespace parallax::page {

extern const std::string_view kReportHtml;  // the mustache template
extern const std::string_view kReportCss;
extern const std::string_view kReportJs;

}  // namespace parallax::page
