// The whitelist is read first: https://example.org/blob/master/x.md
let slaveCount = 0
let note = #"see "// the" dummy value"#
let webmaster = 1
