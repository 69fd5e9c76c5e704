#include "matmul.h"
#include "elementwise.h"
