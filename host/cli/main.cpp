#include <cstdio>
int main() { std::puts("hourglass skeleton"); return 0; }
