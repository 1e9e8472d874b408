// Stand-in runtime kernel: an int8 dot product (freestanding C++11).
#ifndef DEMO_RT_DOT_H
#define DEMO_RT_DOT_H

#include <stdint.h>

namespace demo_rt {
int32_t dot_s8(const int8_t* a, const int8_t* b, int32_t n);
}

#endif
