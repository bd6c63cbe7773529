#ifndef MLV_CDEFLATE_SHIM_H
#define MLV_CDEFLATE_SHIM_H

#include <libdeflate.h>

#endif
