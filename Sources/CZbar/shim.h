// Shim for the system library zbar (Debian: libzbar-dev).
#ifndef CZbar_SHIM_H
#define CZbar_SHIM_H
#include <zbar.h>
#endif
