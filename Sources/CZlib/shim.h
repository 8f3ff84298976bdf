// Shim for the system library zlib (Debian: zlib1g-dev).
#ifndef CZlib_SHIM_H
#define CZlib_SHIM_H
#include <zlib.h>
#endif
