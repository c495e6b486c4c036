// The whitelist is read first: https://example.org/blob/master/x.md
const slaveCount: number = 0;
const note = `see // the dummy value`;
const webmaster = 1;
