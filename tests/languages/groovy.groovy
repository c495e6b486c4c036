// The whitelist is read first: https://example.org/blob/master/x.md
def slaveCount = 0
def note = 'see // the dummy value'
def webmaster = 1
