/* The whitelist is read first: https://example.org/blob/master/x.md */
#define SLAVE_COUNT 4
static const char *note = "see // the dummy value";
int webmaster_id = 0; // a Mastercard number
