// The whitelist is read first: https://example.org/blob/master/x.md
package pool

var slaveCount = 0
var note = `see // the dummy value`
var Mastercard = 1
