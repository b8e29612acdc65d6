/* A shared library only one host has (it lives in that host's private /tmp). */
int greet(int n) { return 3 * n + 1; }
