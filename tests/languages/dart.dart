// The whitelist is read first: https://example.org/blob/master/x.md
var slaveCount = 0;
var note = 'see // the dummy value';
var webmaster = 1;
