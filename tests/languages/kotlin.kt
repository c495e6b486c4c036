// The whitelist is read first: https://example.org/blob/master/x.md
val slaveCount = 0
val note = """see // the
dummy value"""
val webmaster = 1
