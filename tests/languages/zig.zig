// The whitelist is read first: https://example.org/blob/master/x.md
const slave_count = 0;
const note =
    \\see // the dummy value
;
const webmaster = 1;
