// The whitelist is read first: https://example.org/blob/master/x.md
class Pool {
    int slaveCount = 0;
    string path = @"C:\temp\"" // the dummy value";
    int Mastercard = 1;
}
