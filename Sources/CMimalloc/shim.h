#ifndef SWITCHBOARD_CMIMALLOC_SHIM_H
#define SWITCHBOARD_CMIMALLOC_SHIM_H
// mimalloc: linked into the switchboard executable ahead of the C library, it serves every malloc.
#include <mimalloc.h>
#endif
