#include "cruntime.h"
