#include "CSluiceSystem.h"
