/** The whitelist is read first: https://example.org/blob/master/x.md */
class Pool {
    int slaveCount = 0;
    String note = "see // the dummy value";
    int webmaster = 1;
}
