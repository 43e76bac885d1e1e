#include "compat.h"
int main(void);
int main(void) { return 77; }
