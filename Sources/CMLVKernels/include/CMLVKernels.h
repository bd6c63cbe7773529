#ifndef CMLVKERNELS_H
#define CMLVKERNELS_H
#include <stddef.h>
#include <stdint.h>
/* placeholder, replaced by the kernel commit */
int mlv_kernel_variant_id(void);
#endif
