/* pm_api — PM_API marks the functions libplanmap exports.
 *
 * The library is compiled with hidden symbols (-fvisibility=hidden): only a
 * function declared with PM_API is in libplanmap.so's dynamic symbol table,
 * so the shared library's ABI is exactly the declarations under
 * include/planmap/. Internal functions stay callable inside the library and
 * from the static archive (the program and the unit tests link it). */
#ifndef PM_API_H
#define PM_API_H

#if defined(__GNUC__) || defined(__clang__)
#define PM_API __attribute__((visibility("default")))
#else
#define PM_API
#endif

#endif
