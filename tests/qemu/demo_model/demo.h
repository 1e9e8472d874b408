// Stand-in for a folder `tinyc compile` emits: a "model" of one fully
// connected layer with kUnits outputs over kDepth int8 inputs, no bias,
// output = dot >> 8 (saturated to int8).
#ifndef DEMO_H
#define DEMO_H

#include <stdint.h>

enum { kDemoDepth = 32, kDemoUnits = 8 };

void demo_invoke(const int8_t* input, int8_t* output);

#endif
