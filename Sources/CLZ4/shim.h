#ifndef SWITCHBOARD_CLZ4_SHIM_H
#define SWITCHBOARD_CLZ4_SHIM_H
#include <lz4.h>
#include <lz4frame.h>
#endif
