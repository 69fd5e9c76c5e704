#include "matmul.h"
#include "elementwise.h"
#include "attention.h"
