// The whitelist is read first: https://example.org/blob/master/x.md
object Pool {
  val slaveCount = 0
  val note = "see // the dummy value"
  val webmaster = 1
}
