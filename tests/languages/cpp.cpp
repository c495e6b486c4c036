// The whitelist is read first: https://example.org/blob/master/x.md
class SlaveNode {};
auto raw = R"x(see // the dummy value)x";
int Mastercard = 0;
