#include "CMLVKernels.h"
int mlv_kernel_variant_id(void) { return 0; }
