/* Empty: CVenv only exposes include/venv.h to Swift. */
#include "venv.h"
