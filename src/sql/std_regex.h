// <regex>, included with the one warning workaround it needs: GCC 12 reports a false
// -Wmaybe-uninitialized inside <regex> when built with sanitizers (GCC bug 105562). The pragma
// covers the header's own lines only. Include this instead of <regex>.
#ifndef SQL_STD_REGEX_H_
#define SQL_STD_REGEX_H_

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <regex>
#pragma GCC diagnostic pop
#else
#include <regex>
#endif

#endif  // SQL_STD_REGEX_H_
